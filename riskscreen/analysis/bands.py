"""Choosing the band cut-offs from labelled data, and reporting what each band means.

A band is useful when it says how likely a document in it is to be truly risky. The cut-offs
are chosen on the corpus test split (texts the classifier never saw) against targets:
`low` holds at most LOW_MAX_RISKY truly risky documents (a wrong "low" lets exploitation
through, so the bar is strict), `high` and above at least
HIGH_MIN_PRECISION, `critical` at least CRITICAL_MIN_PRECISION. `medium` is what is left:
worth a human look.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LOW_MAX_RISKY = 0.02
HIGH_MIN_PRECISION = 0.85
CRITICAL_MIN_PRECISION = 0.97
MIN_BAND_SIZE = 5


@dataclass(frozen=True)
class BandRow:
    band: str
    lower: float
    upper: float
    documents: int
    risky: int

    @property
    def share_risky(self) -> float:
        return self.risky / self.documents if self.documents else float("nan")


def band_table(
    scores: Sequence[float], labels: Sequence[int], bands: Sequence[tuple[float, str]]
) -> list[BandRow]:
    """Documents and truly risky documents per band."""
    rows = []
    bounds = [lower for lower, _ in bands] + [100.0001]
    for (lower, name), upper in zip(bands, bounds[1:], strict=True):
        inside = [label for score, label in zip(scores, labels, strict=True)
                  if lower <= score < upper]
        rows.append(BandRow(name, lower, min(upper, 100.0), len(inside), sum(inside)))
    return rows


def _share_risky_at_or_above(pairs: list[tuple[float, int]], cut: float) -> tuple[float, int]:
    above = [label for score, label in pairs if score >= cut]
    return (sum(above) / len(above) if above else 0.0), len(above)


def choose_cutoffs(scores: Sequence[float], labels: Sequence[int]) -> list[tuple[float, str]]:
    """Lower bounds of low, medium, high and critical that meet the targets on this data."""
    pairs = sorted(zip(scores, labels, strict=True))
    candidates = sorted({round(score, 1) for score, _ in pairs} | {50.0})

    medium = 0.0
    for cut in candidates:  # the largest `low` band with few enough risky documents
        below = [label for score, label in pairs if score < cut]
        if below and sum(below) / len(below) <= LOW_MAX_RISKY:
            medium = cut
    high = next((cut for cut in candidates if cut > medium
                 and _share_risky_at_or_above(pairs, cut)[0] >= HIGH_MIN_PRECISION
                 and _share_risky_at_or_above(pairs, cut)[1] >= MIN_BAND_SIZE), 100.0)
    critical = next((cut for cut in candidates if cut > high
                     and _share_risky_at_or_above(pairs, cut)[0] >= CRITICAL_MIN_PRECISION
                     and _share_risky_at_or_above(pairs, cut)[1] >= MIN_BAND_SIZE), 100.0)
    return [(0.0, "low"), (medium, "medium"), (high, "high"), (critical, "critical")]


def format_table(rows: Sequence[BandRow]) -> str:
    lines = ["| band | score range | documents | truly risky | share risky |",
             "|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row.band} | {row.lower:g} to {row.upper:g} | {row.documents} | "
                     f"{row.risky} | {row.share_risky:.2f} |")
    return "\n".join(lines)
