"""The rule schema and its JSON Schema export (printed in docs/rules.md)."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from riskscreen.engine.rules.schema import flatten_errors, rule_json_schema
from tests.engine.support import ROOT


def test_json_schema_shape() -> None:
    schema = rule_json_schema()
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {
        "id",
        "title",
        "description",
        "indicator",
        "status",
        "weight",
        "languages",
        "patterns",
        "examples",
    }
    assert schema["properties"]["weight"] == {
        "type": "number",
        "exclusiveMinimum": 0,
        "maximum": 4.0,
    }
    assert len(schema["properties"]["patterns"]["items"]["oneOf"]) == 4


def test_docs_show_the_current_json_schema() -> None:
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert json.dumps(rule_json_schema(), indent=2) in docs, (
        "docs/rules.md is out of date: paste the output of "
        "`python -c 'import json; from riskscreen.engine.rules.schema import rule_json_schema; "
        "print(json.dumps(rule_json_schema(), indent=2))'`"
    )


def test_json_schema_validates_a_rule() -> None:
    rule = yaml.safe_load(
        (ROOT / "tests/engine/fixtures/rules_ok/passport_tokens.yaml").read_text()
    )
    jsonschema.validate(rule, rule_json_schema())
    rule["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(rule, rule_json_schema())


def test_flatten_errors() -> None:
    messages = {
        "patterns": {0: {"regex": ["Missing data for required field."]}},
        "foo": ["Unknown field."],
    }
    assert flatten_errors(messages) == [
        ("patterns[0].regex", "missing required key"),
        ("foo", "unknown key"),
    ]
