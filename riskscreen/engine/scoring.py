"""The combination formula: rule hits and the classifier add up in log-odds.

    logit = 0.5 x classifier log-odds, clipped to [-4, 4] (on the text the rules did not explain)
          + sum over rule hits of  weight x status factor x repeat_decay ** rank
          + co_occurrence x (number of distinct indicators - 1)
    score = 100 * sigmoid(logit)

`rank` is a hit's place among the hits of the same indicator, strongest first, so a second
distinct indicator adds its full weight and a repeat of the same one adds a fraction: distinct
indicators count for more than one repeated. Every weight is positive, so adding a hit never
lowers the score. docs/scoring.md explains each choice and how the band cut-offs were chosen.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from riskscreen.engine.assessment import Reason, Span
from riskscreen.engine.hits import IndicatorHit

# Cut-offs on the 0-100 score, chosen from the corpus test split (docs/scoring.md):
# the lower bound of each band.
BANDS: tuple[tuple[float, str], ...] = ((0.0, "low"), (35.0, "medium"), (65.0, "high"),
                                        (90.0, "critical"))


def band_for(score: float) -> str:
    """The band a 0-100 score falls in."""
    name = BANDS[0][1]
    for lower, band in BANDS:
        if score >= lower:
            name = band
    return name


@dataclass(frozen=True)
class ScoringPolicy:
    """The constants of the formula, in one place."""

    status_factor: dict[str, float] = field(
        default_factory=lambda: {"stable": 1.0, "test": 0.75, "experimental": 0.5}
    )
    repeat_decay: float = 0.3
    co_occurrence: float = 0.4
    co_occurrence_cap: int = 5
    # The classifier is trained on a small corpus written for the project and is overconfident
    # on texts unlike it (docs/scoring.md): its log-odds are clipped and halved, so that on its
    # own it moves the logit by at most 2 (score 12 to 88) and "critical" needs rule evidence.
    classifier_weight: float = 0.5
    classifier_clip: float = 4.0
    # log-odds used instead of the classifier when no model is loaded for a document kind
    rules_only_prior: float = math.log(0.1 / 0.9)


def rule_reasons(
    hits: Sequence[IndicatorHit], titles: dict[str, str], policy: ScoringPolicy
) -> list[Reason]:
    """One reason per hit, discounted by its rank within its indicator."""
    by_indicator: dict[str, list[IndicatorHit]] = defaultdict(list)
    for hit in hits:
        by_indicator[hit.indicator].append(hit)
    reasons = []
    for indicator, group in by_indicator.items():
        strength = sorted(group, key=lambda h: (-h.weight * policy.status_factor[h.status],
                                                 h.start if h.start is not None else -1))
        for rank, hit in enumerate(strength):
            contribution = hit.weight * policy.status_factor[hit.status] * policy.repeat_decay**rank
            spans: tuple[Span, ...] = ()
            if hit.start is not None and hit.end is not None:
                spans = (Span(hit.start, hit.end, hit.evidence),)
            reasons.append(Reason(
                source="rule", contribution=contribution, indicator=indicator,
                rule_id=hit.rule_id, label=titles.get(hit.rule_id, hit.rule_id), spans=spans,
                detail={"weight": hit.weight, "status": hit.status, "rank": rank,
                        **({"field": hit.evidence} if hit.start is None else {})},
            ))
    return reasons


def co_occurrence_reason(indicator_count: int, policy: ScoringPolicy) -> Reason | None:
    extra = min(indicator_count, policy.co_occurrence_cap + 1) - 1
    if extra <= 0:
        return None
    return Reason(
        source="co_occurrence", contribution=policy.co_occurrence * extra,
        label=f"{indicator_count} distinct indicators found together",
        detail={"distinct_indicators": indicator_count},
    )


def classifier_reasons(
    text: str, log_odds: float, terms: Sequence[object], model_version: str, policy: ScoringPolicy
) -> list[Reason]:
    """The classifier's top terms, and one reason for the rest, summing to its log-odds."""
    total = policy.classifier_weight * max(-policy.classifier_clip,
                                           min(policy.classifier_clip, log_odds))
    reasons = []
    for term in terms:
        contribution = policy.classifier_weight * float(term.contribution)  # type: ignore[attr-defined]
        spans = tuple(Span(s, e, text[s:e]) for s, e in term.spans)  # type: ignore[attr-defined]
        reasons.append(Reason(source="classifier_term", contribution=contribution,
                              term=term.term, label=f"term '{term.term}'",  # type: ignore[attr-defined]
                              spans=spans))
    rest = total - math.fsum(r.contribution for r in reasons)
    reasons.append(Reason(
        source="classifier_rest", contribution=rest,
        label="classifier: baseline and the rest of the text",
        detail={"model": model_version, "classifier_log_odds": log_odds},
    ))
    return reasons


def prior_reason(policy: ScoringPolicy) -> Reason:
    return Reason(source="prior", contribution=policy.rules_only_prior,
                  label="baseline (no classifier loaded for this kind)")


def total_logit(reasons: Sequence[Reason]) -> float:
    return math.fsum(reason.contribution for reason in reasons)
