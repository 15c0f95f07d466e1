"""Running the examples every rule carries: match, no_match and known gaps.

Used by `riskscreen rules test` and by tests/test_rule_examples.py, so both agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from riskscreen.engine.document import Document
from riskscreen.engine.hits import IndicatorHit, SuppressedHit
from riskscreen.engine.rules.model import Example, Rule
from riskscreen.engine.rules.ruleset import RuleSet

GROUPS = {"match": "match", "no_match": "no_match", "known_gaps": "gap"}


@dataclass(frozen=True)
class ExampleCase:
    """One example of one rule; `id` is the pytest id, e.g. "fees_placement_fee-match-0"."""

    rule: Rule
    group: str
    index: int
    example: Example

    @property
    def id(self) -> str:
        return f"{self.rule.id}-{GROUPS[self.group]}-{self.index}"

    def document(self) -> Document:
        """The example as a document: its own kind/language, else the rule's first."""
        return Document(
            self.example.text,
            kind=self.example.kind or self.rule.kinds[0],
            language=self.example.language or self.rule.languages[0],
            fields=dict(self.example.fields),
        )


@dataclass(frozen=True)
class ExampleResult:
    case: ExampleCase
    hits: list[IndicatorHit]
    suppressed: list[SuppressedHit]

    @property
    def fired(self) -> bool:
        return bool(self.hits)

    @property
    def passed(self) -> bool:
        """match must fire; no_match must not; a known gap passes either way (it is reported)."""
        if self.case.group == "match":
            return self.fired
        if self.case.group == "no_match":
            return not self.fired
        return True

    def describe(self) -> str:
        """Why the example failed (or, for a gap, what happened)."""
        if self.hits:
            found = "; ".join(repr(h.evidence) for h in self.hits)
            return f"fired on {found}"
        if self.suppressed:
            cues = "; ".join(
                f"{s.hit.evidence!r} suppressed by cue {s.cue!r}" for s in self.suppressed
            )
            return f"no hit ({cues})"
        return "no hit"


@dataclass
class ExampleReport:
    results: list[ExampleResult] = field(default_factory=list)

    @property
    def failures(self) -> list[ExampleResult]:
        return [r for r in self.results if not r.passed]

    @property
    def gaps(self) -> list[ExampleResult]:
        """Known gaps that still do not match."""
        return [r for r in self.results if r.case.group == "known_gaps" and not r.fired]

    @property
    def closed_gaps(self) -> list[ExampleResult]:
        """Known gaps the rule now matches: move them to `match`."""
        return [r for r in self.results if r.case.group == "known_gaps" and r.fired]


def example_cases(ruleset: RuleSet) -> list[ExampleCase]:
    """Every example of every rule, in rule order."""
    cases = []
    for rule in ruleset.rules:
        for group in GROUPS:
            for i, example in enumerate(getattr(rule.examples, group)):
                cases.append(ExampleCase(rule, group, i, example))
    return cases


def run_cases(ruleset: RuleSet, cases: list[ExampleCase]) -> ExampleReport:
    """Match each example's document and keep the hits of the example's own rule."""
    traces = ruleset.trace_many([c.document() for c in cases])
    report = ExampleReport()
    for case, trace in zip(cases, traces, strict=True):
        rid = case.rule.id
        report.results.append(
            ExampleResult(
                case,
                [h for h in trace.hits if h.rule_id == rid],
                [s for s in trace.suppressed if s.hit.rule_id == rid],
            )
        )
    return report


def run_examples(ruleset: RuleSet) -> ExampleReport:
    """Run every example of every rule."""
    return run_cases(ruleset, example_cases(ruleset))


def format_report(report: ExampleReport, verbose: bool = False) -> str:
    """A readable per-rule report: failures, open gaps, closed gaps, then the totals."""
    lines: list[str] = []
    by_rule: dict[str, list[ExampleResult]] = {}
    for result in report.results:
        by_rule.setdefault(result.case.rule.id, []).append(result)
    for rule_id, results in by_rule.items():
        failed = [r for r in results if not r.passed]
        gaps = [r for r in results if r.case.group == "known_gaps"]
        checked = [r for r in results if r.case.group != "known_gaps"]
        status = "FAIL" if failed else "ok"
        if failed or gaps or verbose:
            lines.append(
                f"{status:4} {rule_id}: {len(checked) - len(failed)}/{len(checked)} examples pass"
            )
        for r in failed:
            lines.append(f"     FAIL {r.case.id}: {r.case.example.text!r}: {r.describe()}")
        for r in gaps:
            label = "GAP CLOSED (move to match)" if r.fired else "known gap"
            lines.append(f"     {label} {r.case.id}: {r.case.example.text!r}")
    checked_total = sum(1 for r in report.results if r.case.group != "known_gaps")
    lines.append(
        f"{len(by_rule)} rules, {checked_total} examples, {len(report.failures)} failed, "
        f"{len(report.gaps)} known gaps, {len(report.closed_gaps)} gaps now matched"
    )
    return "\n".join(lines)
