"""The example runner behind `riskscreen rules test` and tests/test_rule_examples.py."""

from __future__ import annotations

from riskscreen.engine.rules import RuleSet
from riskscreen.engine.rules.examples import example_cases, format_report, run_cases, run_examples


def test_every_example_becomes_a_case_with_a_stable_id(ruleset: RuleSet) -> None:
    ids = [c.id for c in example_cases(ruleset)]
    assert len(ids) == len(set(ids))
    assert {"fees_phrase-match-0", "fees_phrase-no_match-0", "fees_phrase-gap-0"} <= set(ids)


def test_fixture_examples_pass_and_gaps_are_reported(ruleset: RuleSet) -> None:
    report = run_examples(ruleset)
    assert report.failures == []
    assert [r.case.id for r in report.gaps] == ["fees_phrase-gap-0"]
    text = format_report(report)
    assert "known gap fees_phrase-gap-0" in text
    assert "0 failed, 1 known gaps" in text


def test_examples_use_their_kind_and_language(ruleset: RuleSet) -> None:
    cases = {c.id: c for c in example_cases(ruleset)}
    assert cases["debt_lemma-no_match-0"].document().kind == "audit"
    assert cases["fees_es_cuota-match-0"].document().language == "es"
    assert cases["wage_field-match-0"].document().fields["wage"]["period"] == "day"


def test_failures_are_described(ruleset: RuleSet) -> None:
    case = next(c for c in example_cases(ruleset) if c.id == "fees_phrase-no_match-0")
    # Run a no_match case as if it were a match case: it fails, and says what suppressed it.
    flipped = type(case)(case.rule, "match", 0, case.example)
    report = run_cases(ruleset, [flipped])
    (failure,) = report.failures
    assert "suppressed by cue 'No'" in failure.describe()
    assert "FAIL fees_phrase-match-0" in format_report(report)
