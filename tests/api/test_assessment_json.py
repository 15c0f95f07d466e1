"""The screening answer is built without marshmallow, but must be what the schema would dump.

ScreenResponseSchema documents the answer in the OpenAPI spec; assessment_json and
fastjson write it on the hot path. These tests hold the two together.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace

import numpy as np
import pytest

from riskscreen.api.assessment_json import assessment_json
from riskscreen.api.fastjson import dumps, json_response
from riskscreen.api.screening_schemas import ScreenResponseSchema
from riskscreen.engine.document import Document

TEXTS = [
    "Factory workers wanted in Malaysia. Each worker pays a recruitment fee of USD 1,500 "
    "before departure. The company keeps your passport during the contract.",
    "Hillside Hospital, Leeds, is hiring a staff nurse. Salary GBP 32,000 a year, 37.5 hours "
    "a week. Apply through our careers page.",
    "Se buscan trabajadoras para limpieza. La agencia cobra una tarifa de reclutamiento y "
    "guarda los pasaportes. Contacto solo por WhatsApp.",
]


def schema_dump(assessment, external_id, screening_id):
    """What the view answered before: asdict, then the documented schema's dump."""
    view = asdict(assessment)
    view.update(id=external_id, screening_id=screening_id)
    return ScreenResponseSchema().dump({"results": [view]})


@pytest.fixture
def screener(app):
    return app.extensions["riskscreen.engine"].current()


@pytest.mark.parametrize("explain", [False, True])
@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("external_id", ["ad-1", None])
def test_the_hand_built_answer_equals_the_schema_dump(app, screener, text, explain, external_id):
    assessment = screener.screen(Document(text=text, kind="job_ad"), explain=explain)
    built = {"results": [assessment_json(assessment, external_id, "0123456789abcdef")]}
    expected = schema_dump(assessment, external_id, "0123456789abcdef")
    assert built == expected
    assert list(built["results"][0]) == list(expected["results"][0])  # same field order
    with app.app_context():
        assert json.loads(dumps(built)) == json.loads(app.json.dumps(expected))


def test_audits_and_fields_give_the_same_answer_as_the_schema(screener):
    document = Document(text="Passports of migrant workers were held by the HR office.",
                       kind="audit", fields={"hours_per_week": 84.0, "country": "MY"})
    assessment = screener.screen(document)
    assert {"results": [assessment_json(assessment, "a", "s")]} == schema_dump(
        assessment, "a", "s")


def test_numpy_numbers_are_plain_numbers(app, screener):
    assessment = screener.screen(Document(text=TEXTS[0], kind="job_ad"))
    odd = replace(assessment, score=np.float64(assessment.score),
                  trace={"total": np.float32(1.5), "count": np.int64(3), 7: "int key"})
    built = assessment_json(odd, None, "s")
    with app.app_context():
        decoded = json.loads(dumps(built))
    assert decoded["score"] == pytest.approx(assessment.score)
    assert decoded["trace"] == {"total": 1.5, "count": 3, "7": "int key"}


def test_json_response_looks_like_jsonify(app):
    body = {"results": [{"evidence": "pasaportes y tarifa", "score": 12.5, "none": None}]}
    with app.test_request_context():
        response = json_response(body)
        reference = app.json.response(body)
    assert response.status_code == 200
    assert response.mimetype == reference.mimetype == "application/json"
    assert response.get_data().endswith(b"\n")
    assert json.loads(response.get_data()) == json.loads(reference.get_data())
