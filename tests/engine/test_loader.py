"""Loading rule folders: every broken folder under tests/rules_broken names file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskscreen.engine.errors import RuleError
from riskscreen.engine.rules import RuleLoadError, load_ruleset
from riskscreen.engine.rules.loader import rule_files, ruleset_version
from tests.engine.support import BROKEN, FIXTURES

# case folder -> (file, field, part of the message) that must be among the errors
CASES: dict[str, list[tuple[str, str, str]]] = {
    "unknown_key": [("fees_a.yaml", "severity", "unknown key")],
    "missing_key": [("fees_a.yaml", "title", "missing required key")],
    "duplicate_id": [
        ("brokers/fees_a.yaml", "id", "duplicate id 'fees_a', also in agents/fees_a.yaml")
    ],
    "id_not_stem": [("fees_a.yaml", "id", "must equal the file name stem")],
    "unknown_indicator": [("fees_a.yaml", "indicator", "unknown indicator 'recruitment_fee'")],
    "unknown_status": [("fees_a.yaml", "status", "experimental, test, stable")],
    "unknown_language": [("fees_a.yaml", "languages[1]", "en, es")],
    "unknown_kind": [("fees_a.yaml", "kinds[1]", "job_ad, audit")],
    "weight_out_of_range": [("fees_a.yaml", "weight", "less than or equal to 4")],
    "weight_zero": [("fees_a.yaml", "weight", "greater than 0")],
    "bad_phrase_pattern": [("fees_a.yaml", "patterns[0].phrases[1]", "Not a valid string")],
    "bad_phrase_attr": [("fees_a.yaml", "patterns[0].attr", "LOWER, LEMMA")],
    "bad_token_pattern": [("fees_a.yaml", "patterns[0].tokens[0]", "invalid token pattern")],
    "token_pattern_yaml_boolean": [("fees_a.yaml", "patterns[0].tokens[0]", "quote the word")],
    "token_pattern_not_lemma": [("fees_a.yaml", "patterns[0].tokens[0]", "its lemma is 'fee'")],
    "token_pattern_upper_case": [("fees_a.yaml", "patterns[0].tokens[0]", "must be lower case")],
    "token_pattern_pos": [("fees_a.yaml", "patterns[0].tokens[0]", "POS is not available")],
    "token_regex_lookahead": [
        ("fees_a.yaml", "patterns[0].tokens[0]", "REGEX does not compile with RE2")
    ],
    "token_pattern_repeat_too_long": [
        ("fees_a.yaml", "patterns[0].tokens[0]", "invalid repetition size: {0,2000}")
    ],
    "two_pattern_kinds": [("fees_a.yaml", "patterns[0]", "exactly one of")],
    "regex_does_not_compile": [("fees_a.yaml", "patterns[0].regex", "does not compile")],
    "regex_backreference": [("fees_a.yaml", "patterns[0].regex", "does not compile with RE2")],
    "regex_lookahead": [("fees_a.yaml", "patterns[0].regex", "does not compile with RE2")],
    "regex_lookbehind": [("fees_a.yaml", "patterns[0].regex", "does not compile with RE2")],
    "regex_empty_match": [("fees_a.yaml", "patterns[0].regex", "empty string")],
    "field_unknown": [("fees_a.yaml", "patterns[0].field", "Must be one of")],
    "field_bad_op": [("fees_a.yaml", "patterns[0].op", "use eq, ne or present")],
    "field_no_value": [("fees_a.yaml", "patterns[0].value", "exactly one of value or compare_to")],
    "field_bad_compare": [("fees_a.yaml", "patterns[0].compare_to", "cannot be compared")],
    "example_wrong_shape": [("fees_a.yaml", "examples.match[0]", "must be a string or a mapping")],
    "example_missing_match": [("fees_a.yaml", "examples.match", "missing required key")],
    "example_unknown_key": [("fees_a.yaml", "examples.match[0].label", "unknown key")],
    "yaml_duplicate_key": [("fees_a.yaml", "", "duplicate key 'patterns'")],
    "yaml_syntax": [("fees_a.yaml", "", "invalid YAML at line 14")],
    "not_a_mapping": [("fees_a.yaml", "", "must be a mapping")],
    "catalogue_missing": [("indicators.yaml", "", "catalogue not found")],
    "catalogue_broken": [
        ("indicators.yaml", "indicators[3].group", "unknown group 'audits'"),
        ("indicators.yaml", "indicators[3].owner", "unknown key"),
        ("indicators.yaml", "indicators[4].id", "duplicate indicator id"),
        ("indicators.yaml", "indicators[5].remediation", "missing required key"),
    ],
    "many_errors": [
        ("fees_a.yaml", "severity", "unknown key"),
        ("fees_b.yaml", "id", "must equal the file name stem"),
        ("fees_b.yaml", "indicator", "unknown indicator 'nope'"),
        ("fees_d.yaml", "patterns[0].regex", "does not compile"),
    ],
}


def _errors(case: str) -> list[RuleError]:
    with pytest.raises(RuleLoadError) as info:
        load_ruleset(BROKEN / case)
    return info.value.errors


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_folder_names_file_and_field(case: str) -> None:
    errors = _errors(case)
    for file, field, message in CASES[case]:
        assert any(e.file == file and e.field == field and message in e.message for e in errors), (
            f"expected {file}: {field}: ...{message}... among\n" + "\n".join(map(str, errors))
        )


def test_every_broken_folder_has_a_case() -> None:
    assert sorted(p.name for p in BROKEN.iterdir() if p.is_dir()) == sorted(CASES)


def test_error_string_lists_one_error_per_line() -> None:
    with pytest.raises(RuleLoadError) as info:
        load_ruleset(BROKEN / "many_errors")
    lines = str(info.value).splitlines()
    assert len(lines) == len(info.value.errors) == 4
    assert "fees_b.yaml: indicator: unknown indicator 'nope': not in indicators.yaml" in lines


def test_missing_folder() -> None:
    with pytest.raises(RuleLoadError, match="rules folder not found"):
        load_ruleset(Path("/nonexistent/rules"))


def test_fixture_rules_load() -> None:
    ruleset = load_ruleset(FIXTURES / "rules_ok")
    assert {r.id for r in ruleset.rules} >= {"fees_phrase", "fees_es_cuota", "hours_field"}
    assert ruleset.by_id["fees_es_cuota"].file == "es/fees_es_cuota.yaml"
    assert ruleset.by_id["fees_phrase"].kinds == ("job_ad", "audit")  # the default
    assert ruleset.by_id["locked_in"].negatable is False


def test_reserved_files_are_not_rules(tmp_path: Path) -> None:
    for name in (
        "indicators.yaml",
        "known_false_positives.yaml",
        "a.yaml",
        ".hidden/b.yaml",
        "sub/c.yml",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x: 1\n")
    assert [p.relative_to(tmp_path).as_posix() for p in rule_files(tmp_path)] == [
        "a.yaml",
        "sub/c.yml",
    ]


def test_version_depends_on_names_and_contents(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x: 1\n")
    files = [tmp_path / "a.yaml"]
    first = ruleset_version(tmp_path, files)
    assert first.startswith("rules-") and len(first) == len("rules-") + 12
    assert ruleset_version(tmp_path, files) == first
    (tmp_path / "a.yaml").write_text("x: 2\n")
    assert ruleset_version(tmp_path, files) != first


def test_version_is_stable_for_the_same_folder() -> None:
    assert (
        load_ruleset(FIXTURES / "rules_ok").version == load_ruleset(FIXTURES / "rules_ok").version
    )
