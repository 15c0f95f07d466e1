"""Schemas of document screening: what a job ad or audit request holds and what comes back."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, pre_load, validate

from riskscreen.api.schemas import PageArgs, StrictSchema
from riskscreen.engine.scoring import BANDS

MAX_TEXT_CHARS = 100_000
LANGUAGES = ("en", "es")
PERIODS = ("hour", "day", "week", "month", "year")


class MoneySchema(StrictSchema):
    amount = fields.Float(required=True, validate=validate.Range(min=0))
    currency = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{3}$"),
                             metadata={"description": "ISO 4217 code, e.g. MYR"})


class WageSchema(MoneySchema):
    period = fields.String(required=True, validate=validate.OneOf(PERIODS))


class DocumentSchema(StrictSchema):
    """Fields shared by every document kind."""

    id = fields.String(validate=validate.Length(max=200),
                       metadata={"description": "Your own id; returned with the answer."})
    text = fields.String(required=True, validate=validate.Length(1, MAX_TEXT_CHARS))
    language = fields.String(validate=validate.OneOf(LANGUAGES),
                             metadata={"description": "Declared language; detected if absent."})
    country = fields.String(validate=validate.Regexp(r"^[A-Z]{2}$"),
                            metadata={"description": "ISO 3166-1 alpha-2 of the workplace."})


class JobAdSchema(DocumentSchema):
    title = fields.String(validate=validate.Length(max=300))
    employer = fields.String(validate=validate.Length(max=300))
    wage = fields.Nested(WageSchema)
    minimum_wage = fields.Nested(WageSchema, metadata={
        "description": "The local legal minimum, to compare the wage against."})
    hours_per_week = fields.Float(validate=validate.Range(0, 168))
    fees_charged = fields.Nested(MoneySchema, metadata={
        "description": "Fees the worker is asked to pay, if the posting states them."})
    contact_channels = fields.List(fields.String(validate=validate.Length(max=100)),
                                   validate=validate.Length(max=20))
    age_min = fields.Integer(validate=validate.Range(0, 99))


class AuditSchema(DocumentSchema):
    supplier_name = fields.String(validate=validate.Length(max=300))
    sector = fields.String(validate=validate.Length(max=200))
    audit_date = fields.Date()


class ScreenRequestBase(StrictSchema):
    @pre_load
    def accept_a_single_document(self, data: Any, **_: Any) -> Any:
        """A bare document is a batch of one."""
        if isinstance(data, dict) and "documents" not in data:
            return {"documents": [data]}
        return data


class JobAdRequestSchema(ScreenRequestBase):
    documents = fields.List(fields.Nested(JobAdSchema), required=True,
                            validate=validate.Length(min=1))


class AuditRequestSchema(ScreenRequestBase):
    documents = fields.List(fields.Nested(AuditSchema), required=True,
                            validate=validate.Length(min=1))


class ScreenArgs(StrictSchema):
    explain = fields.String(load_default="summary", validate=validate.OneOf(("summary", "full")),
                            metadata={"description": "full adds the whole decision trace."})


class SpanSchema(StrictSchema):
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    evidence = fields.String(required=True, metadata={"description": "text[start:end]"})


class ReasonSchema(StrictSchema):
    source = fields.String(required=True, metadata={
        "description": "rule, classifier_term, classifier_rest, co_occurrence or prior"})
    contribution = fields.Float(required=True, metadata={"description": "log-odds added"})
    label = fields.String(required=True)
    indicator = fields.String(allow_none=True)
    rule_id = fields.String(allow_none=True)
    term = fields.String(allow_none=True)
    spans = fields.List(fields.Nested(SpanSchema))
    detail = fields.Dict()


class IndicatorFoundSchema(StrictSchema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    group = fields.String(required=True)
    hits = fields.Integer(required=True)
    contribution = fields.Float(required=True)


class AdviceSchema(StrictSchema):
    indicator = fields.String(required=True)
    name = fields.String(required=True)
    advice = fields.String(required=True)


class AssessmentSchema(StrictSchema):
    id = fields.String(allow_none=True, metadata={"description": "Your id, as sent."})
    screening_id = fields.String(required=True, metadata={"description": "Stored screening id"})
    kind = fields.String(required=True)
    language = fields.String(allow_none=True)
    score = fields.Float(required=True, metadata={"description": "0-100: 100 * sigmoid(logit)"})
    band = fields.String(required=True, metadata={
        "description": "Bands (lower bounds): "
        + ", ".join(f"{name} >= {lower:g}" for lower, name in BANDS)})
    logit = fields.Float(required=True, metadata={
        "description": "The sum of the reasons' contributions."})
    indicators = fields.List(fields.Nested(IndicatorFoundSchema), required=True)
    reasons = fields.List(fields.Nested(ReasonSchema), required=True)
    advice = fields.List(fields.Nested(AdviceSchema), required=True)
    versions = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    trace = fields.Dict(allow_none=True)


class ScreenResponseSchema(StrictSchema):
    results = fields.List(fields.Nested(AssessmentSchema), required=True)


class ScreeningListArgs(PageArgs):
    band = fields.String(validate=validate.OneOf([name for _, name in BANDS]))
    indicator = fields.String(validate=validate.Length(max=64))
    kind = fields.String(validate=validate.OneOf(("job_ad", "audit")))
    since = fields.DateTime(metadata={"description": "Only screenings at or after (ISO 8601)."})
    until = fields.DateTime(metadata={"description": "Only screenings before (ISO 8601)."})


class ScreeningSchema(StrictSchema):
    id = fields.String(attribute="public_id", required=True)
    created_at = fields.DateTime(required=True)
    kind = fields.String(required=True)
    external_id = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    score = fields.Float(required=True)
    band = fields.String(required=True)
    indicators = fields.List(fields.String(), required=True)
    ruleset_version = fields.String(required=True)
    model_version = fields.String(required=True)
    text_sha256 = fields.String(required=True)
    text = fields.String(allow_none=True)


class ScreeningPageSchema(StrictSchema):
    total = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    offset = fields.Integer(required=True)
    items = fields.List(fields.Nested(ScreeningSchema), required=True)
