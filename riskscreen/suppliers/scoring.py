"""The supplier score: the same additive log-odds form as document screening.

    logit = baseline
          + goods listings   (forced labour, child labour: the supplier's goods listed for its
                              country; a second listing of the same type counts a fraction)
          + country listings (the country has listings, for other goods than these)
          + entity matches   (a match or a confirmed pair; a review candidate counts less)
          + country indices  (each indicator, scaled 0..1 over the imported countries)
          + audit findings   (the text engine's log-odds on the audit text, relative to its
                              baseline, weighted and clipped)
    score = 100 * sigmoid(logit), band from riskscreen.engine.scoring.band_for

Every term is one Reason; their contributions sum exactly to the logit. docs/suppliers.md
gives the constants and why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from riskscreen.engine.assessment import Advice, Assessment, Reason, logit, sigmoid
from riskscreen.engine.scoring import band_for
from riskscreen.suppliers.countries import country_name
from riskscreen.suppliers.matching import EntityMatch
from riskscreen.suppliers.reference import IndexValue, Listing


@dataclass(frozen=True)
class SupplierPolicy:
    """The constants of the supplier formula, in one place."""

    baseline: float = logit(0.05)
    forced_listing: float = 2.2
    child_listing: float = 1.3
    repeat_decay: float = 0.3  # a further listing of the same type counts this fraction
    country_other_goods: float = 0.4
    entity_match: float = 4.0
    entity_review: float = 1.0
    entity_extra: float = 0.5  # each further matched entity
    entity_extra_cap: int = 2
    index_weight: float = 0.8
    audit_weight: float = 0.8
    audit_reference: float = logit(0.1)  # the text engine's baseline log-odds
    audit_clip: tuple[float, float] = (-1.0, 4.0)


ADVICE = {
    "goods_listing": "Trace the listed goods to their origin: ask the supplier for the "
                     "source of raw materials, and audit against forced and child labour.",
    "entity_match": "Check the match against the list's reference; if it holds, do not "
                    "source from this supplier without legal review (e.g. UFLPA rebuttal).",
    "entity_review": "An analyst should confirm or reject the candidate entity match.",
    "audit_findings": "Follow up the audit findings with a corrective action plan and a "
                      "worker-voice check.",
}


_ADVICE = {source: Advice(indicator=source, name=source.replace("_", " "), advice=text)
           for source, text in ADVICE.items()}


def goods_reasons(
    country: str, goods: Sequence[str], listings: dict[str, Listing], policy: SupplierPolicy
) -> list[Reason]:
    reasons = []
    seen = {"forced": 0, "child": 0}
    for good in goods:
        listing = listings.get(good)
        if listing is None:
            continue
        for kind in ("forced", "child"):
            if kind not in listing.types:
                continue
            weight = policy.forced_listing if kind == "forced" else policy.child_listing
            contribution = weight * policy.repeat_decay ** seen[kind]
            seen[kind] += 1
            reasons.append(Reason(
                source="goods_listing", contribution=contribution,
                label=f"{good} from {country_name(country)} is listed for {kind} labour "
                      f"({listing.source}, {listing.edition})",
                detail={"good": good, "country": country, "type": kind,
                        "source": listing.source, "edition": listing.edition},
            ))
    if not reasons and listings:
        reasons.append(Reason(
            source="country_listing", contribution=policy.country_other_goods,
            label=f"{country_name(country)} has listed goods, but not these",
            detail={"country": country, "listed_goods": _listed(listings)},
        ))
    return reasons


def _listed(listings: dict[str, Listing]) -> list[str]:
    return sorted(listings)[:20]


def entity_reasons(matches: Sequence[EntityMatch], policy: SupplierPolicy) -> list[Reason]:
    reasons = []
    counted = [m for m in matches if m.counts]
    for rank, match in enumerate(counted[: 1 + policy.entity_extra_cap]):
        contribution = policy.entity_match if rank == 0 else policy.entity_extra
        how = "confirmed by an analyst" if match.status == "confirmed" else "match"
        reasons.append(Reason(
            source="entity_match", contribution=contribution,
            label=f"{how}: '{match.name}' on {match.list_name} (strength {match.strength:.0f})",
            detail=_match_detail(match),
        ))
    if not counted:
        review = [m for m in matches if m.status == "review"]
        if review:
            best = review[0]
            reasons.append(Reason(
                source="entity_review", contribution=policy.entity_review,
                label=f"possible match for review: '{best.name}' on {best.list_name} "
                      f"(strength {best.strength:.0f})",
                detail={**_match_detail(best), "candidates": len(review)},
            ))
    return reasons


def _match_detail(match: EntityMatch) -> dict[str, object]:
    return {"entity_id": match.entity_key, "name": match.name,
            "matched_name": match.matched_name, "list": match.list_name,
            "reference": match.reference, "strength": match.strength, "status": match.status}


def index_reasons(values: Sequence[IndexValue], policy: SupplierPolicy) -> list[Reason]:
    return [Reason(
        source="country_index", contribution=policy.index_weight * value.normalised,
        label=f"{value.indicator}: {value.value:g} ({value.source}, {value.edition})",
        detail={"indicator": value.indicator, "value": value.value,
                "scaled": round(value.normalised, 4), "source": value.source,
                "edition": value.edition},
    ) for value in values]


def audit_reason(audit: Assessment, policy: SupplierPolicy) -> Reason:
    low, high = policy.audit_clip
    relative = audit.logit - policy.audit_reference
    contribution = policy.audit_weight * min(high, max(low, relative))
    found = ", ".join(audit.indicator_ids[:5]) or "no indicators"
    return Reason(
        source="audit_findings", contribution=contribution,
        label=f"audit findings screened: {audit.score:.0f} ({audit.band}); {found}",
        detail={"score": round(audit.score, 2), "band": audit.band,
                "indicators": audit.indicator_ids, "versions": audit.versions,
                "reasons": [{"label": r.label, "contribution": round(r.contribution, 4)}
                            for r in audit.reasons[:5]]},
    )


class SupplierScorer:
    """Scores suppliers against one reference snapshot. The reasons that depend only on the
    country and goods are built once per (country, goods) and shared (reasons are
    immutable): a 100,000-row list has far fewer distinct pairs."""

    def __init__(
        self,
        goods: dict[str, dict[str, Listing]],
        country_index: dict[str, list[IndexValue]],
        policy: SupplierPolicy,
        versions: dict[str, str],
    ) -> None:
        self.goods = goods
        self.country_index = country_index
        self.policy = policy
        self.versions = versions
        self._baseline = Reason(source="baseline", contribution=policy.baseline,
                                label="baseline for any supplier")
        self._fixed: dict[tuple[str, tuple[str, ...]], list[Reason]] = {}

    def _country_reasons(self, country: str, goods: Sequence[str]) -> list[Reason]:
        cache_key = (country, tuple(goods))
        found = self._fixed.get(cache_key)
        if found is None:
            found = goods_reasons(country, goods, self.goods.get(country, {}), self.policy)
            found += index_reasons(self.country_index.get(country, []), self.policy)
            self._fixed[cache_key] = found
        return found

    def assess(
        self, country: str, goods: Sequence[str], matches: Sequence[EntityMatch],
        audit: Assessment | None,
    ) -> Assessment:
        """One supplier's Assessment: reasons that add up to the logit, score, band, advice."""
        reasons = [self._baseline, *self._country_reasons(country, goods)]
        if matches:
            reasons += entity_reasons(matches, self.policy)
        if audit is not None:
            reasons.append(audit_reason(audit, self.policy))
        total = math.fsum(r.contribution for r in reasons)
        score = 100.0 * sigmoid(total)
        sources = {r.source for r in reasons if r.contribution > 0}
        advice = tuple(item for source, item in _ADVICE.items() if source in sources)
        return Assessment(kind="supplier", language=None, logit=total, score=score,
                          band=band_for(score), indicators=(), reasons=tuple(reasons),
                          advice=advice, versions=self.versions)


def assess_supplier(
    *,
    country: str,
    goods: Sequence[str],
    listings: dict[str, Listing],
    matches: Sequence[EntityMatch],
    index_values: Sequence[IndexValue],
    audit: Assessment | None,
    versions: dict[str, str],
    policy: SupplierPolicy,
) -> Assessment:
    """One supplier scored on its own (SupplierScorer does the same for many)."""
    scorer = SupplierScorer({country: listings}, {country: list(index_values)}, policy,
                            versions)
    return scorer.assess(country, goods, matches, audit)
