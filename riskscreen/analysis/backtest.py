"""Backtests: run a ruleset (and the classifiers) over labelled texts and measure each rule.

Per rule: the records it fired on, its precision against the labels, the risk records it
alone found, the no-risk records it fired on, and how often it fires together with each
other rule. Per indicator: precision and recall against the indicators the records list.
Overall: the score and band distribution by label, and precision/recall of "band at or
above medium" and "at or above high" as a verdict. :func:`compare` sets two runs side by
side and lists every record whose band changed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from riskscreen.analysis.labelled import LabelledText
from riskscreen.engine.scoring import BANDS
from riskscreen.engine.screener import Screener

BAND_NAMES = tuple(name for _, name in BANDS)
VERDICTS = {"medium_or_above": ("medium", "high", "critical"),
            "high_or_above": ("high", "critical")}
CHUNK = 500
MAX_IDS = 200  # record ids listed per rule or change, so a report stays readable


@dataclass(frozen=True)
class Outcome:
    """What one ruleset made of one labelled record."""

    id: str
    label: int
    score: float
    band: str
    rules: tuple[str, ...]
    indicators: tuple[str, ...]


@dataclass
class BacktestRun:
    ruleset_version: str
    models: dict[str, str]
    outcomes: list[Outcome]
    gold: dict[str, tuple[str, ...]]
    rule_info: dict[str, tuple[str, str]]  # rule id -> (indicator, title)
    indicators: tuple[str, ...] = field(default_factory=tuple)

    # -- per rule ----------------------------------------------------------------------------

    def rule_stats(self) -> list[dict[str, Any]]:
        fired: dict[str, list[Outcome]] = defaultdict(list)
        overlaps: dict[str, Counter[str]] = defaultdict(Counter)
        for o in self.outcomes:
            for rule in o.rules:
                fired[rule].append(o)
                overlaps[rule].update(r for r in o.rules if r != rule)
        out = []
        for rule_id in sorted(self.rule_info):
            hits = fired.get(rule_id, [])
            true = [o for o in hits if o.label == 1]
            false = [o for o in hits if o.label == 0]
            indicator, title = self.rule_info[rule_id]
            out.append({
                "rule_id": rule_id, "indicator": indicator, "title": title,
                "hits": len(hits), "on_risk": len(true), "on_no_risk": len(false),
                "precision": _ratio(len(true), len(hits)),
                "alone_found": [o.id for o in true if o.rules == (rule_id,)][:MAX_IDS],
                "against_label": [o.id for o in false][:MAX_IDS],
                "overlaps": dict(sorted(overlaps[rule_id].items(), key=lambda kv: (-kv[1], kv[0]))),
            })
        return out

    # -- per indicator -----------------------------------------------------------------------

    def indicator_stats(self) -> list[dict[str, Any]]:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for o in self.outcomes:
            gold, found = set(self.gold.get(o.id, ())), set(o.indicators)
            for ind in gold | found:
                key = "tp" if ind in gold and ind in found else ("fp" if ind in found else "fn")
                counts[ind][key] += 1
        out = []
        for ind in sorted(set(counts) | set(self.indicators)):
            c = counts[ind]
            out.append({
                "indicator": ind, "support": c["tp"] + c["fn"], "tp": c["tp"], "fp": c["fp"],
                "fn": c["fn"], "precision": _ratio(c["tp"], c["tp"] + c["fp"]),
                "recall": _ratio(c["tp"], c["tp"] + c["fn"]),
            })
        return out

    # -- overall -----------------------------------------------------------------------------

    def overall(self) -> dict[str, Any]:
        bands = {band: {"risk": 0, "no_risk": 0} for band in BAND_NAMES}
        histogram = [{"from": 10 * i, "to": 10 * (i + 1), "risk": 0, "no_risk": 0}
                     for i in range(10)]
        for o in self.outcomes:
            name = "risk" if o.label else "no_risk"
            bands[o.band][name] += 1
            histogram[min(int(o.score // 10), 9)][name] += 1
        verdicts = {}
        for verdict, flagged_bands in VERDICTS.items():
            tp = sum(1 for o in self.outcomes if o.label and o.band in flagged_bands)
            fp = sum(1 for o in self.outcomes if not o.label and o.band in flagged_bands)
            fn = sum(1 for o in self.outcomes if o.label and o.band not in flagged_bands)
            verdicts[verdict] = {"tp": tp, "fp": fp, "fn": fn,
                                 "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn)}
        risk = [o.score for o in self.outcomes if o.label]
        safe = [o.score for o in self.outcomes if not o.label]
        return {
            "records": len(self.outcomes), "risk": len(risk), "no_risk": len(safe),
            "mean_score": {"risk": _mean(risk), "no_risk": _mean(safe)},
            "bands": bands, "score_histogram": histogram, "verdicts": verdicts,
        }

    def report(self) -> dict[str, Any]:
        return {"ruleset_version": self.ruleset_version, "models": self.models,
                "overall": self.overall(), "rules": self.rule_stats(),
                "indicators": self.indicator_stats()}


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def run(screener: Screener, items: Sequence[LabelledText]) -> BacktestRun:
    """Screen every labelled text with `screener` and keep what each rule did."""
    outcomes: list[Outcome] = []
    for start in range(0, len(items), CHUNK):
        chunk = items[start:start + CHUNK]
        assessments = screener.screen_many([item.document() for item in chunk])
        for item, assessment in zip(chunk, assessments, strict=True):
            rules = tuple(sorted({r.rule_id for r in assessment.reasons
                                  if r.source == "rule" and r.rule_id}))
            outcomes.append(Outcome(item.id, item.label, round(assessment.score, 4),
                                    assessment.band, rules, tuple(assessment.indicator_ids)))
    ruleset = screener.ruleset
    models = {kind: model.version for kind, model in sorted(screener.classifiers.items())}
    return BacktestRun(
        ruleset_version=ruleset.version, models=models, outcomes=outcomes,
        gold={item.id: item.indicators for item in items},
        rule_info={r.id: (r.indicator, r.title) for r in ruleset.rules},
        indicators=tuple(sorted(ruleset.indicators)),
    )


def compare(candidate: BacktestRun, baseline: BacktestRun) -> dict[str, Any]:
    """`candidate` against `baseline` on the same records: what changed, record by record."""
    before = {o.id: o for o in baseline.outcomes}
    changed = []
    raised = lowered = 0
    order = {band: i for i, band in enumerate(BAND_NAMES)}
    for o in candidate.outcomes:
        old = before.get(o.id)
        if old is None or (old.band == o.band and old.rules == o.rules):
            continue
        step = order[o.band] - order[old.band]
        raised += step > 0
        lowered += step < 0
        changed.append({
            "id": o.id, "label": "risk" if o.label else "no_risk",
            "baseline": {"score": old.score, "band": old.band, "rules": list(old.rules)},
            "candidate": {"score": o.score, "band": o.band, "rules": list(o.rules)},
        })
    a_rules = {r["rule_id"]: r for r in candidate.rule_stats()}
    b_rules = {r["rule_id"]: r for r in baseline.rule_stats()}
    rules = []
    for rule_id in sorted(set(a_rules) | set(b_rules)):
        a, b = a_rules.get(rule_id), b_rules.get(rule_id)
        if a and b and (a["hits"], a["on_risk"]) == (b["hits"], b["on_risk"]):
            continue
        rules.append({
            "rule_id": rule_id,
            "status": "added" if b is None else "removed" if a is None else "changed",
            "hits": {"baseline": b["hits"] if b else None, "candidate": a["hits"] if a else None},
            "precision": {"baseline": b["precision"] if b else None,
                          "candidate": a["precision"] if a else None},
        })
    a_all, b_all = candidate.overall(), baseline.overall()
    return {
        "candidate": candidate.ruleset_version,
        "baseline": baseline.ruleset_version,
        "verdicts": {v: {"baseline": b_all["verdicts"][v], "candidate": a_all["verdicts"][v]}
                     for v in VERDICTS},
        "bands": {"baseline": b_all["bands"], "candidate": a_all["bands"]},
        "mean_score": {"baseline": b_all["mean_score"], "candidate": a_all["mean_score"]},
        "rules_changed": rules,
        "records_changed": len(changed), "band_raised": int(raised), "band_lowered": int(lowered),
        "changes": changed[:MAX_IDS],
    }


def format_report(report: dict[str, Any], comparison: dict[str, Any] | None = None) -> str:
    """The report as text for the CLI."""
    overall = report["overall"]
    lines = [f"ruleset {report['ruleset_version']}, models {report['models'] or 'none'}: "
             f"{overall['records']} records ({overall['risk']} risk, {overall['no_risk']} no risk)"]
    for verdict, m in overall["verdicts"].items():
        lines.append(f"  {verdict:16} precision {_pct(m['precision'])}  recall {_pct(m['recall'])}"
                     f"  (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})")
    lines.append("  bands: " + ", ".join(
        f"{band} {c['risk']}/{c['no_risk']}" for band, c in overall["bands"].items())
        + " (risk/no risk)")
    lines.append(f"{'rule':40} {'hits':>5} {'risk':>5} {'no':>4} {'prec':>6} {'alone':>5}")
    for r in report["rules"]:
        if r["hits"]:
            lines.append(f"{r['rule_id'][:40]:40} {r['hits']:5} {r['on_risk']:5} "
                         f"{r['on_no_risk']:4} {_pct(r['precision']):>6} {len(r['alone_found']):5}")
    silent = [r["rule_id"] for r in report["rules"] if not r["hits"]]
    if silent:
        lines.append(f"no hits: {', '.join(silent)}")
    if comparison:
        lines.append(f"against {comparison['baseline']}: {comparison['records_changed']} records "
                     f"changed ({comparison['band_raised']} band up, "
                     f"{comparison['band_lowered']} down)")
        for verdict, sides in comparison["verdicts"].items():
            b, a = sides["baseline"], sides["candidate"]
            lines.append(f"  {verdict:16} precision {_pct(b['precision'])} -> "
                         f"{_pct(a['precision'])}  recall {_pct(b['recall'])} -> "
                         f"{_pct(a['recall'])}")
        for r in comparison["rules_changed"]:
            lines.append(f"  {r['status']:8} {r['rule_id']}: hits {r['hits']['baseline']} -> "
                         f"{r['hits']['candidate']}")
        for c in comparison["changes"][:20]:
            lines.append(f"  {c['id']} ({c['label']}): {c['baseline']['band']} -> "
                         f"{c['candidate']['band']}")
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def backtest(candidate: Screener, items: Sequence[LabelledText],
             baseline: Screener | None = None) -> dict[str, Any]:
    """The candidate's report, and (with a baseline) the baseline's summary and the diff."""
    run_a = run(candidate, items)
    out: dict[str, Any] = {"report": run_a.report(), "baseline": None, "comparison": None}
    if baseline is not None:
        run_b = run(baseline, items)
        out["baseline"] = {"ruleset_version": run_b.ruleset_version, "models": run_b.models,
                           "overall": run_b.overall()}
        out["comparison"] = compare(run_a, run_b)
    return out
