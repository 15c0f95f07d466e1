"""Backtesting rules against labelled corpus records (data/corpus/*.jsonl).

Document level: a rule set "predicts" an indicator for a record when any hit has it; the
gold set is the record's `indicators`. The split follows docs/contracts.md.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskscreen.engine.document import KINDS, Document
from riskscreen.engine.hits import IndicatorHit
from riskscreen.engine.rules.ruleset import RuleSet

SPLITS = ("train", "test", "all")


class CorpusError(ValueError):
    """A corpus line that cannot be read, named by file and line."""


def split_of(record: dict[str, Any]) -> str:
    """ "test" for a non-generated record whose id hashes to 0 mod 5, else "train"."""
    if record.get("generated"):
        return "train"
    digest = hashlib.sha256(str(record["id"]).encode("utf-8")).hexdigest()
    return "test" if int(digest[:8], 16) % 5 == 0 else "train"


def read_records(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Every record of the given JSONL files (folders mean their *.jsonl files)."""
    records: list[dict[str, Any]] = []
    for path in paths:
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        for file in files:
            with file.open(encoding="utf-8") as handle:
                for n, line in enumerate(handle, 1):
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise CorpusError(f"{file}:{n}: invalid JSON: {exc.msg}") from exc
                    if (
                        not isinstance(record, dict)
                        or not isinstance(record.get("text"), str)
                        or "id" not in record
                    ):
                        raise CorpusError(f"{file}:{n}: a record needs an id and a text")
                    records.append(record)
    return records


def document_of(record: dict[str, Any]) -> Document:
    """The Document a corpus record describes (country joins the fields)."""
    fields = dict(record.get("fields") or {})
    if record.get("country") and "country" not in fields:
        fields["country"] = record["country"]
    kind = str(record["kind"]) if record.get("kind") in KINDS else "job_ad"
    return Document(record["text"], kind=kind, language=record.get("language"), fields=fields)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


@dataclass
class Evaluation:
    per_indicator: dict[str, Counts]
    micro: Counts
    any_risk: Counts  # record level: label risk vs. at least one hit
    records: int
    hits: dict[str, list[IndicatorHit]]


def evaluate(
    ruleset: RuleSet, records: Sequence[dict[str, Any]], indicators: Iterable[str]
) -> Evaluation:
    """Per-indicator and micro precision/recall/F1 of the rules on the records."""
    per = {ind: Counts() for ind in indicators}
    micro, any_risk = Counts(), Counts()
    all_hits = ruleset.match_many([document_of(r) for r in records])
    hits_by_id: dict[str, list[IndicatorHit]] = {}
    for record, hits in zip(records, all_hits, strict=True):
        rid = str(record["id"])
        hits_by_id[rid] = hits
        gold = set(record.get("indicators") or [])
        predicted = {h.indicator for h in hits}
        for ind in gold | predicted:
            counts = per.setdefault(ind, Counts())
            if ind in gold and ind in predicted:
                counts.tp += 1
                micro.tp += 1
            elif ind in predicted:
                counts.fp += 1
                micro.fp += 1
                counts.false_positives.append(rid)
            else:
                counts.fn += 1
                micro.fn += 1
                counts.false_negatives.append(rid)
        risky = record.get("label") == "risk"
        if risky and hits:
            any_risk.tp += 1
        elif hits:
            any_risk.fp += 1
            any_risk.false_positives.append(rid)
        elif risky:
            any_risk.fn += 1
            any_risk.false_negatives.append(rid)
    return Evaluation(per, micro, any_risk, len(records), hits_by_id)


def _row(name: str, mark: str, c: Counts) -> str:
    return (
        f"{name:28} {mark:>5} {c.support:>7} {c.tp:>4} {c.fp:>4} {c.fn:>4} "
        f"{c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}"
    )


def format_evaluation(result: Evaluation, covered: set[str], verbose: bool = False) -> str:
    """A table of precision/recall/F1 per indicator, then micro and record-level figures."""
    head = f"{'indicator':28} {'rules':>5} {'support':>7} {'tp':>4} {'fp':>4} {'fn':>4}"
    lines = [f"{head} {'P':>6} {'R':>6} {'F1':>6}"]
    for ind in sorted(result.per_indicator):
        mark = "yes" if ind in covered else "no"
        lines.append(_row(ind, mark, result.per_indicator[ind]))
    lines.append(_row("micro (all indicators)", "", result.micro))
    lines.append(_row("record: risk vs any hit", "", result.any_risk))
    lines.append(f"{result.records} records")
    if verbose:
        for ind in sorted(result.per_indicator):
            c = result.per_indicator[ind]
            for rid in c.false_positives:
                found = "; ".join(
                    f"{h.rule_id}: {h.evidence!r}" for h in result.hits[rid] if h.indicator == ind
                )
                lines.append(f"FP {ind} {rid}: {found}")
            for rid in c.false_negatives:
                lines.append(f"FN {ind} {rid}")
    return "\n".join(lines)
