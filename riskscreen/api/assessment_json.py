"""An Assessment as AssessmentSchema dumps it, built directly (the screening hot path).

ScreenResponseSchema (screening_schemas.py) stays the documented contract of the answer: it
generates the OpenAPI document. Dumping with it (after dataclasses.asdict) cost about 0.8 ms
a document, several times the rest of the request outside the engine, so these functions
write the same dict by hand: same fields, same order, same conversions (int, float, str,
None kept as null). tests/api/test_assessment_json.py checks them against the schema's dump.
"""

from __future__ import annotations

from typing import Any

from riskscreen.engine.assessment import Advice, Assessment, IndicatorFound, Reason, Span


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def span_json(span: Span) -> dict[str, Any]:
    return {"start": int(span.start), "end": int(span.end), "evidence": str(span.evidence)}


def reason_json(reason: Reason) -> dict[str, Any]:
    return {
        "source": str(reason.source),
        "contribution": float(reason.contribution),
        "label": _str(reason.label),
        "indicator": _str(reason.indicator),
        "rule_id": _str(reason.rule_id),
        "term": _str(reason.term),
        "spans": None if reason.spans is None else [span_json(s) for s in reason.spans],
        "detail": None if reason.detail is None else dict(reason.detail),
    }


def indicator_json(found: IndicatorFound) -> dict[str, Any]:
    return {"id": str(found.id), "name": str(found.name), "group": str(found.group),
            "hits": int(found.hits), "contribution": float(found.contribution)}


def advice_json(advice: Advice) -> dict[str, Any]:
    return {"indicator": str(advice.indicator), "name": str(advice.name),
            "advice": str(advice.advice)}


def assessment_json(assessment: Assessment, external_id: str | None,
                    screening_id: str) -> dict[str, Any]:
    """One item of `results`: the caller's id, the stored screening's id and the answer."""
    return {
        "id": _str(external_id),
        "screening_id": screening_id,
        "kind": str(assessment.kind),
        "language": _str(assessment.language),
        "score": float(assessment.score),
        "band": str(assessment.band),
        "logit": float(assessment.logit),
        "indicators": [indicator_json(i) for i in assessment.indicators],
        "reasons": [reason_json(r) for r in assessment.reasons],
        "advice": [advice_json(a) for a in assessment.advice],
        "versions": {str(k): str(v) for k, v in assessment.versions.items()},
        "trace": None if assessment.trace is None else dict(assessment.trace),
    }
