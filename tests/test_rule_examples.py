"""Every example of every rule in rules/ is its own test ("fees_placement_fee-match-0").

Known gaps are not tests that fail or skip: test_known_gaps_are_reported checks that the
report lists each one (and flags gaps a rule now matches).
"""

from __future__ import annotations

import pytest

from riskscreen import paths
from riskscreen.engine.rules import RuleLoadError, RuleSet, load_ruleset
from riskscreen.engine.rules.examples import ExampleCase, example_cases, format_report, run_cases


def _load() -> tuple[RuleSet | None, str]:
    try:
        return load_ruleset(paths.rules_path()), ""
    except RuleLoadError as exc:
        return None, str(exc)


RULESET, LOAD_ERROR = _load()
CASES = example_cases(RULESET) if RULESET is not None else []
CHECKED = [c for c in CASES if c.group != "known_gaps"]
GAPS = [c for c in CASES if c.group == "known_gaps"]


def test_rules_load() -> None:
    assert RULESET is not None, f"rules/ does not load:\n{LOAD_ERROR}"
    assert CHECKED, "no rule examples found in rules/"


@pytest.mark.parametrize("case", CHECKED, ids=[c.id for c in CHECKED])
def test_rule_example(case: ExampleCase) -> None:
    assert RULESET is not None
    (result,) = run_cases(RULESET, [case]).results
    expected = "match" if case.group == "match" else "not match"
    assert result.passed, (
        f"{case.rule.file}: expected to {expected} {case.example.text!r}: {result.describe()}"
    )


def test_known_gaps_are_reported() -> None:
    assert RULESET is not None, LOAD_ERROR
    report = run_cases(RULESET, GAPS)
    text = format_report(report)
    for result in report.results:
        label = "GAP CLOSED (move to match)" if result.fired else "known gap"
        assert f"{label} {result.case.id}:" in text
    assert len(report.gaps) + len(report.closed_gaps) == len(GAPS)
