"""Schemas of the analyst API: rules, drafts, ruleset versions, backtests, feedback, models."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from riskscreen.api.schemas import PageArgs, StrictSchema
from riskscreen.api.screening_schemas import LANGUAGES
from riskscreen.engine.document import KINDS

MAX_JSONL_CHARS = 20_000_000
RULE_ID = validate.Regexp(r"^[a-z0-9_]+$")


class VersionArgs(StrictSchema):
    version = fields.String(metadata={"description": "A ruleset version; default: the active one"})


# -- rules and indicators ------------------------------------------------------------------


class RuleSummarySchema(StrictSchema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    indicator = fields.String(required=True)
    status = fields.String(required=True)
    weight = fields.Float(required=True)
    languages = fields.List(fields.String(), required=True)
    kinds = fields.List(fields.String(), required=True)
    file = fields.String(required=True)


class RuleListSchema(StrictSchema):
    version = fields.String(required=True)
    rules = fields.List(fields.Nested(RuleSummarySchema), required=True)


class RuleDetailSchema(RuleSummarySchema):
    version = fields.String(required=True)
    description = fields.String(required=True)
    references = fields.List(fields.String(), required=True)
    negatable = fields.Boolean(required=True)
    definition = fields.Dict(required=True, metadata={"description": "The rule file as data"})
    yaml = fields.String(required=True, metadata={"description": "The rule file as written"})


class IndicatorSchema(StrictSchema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    group = fields.String(required=True)
    source = fields.String(required=True)
    description = fields.String(required=True)
    remediation = fields.String(required=True)
    rules = fields.List(fields.String(), required=True)


class IndicatorListSchema(StrictSchema):
    version = fields.String(required=True)
    indicators = fields.List(fields.Nested(IndicatorSchema), required=True)


class RuleTextSchema(StrictSchema):
    """A rule as JSON (`rule`) or as the YAML text of a rule file (`yaml`): exactly one."""

    rule = fields.Dict(metadata={"description": "The rule as JSON, keys as in a rule file"})
    yaml = fields.String(validate=validate.Length(1, 200_000),
                         metadata={"description": "The rule file's YAML text"})

    @validates_schema
    def one_form(self, data: dict[str, Any], **_: Any) -> None:
        if ("rule" in data) == ("yaml" in data):
            raise ValidationError("Send exactly one of `rule` (JSON) or `yaml` (text).", "rule")


class DraftCreateSchema(RuleTextSchema):
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class DraftSchema(StrictSchema):
    id = fields.String(required=True)
    rule_id = fields.String(required=True)
    change = fields.String(required=True, metadata={"description": "new or changed"})
    status = fields.String(required=True)
    base_version = fields.String(required=True)
    note = fields.String(required=True)
    yaml = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    created_by = fields.String(required=True)
    decided_at = fields.DateTime(allow_none=True)
    decided_by = fields.String(allow_none=True)
    included_in = fields.String(allow_none=True)


class DraftListArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(("proposed", "accepted", "rejected",
                                                    "included")))
    rule_id = fields.String(validate=RULE_ID)


class DraftPageSchema(StrictSchema):
    total = fields.Integer(required=True)
    items = fields.List(fields.Nested(DraftSchema), required=True)


class TrySchema(StrictSchema):
    rule = fields.Dict()
    yaml = fields.String(validate=validate.Length(1, 200_000))
    draft = fields.String(metadata={"description": "A stored draft's id instead of a rule"})
    text = fields.String(required=True, validate=validate.Length(1, 100_000))
    kind = fields.String(load_default="job_ad", validate=validate.OneOf(KINDS))
    language = fields.String(validate=validate.OneOf(LANGUAGES))
    fields_ = fields.Dict(data_key="fields", attribute="fields", load_default=dict,
                          metadata={"description": "Structured fields (hours_per_week, wage...)"})

    @validates_schema
    def one_form(self, data: dict[str, Any], **_: Any) -> None:
        if sum(key in data for key in ("rule", "yaml", "draft")) != 1:
            raise ValidationError("Send exactly one of `rule`, `yaml` or `draft`.", "rule")


class HitSchema(StrictSchema):
    rule_id = fields.String(required=True)
    indicator = fields.String(required=True)
    start = fields.Integer(allow_none=True)
    end = fields.Integer(allow_none=True)
    evidence = fields.String(required=True)
    sentence = fields.String(allow_none=True)
    weight = fields.Float(required=True)
    status = fields.String(required=True)


class SuppressedSchema(HitSchema):
    cue = fields.String(required=True)
    cue_start = fields.Integer(required=True)
    cue_end = fields.Integer(required=True)


class TryResultSchema(StrictSchema):
    rule_id = fields.String(required=True)
    language = fields.String(required=True)
    hits = fields.List(fields.Nested(HitSchema), required=True)
    suppressed = fields.List(fields.Nested(SuppressedSchema), required=True)
    example_failures = fields.Dict(required=True, metadata={
        "description": "Examples of the rule that fail (field -> messages); a draft with "
                       "failing examples is refused"})


# -- ruleset versions ---------------------------------------------------------------------


class RulesetSchema(StrictSchema):
    version = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    created_by = fields.String(required=True)
    parent = fields.String(allow_none=True)
    note = fields.String(required=True)
    rule_count = fields.Integer(required=True)
    changes = fields.Dict(required=True)
    active = fields.Boolean(required=True)


class RulesetDetailSchema(RulesetSchema):
    files = fields.List(fields.String(), required=True)
    diff = fields.Dict(allow_none=True, metadata={
        "description": "Rules added, removed and changed against the parent version"})


class RulesetPageSchema(StrictSchema):
    active = fields.String(allow_none=True)
    total = fields.Integer(required=True)
    items = fields.List(fields.Nested(RulesetSchema), required=True)


class RulesetCreateSchema(StrictSchema):
    base = fields.String(metadata={"description": "Version to start from; default: active"})
    drafts = fields.List(fields.String(), metadata={
        "description": "Accepted draft ids to include; default: every accepted draft"})
    remove = fields.List(fields.String(validate=RULE_ID), load_default=list,
                         metadata={"description": "Rule ids to leave out"})
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class ActivationSchema(StrictSchema):
    active = fields.String(required=True)
    previous = fields.String(allow_none=True)


# -- labelled data, backtests -------------------------------------------------------------


class LabelledDataSchema(StrictSchema):
    data = fields.List(fields.String(validate=validate.OneOf(("corpus", "feedback", "upload"))),
                       load_default=lambda: ["corpus"], validate=validate.Length(min=1),
                       metadata={"description": "Labelled sets to use: corpus (data/corpus), "
                                                "feedback (your tenant's), upload (jsonl)"})
    split = fields.String(load_default="all", validate=validate.OneOf(("all", "train", "test")),
                          metadata={"description": "Corpus split (docs/contracts.md)"})
    kind = fields.String(validate=validate.OneOf(KINDS))
    jsonl = fields.String(validate=validate.Length(max=MAX_JSONL_CHARS), metadata={
        "description": "Labelled records in the corpus format, one JSON object a line"})

    @validates_schema
    def upload_needs_jsonl(self, data: dict[str, Any], **_: Any) -> None:
        if ("upload" in data.get("data", [])) != ("jsonl" in data):
            raise ValidationError("`jsonl` is required with data 'upload', and only then.",
                                  "jsonl")


class BacktestRequestSchema(LabelledDataSchema):
    version = fields.String(metadata={"description": "Ruleset version; default: the active one"})
    against = fields.String(metadata={
        "description": "Version to compare with; default: the active one ('none': no comparison)"})
    models = fields.String(load_default="active", validate=validate.OneOf(("active", "none")),
                           metadata={"description": "Score with the active models, or rules only"})
    model = fields.String(metadata={"description": "A model version to use instead of the "
                                                   "active model of its kind"})


class BacktestResultSchema(StrictSchema):
    data = fields.Dict(required=True)
    report = fields.Dict(required=True)
    baseline = fields.Dict(allow_none=True)
    comparison = fields.Dict(allow_none=True)


# -- feedback -----------------------------------------------------------------------------


class FeedbackCreateSchema(StrictSchema):
    label = fields.String(required=True,
                          validate=validate.OneOf(("risk_confirmed", "not_risky")))
    indicators = fields.List(fields.String(), metadata={
        "description": "The indicators the text really shows (corrected)"})
    note = fields.String(load_default="", validate=validate.Length(max=5000))
    text = fields.String(validate=validate.Length(1, 100_000), metadata={
        "description": "The screened text, so the feedback can join a labelled set when the "
                       "tenant does not retain texts (checked against the stored hash)"})


class FeedbackSchema(StrictSchema):
    id = fields.String(required=True)
    screening_id = fields.String(required=True)
    label = fields.String(required=True)
    indicators = fields.List(fields.String(), allow_none=True)
    note = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    key_id = fields.String(required=True)
    kind = fields.String(required=True)
    has_text = fields.Boolean(required=True, metadata={
        "description": "Whether this feedback can join a labelled set"})
    screened_band = fields.String(required=True)
    screened_indicators = fields.List(fields.String(), required=True)
    ruleset_version = fields.String(required=True)


class FeedbackListArgs(PageArgs):
    label = fields.String(validate=validate.OneOf(("risk_confirmed", "not_risky")))


class FeedbackPageSchema(StrictSchema):
    total = fields.Integer(required=True)
    items = fields.List(fields.Nested(FeedbackSchema), required=True)


# -- models -------------------------------------------------------------------------------


class ModelListArgs(StrictSchema):
    kind = fields.String(validate=validate.OneOf(KINDS))


class ModelSchema(StrictSchema):
    version = fields.String(required=True)
    kind = fields.String(required=True)
    created = fields.String(required=True)
    estimator = fields.String(required=True)
    threshold = fields.Float(required=True)
    active = fields.Boolean(required=True)
    test = fields.Dict(allow_none=True)
    cv = fields.Dict(allow_none=True)


class ModelListSchema(StrictSchema):
    active = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True),
                         required=True)
    items = fields.List(fields.Nested(ModelSchema), required=True)


class ModelDetailSchema(StrictSchema):
    version = fields.String(required=True)
    kind = fields.String(required=True)
    active = fields.Boolean(required=True)
    meta = fields.Dict(required=True, metadata={"description": "model.json"})


class TrainRequestSchema(LabelledDataSchema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    data = fields.List(fields.String(validate=validate.OneOf(("corpus", "feedback", "upload"))),
                       load_default=lambda: ["corpus", "feedback"],
                       validate=validate.Length(min=1))
    seed = fields.Integer(load_default=0, validate=validate.Range(0, 2**31 - 1))
    fast = fields.Boolean(load_default=False, metadata={
        "description": "One candidate (logistic regression) instead of the full comparison"})


class TrainingJobSchema(StrictSchema):
    job_id = fields.String(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "queued, running, "
                                                                    "succeeded or failed"})
    progress = fields.Float(required=True)
    message = fields.String(required=True)
    params = fields.Dict(required=True)
    result = fields.Dict(allow_none=True)
    error = fields.String(allow_none=True)
    created_at = fields.DateTime(required=True)
    created_by = fields.String(required=True)
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    status_url = fields.String(required=True)


class CompareArgs(StrictSchema):
    against = fields.String(metadata={"description": "Model version; default: the active one"})
    data = fields.String(load_default="corpus", validate=validate.OneOf(("corpus", "feedback")))
    split = fields.String(load_default="test", validate=validate.OneOf(("all", "train", "test")))


class ModelActivateSchema(StrictSchema):
    version = fields.String(required=True)


class ModelActivationSchema(StrictSchema):
    kind = fields.String(required=True)
    active = fields.String(required=True)
    previous = fields.String(allow_none=True)
