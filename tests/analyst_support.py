"""Fixtures of the analyst tests: an app on the small rules fixture, keys, data helpers.

Import the fixtures into a test module: `from tests.analyst_support import analyst_app, ...`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from riskscreen.store.keys import create_key
from tests.conftest import make_test_app

RULES = Path(__file__).parent / "analysis" / "fixtures" / "rules"
FALSE_POSITIVE = "Accountant wanted in Leeds. Our service fees for tax advice are listed online."
RISKY = ("Factory work abroad. A placement fee of USD 1,500 is paid before departure. "
         "Passports are kept by the company. We recruit for a confidential client.")

FIXED_FEES_RULE = {
    "id": "fees_terms",
    "title": "Recruitment fee named",
    "description": "The text names a fee of the kind recruiters charge workers.",
    "indicator": "recruitment_fees",
    "status": "stable",
    "weight": 2.0,
    "languages": ["en"],
    "patterns": [{"phrases": ["recruitment fee", "recruitment fees", "placement fee",
                              "placement fees", "agency fee"]}],
    "examples": {
        "match": ["A placement fee of USD 1,500 is paid before departure."],
        "no_match": ["No recruitment fees: the employer pays all costs.",
                     "Our service fees for tax advice are listed online."],
    },
}


def analyst_config(tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    models = tmp_path / "models"
    models.mkdir(exist_ok=True)
    config = {"RULES_PATH": str(RULES), "MODELS_PATH": str(models),
              "RULESET_POLL_SECONDS": 0.0, "JOB_EXECUTOR": "sync"}
    config.update(overrides)
    return config


@pytest.fixture
def analyst_app(tmp_path: Path) -> Flask:
    return make_test_app(tmp_path, **analyst_config(tmp_path))


@pytest.fixture
def api(analyst_app: Flask) -> FlaskClient:
    return analyst_app.test_client()


KeyMaker = Callable[..., dict[str, str]]


def key_maker(app: Flask) -> KeyMaker:
    def make(tenant: str = "acme", role: str = "analyst") -> dict[str, Any]:
        with app.extensions["riskscreen.store"].transaction() as session:
            row, secret = create_key(session, tenant_name=tenant, role=role)
            key_id = row.key_id
        return {"key_id": key_id, "auth": {"Authorization": f"Bearer {secret}"}}

    return make


@pytest.fixture
def keys(analyst_app: Flask) -> KeyMaker:
    return key_maker(analyst_app)


def jsonl(records: list[dict[str, Any]]) -> str:
    return "\n".join(json.dumps(r) for r in records)


def labelled(i: int, text: str, label: str, indicators: list[str] | None = None,
             kind: str = "job_ad") -> dict[str, Any]:
    return {"id": f"t-{i}", "kind": kind, "text": text, "label": label,
            "indicators": indicators or [], "language": "en"}


LABELLED = [
    labelled(1, FALSE_POSITIVE, "no_risk"),
    labelled(2, "Tax office clerk. Service fees are set by the ministry.", "no_risk"),
    labelled(3, "A placement fee of USD 1,500 is paid before departure.", "risk",
             ["recruitment_fees"]),
    labelled(4, "Service fee of PHP 25,000 to be settled at our office.", "risk",
             ["recruitment_fees"]),
    labelled(5, "Passports are kept by the company. We recruit for a confidential client.",
             "risk", ["retention_of_documents", "hidden_employer"]),
    labelled(6, "Workers keep their passports. Salary paid monthly.", "no_risk"),
    labelled(7, "Debts to the agent are repaid from wages.", "risk", ["debt_bondage"]),
]
