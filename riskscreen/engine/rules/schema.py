"""The structure of a rule file (marshmallow 4), and its export as JSON Schema.

The marshmallow schemas are the single source of truth; `rule_json_schema()` derives the
JSON Schema printed in docs/rules.md (a test keeps the two in step).
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, validate
from marshmallow import fields as mf

from riskscreen.engine.document import KINDS
from riskscreen.engine.nlp import SUPPORTED_LANGUAGES
from riskscreen.engine.rules.fields import FIELD_NAMES
from riskscreen.engine.rules.model import MAX_WEIGHT, OPS, PHRASE_ATTRS, STATUSES

_NON_EMPTY = validate.Length(min=1)


def _text(**kwargs: Any) -> mf.String:
    return mf.String(validate=_NON_EMPTY, **kwargs)


class PhrasesSchema(Schema):
    phrases = mf.List(_text(), required=True, validate=_NON_EMPTY)
    attr = mf.String(load_default="LOWER", validate=validate.OneOf(PHRASE_ATTRS))


class TokensSchema(Schema):
    tokens = mf.List(
        mf.List(mf.Dict(keys=mf.String()), validate=_NON_EMPTY),
        required=True,
        validate=_NON_EMPTY,
    )


class RegexSchema(Schema):
    regex = _text(required=True)


class FieldConditionSchema(Schema):
    field = mf.String(required=True, validate=validate.OneOf(FIELD_NAMES))
    op = mf.String(required=True, validate=validate.OneOf(OPS))
    value = mf.Raw(allow_none=False)
    compare_to = mf.String(validate=validate.OneOf(FIELD_NAMES))


PATTERN_SCHEMAS: dict[str, type[Schema]] = {
    "phrases": PhrasesSchema,
    "tokens": TokensSchema,
    "regex": RegexSchema,
    "field": FieldConditionSchema,
}


class PatternField(mf.Field):
    """One pattern: the key it carries (phrases, tokens, regex or field) picks its schema."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, dict):
            raise ValidationError("a pattern must be a mapping")
        kinds = [key for key in PATTERN_SCHEMAS if key in value]
        if len(kinds) != 1:
            found = ", ".join(kinds) or "none"
            raise ValidationError(
                f"a pattern needs exactly one of {', '.join(PATTERN_SCHEMAS)}; found {found}"
            )
        return {"kind": kinds[0], **PATTERN_SCHEMAS[kinds[0]]().load(value)}


class ExampleField(mf.Field):
    """An example: a string, or a mapping with text and optional fields, kind, language."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            if not value.strip():
                raise ValidationError("an example text must not be empty")
            return {"text": value}
        if isinstance(value, dict):
            return ExampleSchema().load(value)
        raise ValidationError("an example must be a string or a mapping with a 'text' key")


class ExampleSchema(Schema):
    text = _text(required=True)
    fields_ = mf.Dict(
        keys=mf.String(validate=validate.OneOf(FIELD_NAMES)),
        load_default=dict,
        data_key="fields",
        attribute="fields",
    )
    kind = mf.String(validate=validate.OneOf(KINDS))
    language = mf.String(validate=validate.OneOf(SUPPORTED_LANGUAGES))


class ExamplesSchema(Schema):
    match = mf.List(ExampleField(), required=True, validate=_NON_EMPTY)
    no_match = mf.List(ExampleField(), load_default=list)
    known_gaps = mf.List(ExampleField(), load_default=list)


class RuleSchema(Schema):
    id = mf.String(required=True, validate=validate.Regexp(r"^[a-z0-9_]+$"))
    title = _text(required=True)
    description = _text(required=True)
    indicator = _text(required=True)
    status = mf.String(required=True, validate=validate.OneOf(STATUSES))
    weight = mf.Float(
        required=True, validate=validate.Range(min=0, max=MAX_WEIGHT, min_inclusive=False)
    )
    languages = mf.List(
        mf.String(validate=validate.OneOf(SUPPORTED_LANGUAGES)), required=True, validate=_NON_EMPTY
    )
    kinds = mf.List(
        mf.String(validate=validate.OneOf(KINDS)),
        load_default=lambda: list(KINDS),
        validate=_NON_EMPTY,
    )
    references = mf.List(_text(), load_default=list)
    negatable = mf.Boolean(load_default=True)
    patterns = mf.List(PatternField(), required=True, validate=_NON_EMPTY)
    examples = mf.Nested(ExamplesSchema, required=True)


_MESSAGES = {
    "Unknown field.": "unknown key",
    "Missing data for required field.": "missing required key",
}


def flatten_errors(messages: Any, prefix: str = "") -> list[tuple[str, str]]:
    """marshmallow's nested error dict as (dotted field path, message) pairs."""
    out: list[tuple[str, str]] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key == "_schema":
                out.extend(flatten_errors(value, prefix))
                continue
            part = f"[{key}]" if isinstance(key, int) else (f".{key}" if prefix else str(key))
            out.extend(flatten_errors(value, prefix + part))
    elif isinstance(messages, list):
        for value in messages:
            out.extend(flatten_errors(value, prefix))
    else:
        text = str(messages)
        out.append((prefix, _MESSAGES.get(text, text)))
    return out


# --- JSON Schema export -------------------------------------------------------------------

_PATTERN_DOC = "exactly one of phrases, tokens, regex, field"


def _field_schema(field: mf.Field) -> dict[str, Any]:
    if isinstance(field, PatternField):
        return {
            "description": _PATTERN_DOC,
            "oneOf": [schema_to_json(s()) for s in PATTERN_SCHEMAS.values()],
        }
    if isinstance(field, ExampleField):
        return {"oneOf": [{"type": "string", "minLength": 1}, schema_to_json(ExampleSchema())]}
    out: dict[str, Any]
    if isinstance(field, mf.Nested):
        nested = field.nested
        out = schema_to_json(nested() if isinstance(nested, type) else nested)  # type: ignore[operator,arg-type]
    elif isinstance(field, mf.List):
        out = {"type": "array", "items": _field_schema(field.inner)}
    elif isinstance(field, mf.Dict):
        out = {"type": "object"}
        if field.key_field is not None:
            out["propertyNames"] = _field_schema(field.key_field)
    elif isinstance(field, mf.String):
        out = {"type": "string"}
    elif isinstance(field, mf.Float):
        out = {"type": "number"}
    elif isinstance(field, mf.Boolean):
        out = {"type": "boolean"}
    else:
        out = {}
    for validator in field.validators:
        _apply_validator(validator, out)
    default = field.load_default
    if default is not mf.missing_ and not callable(default):
        out["default"] = default
    return out


def _apply_validator(validator: Any, out: dict[str, Any]) -> None:
    if isinstance(validator, validate.OneOf):
        out["enum"] = list(validator.choices)
    elif isinstance(validator, validate.Regexp):
        out["pattern"] = validator.regex.pattern
    elif isinstance(validator, validate.Length) and validator.min is not None:
        out["minItems" if out.get("type") == "array" else "minLength"] = validator.min
    elif isinstance(validator, validate.Range):
        if validator.min is not None:
            out["minimum" if validator.min_inclusive else "exclusiveMinimum"] = validator.min
        if validator.max is not None:
            out["maximum" if validator.max_inclusive else "exclusiveMaximum"] = validator.max


def schema_to_json(schema: Schema) -> dict[str, Any]:
    """A JSON Schema object for a marshmallow schema (only the field types used here)."""
    props = {f.data_key or name: _field_schema(f) for name, f in schema.fields.items()}
    required = [f.data_key or name for name, f in schema.fields.items() if f.required]
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        out["required"] = required
    return out


def rule_json_schema() -> dict[str, Any]:
    """The JSON Schema of one rule file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "riskscreen rule",
        **schema_to_json(RuleSchema()),
    }
