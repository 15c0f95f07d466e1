"""Rulesets held as {path: text}: the same hash as the folder, drafts checked field by field."""

from __future__ import annotations

import pytest

from riskscreen.analysis.rulefiles import (
    DraftError,
    apply_changes,
    check_draft,
    diff_files,
    folder_version,
    load_files,
    read_folder,
    rule_yaml,
)
from riskscreen.engine.rules import load_ruleset
from tests.analyst_support import FIXED_FEES_RULE, RULES


def test_files_load_to_the_folder_version():
    files = read_folder(RULES)
    assert set(files) == {"indicators.yaml", "fees_terms.yaml", "passports_kept.yaml",
                          "hours_over_60.yaml", "hidden_employer.yaml"}
    expected = load_ruleset(RULES).version
    assert load_files(files).version == expected == folder_version(RULES)


def test_crlf_content_keeps_its_own_hash():
    files = read_folder(RULES)
    crlf = {**files, "fees_terms.yaml": files["fees_terms.yaml"].replace("\n", "\r\n")}
    assert load_files(crlf).version != load_files(files).version


def test_a_valid_draft_is_checked_and_returned_alone():
    checked = check_draft(rule_yaml(FIXED_FEES_RULE), read_folder(RULES))
    assert checked.rule_id == "fees_terms" and checked.path == "fees_terms.yaml"
    assert checked.example_failures == []
    assert [r.id for r in checked.ruleset.rules] == ["fees_terms"]


@pytest.mark.parametrize("change,field", [
    ({"weight": 9}, "weight"),
    ({"indicator": "no_such_indicator"}, "indicator"),
    ({"status": "final"}, "status"),
    ({"colour": "red"}, "colour"),
    ({"patterns": [{"regex": "(a+)+\\1"}]}, "patterns[0].regex"),
    ({"patterns": [{"phrases": ["fee"], "regex": "fee"}]}, "patterns[0]"),
])
def test_invalid_drafts_name_the_field(change, field):
    with pytest.raises(DraftError) as caught:
        check_draft(rule_yaml({**FIXED_FEES_RULE, **change}), read_folder(RULES))
    assert field in {f for f, _ in caught.value.errors}


def test_a_draft_without_an_id_names_id():
    rule = {k: v for k, v in FIXED_FEES_RULE.items() if k != "id"}
    with pytest.raises(DraftError) as caught:
        check_draft(rule_yaml(rule), read_folder(RULES))
    assert caught.value.by_field() == {"id": [caught.value.errors[0][1]]}


def test_failing_examples_are_reported_by_example():
    rule = {**FIXED_FEES_RULE, "examples": {"match": ["Nothing to see here."]}}
    checked = check_draft(rule_yaml(rule), read_folder(RULES))
    assert [f for f, _ in checked.example_failures] == ["examples.match[0]"]


def test_changes_replace_add_and_remove_rules():
    base = read_folder(RULES)
    new_rule = {**FIXED_FEES_RULE, "id": "fees_agency"}
    files = apply_changes(base, {"fees_terms": rule_yaml(FIXED_FEES_RULE),
                                 "fees_agency": rule_yaml(new_rule)}, ("hidden_employer",))
    assert diff_files(base, files) == {"added": ["fees_agency"], "removed": ["hidden_employer"],
                                       "changed": ["fees_terms"]}
    assert len(load_files(files)) == 4
    with pytest.raises(DraftError):
        apply_changes(base, {}, ("nope",))
