"""What matching returns: indicator hits, and the hits a negation cue suppressed.

Values, not changed after construction; slotted rather than frozen dataclasses for the cost
of building them (see riskscreen.engine.assessment).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class IndicatorHit:
    """One rule firing on one document.

    For text hits `text[start:end] == evidence` on the text exactly as submitted and
    `sentence` is the (stripped) sentence around it, at text[sentence_start:sentence_end].
    For field conditions start, end and the sentence fields are None and `evidence`
    describes the field and its value.
    """

    rule_id: str
    indicator: str
    start: int | None
    end: int | None
    evidence: str
    weight: float
    sentence: str | None
    status: str
    sentence_start: int | None = None  # text[sentence_start:sentence_end] == sentence
    sentence_end: int | None = None


@dataclass(slots=True)
class SuppressedHit:
    """A hit that a negation or good-practice cue switched off, with the cue and its span."""

    hit: IndicatorHit
    cue: str
    cue_start: int
    cue_end: int


@dataclass(slots=True)
class MatchTrace:
    """Everything matching found: the hits kept and the hits suppressed (for ?explain=full)."""

    hits: list[IndicatorHit] = field(default_factory=list)
    suppressed: list[SuppressedHit] = field(default_factory=list)
