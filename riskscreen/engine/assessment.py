"""What a screening answers: a score, a band, the indicators, reasons that add up, advice.

A reason is one additive term of the score's log-odds. Whatever the source (a rule hit, a
classifier term, the classifier's remaining text, the co-occurrence of distinct indicators,
a supplier's country-and-goods listing, an entity-list match), it has a contribution, and the
contributions of all reasons sum exactly to `logit`, with score = 100 * sigmoid(logit).

These are values: nothing changes them after construction. They are slotted dataclasses
rather than frozen ones because a screening builds some thirty of them and a frozen
dataclass costs three times as much to construct (about 6% of a batch's time).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Span:
    """A stretch of the submitted text: text[start:end] == evidence."""

    start: int
    end: int
    evidence: str


@dataclass(slots=True)
class Reason:
    """One additive term of the log-odds, with where it came from and its evidence."""

    source: str  # rule | classifier_term | classifier_rest | co_occurrence | goods_listing | ...
    contribution: float
    label: str  # a human sentence: "Rule fees_placement_fee: Worker pays a placement fee"
    indicator: str | None = None
    rule_id: str | None = None
    term: str | None = None
    spans: tuple[Span, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class IndicatorFound:
    id: str
    name: str
    group: str
    contribution: float
    hits: int


@dataclass(slots=True)
class Advice:
    indicator: str
    name: str
    advice: str


@dataclass(slots=True)
class Assessment:
    kind: str
    language: str | None
    logit: float
    score: float  # 0-100
    band: str  # low | medium | high | critical
    indicators: tuple[IndicatorFound, ...]
    reasons: tuple[Reason, ...]
    advice: tuple[Advice, ...]
    versions: dict[str, str]
    trace: dict[str, Any] | None = None  # filled only when the full decision trace is asked for

    @property
    def indicator_ids(self) -> list[str]:
        return [indicator.id for indicator in self.indicators]


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)


def logit(p: float, eps: float = 1e-6) -> float:
    p = min(max(p, eps), 1.0 - eps)
    return math.log(p / (1.0 - p))
