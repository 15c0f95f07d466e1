"""Rows of an upload -> one result per row: normalised fields, issues, matches and score.

A row that cannot be used (no name, unknown country, spend that is not a number) still gets a
result, with status "error" and every issue listed by row, column and reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from riskscreen.engine.assessment import Assessment
from riskscreen.suppliers.countries import normalise_country
from riskscreen.suppliers.goods import GoodsNormaliser
from riskscreen.suppliers.matching import EntityIndex, EntityMatch, normalise_name
from riskscreen.suppliers.reading import RawRow
from riskscreen.suppliers.reference import ReferenceData
from riskscreen.suppliers.scoring import SupplierPolicy, SupplierScorer

# texts -> one Assessment each (the text engine on kind "audit"); None: audit text not screened
AuditScreen = Callable[[Sequence[str]], Sequence[Assessment]]

_CURRENCY = re.compile(r"^(?:[A-Za-z]{3}|[$€£¥₹])\s*|\s*(?:[A-Za-z]{3}|[$€£¥₹])$")
_THOUSANDS = re.compile(r"[\s\u00a0\u202f']")


def parse_spend(raw: str) -> float | None:
    """"1,234.56", "1.234,56", "$ 1 200", "EUR 3400" -> float; "" -> None; ValueError else."""
    if not raw.strip():
        return None
    text = _CURRENCY.sub("", raw.strip()).strip()
    if not text:
        raise ValueError(f"not an amount: {raw!r}")
    text = _THOUSANDS.sub("", text)
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()")
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        head, _, tail = text.rpartition(",")
        text = text.replace(",", "") if len(tail) == 3 and head else text.replace(",", ".")
    if not re.fullmatch(r"[+-]?\d+(?:\.\d+)?", text):
        raise ValueError(f"not an amount: {raw!r}")
    value = float(text)
    return -value if negative else value


@dataclass
class ScreeningContext:
    """Everything a job needs to screen rows; built once per job, no database or Flask."""

    reference: ReferenceData
    headers: Mapping[str, str]  # our field -> the file's header, for row issues
    decisions: Mapping[tuple[str, str], str] = field(default_factory=dict)
    audit_screen: AuditScreen | None = None
    policy: SupplierPolicy = field(default_factory=SupplierPolicy)
    match_threshold: float | None = None
    review_threshold: float | None = None
    versions: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.goods = GoodsNormaliser(self.reference.vocabulary)
        thresholds = {k: v for k, v in (("match_threshold", self.match_threshold),
                                        ("review_threshold", self.review_threshold))
                      if v is not None}
        self.index = EntityIndex(self.reference.entities, **thresholds)
        for item in self.reference.provenance:
            self.versions.setdefault(f"reference:{item['kind']}:{item['name']}",
                                     str(item["edition"]))
        self._matches: dict[str, list[EntityMatch]] = {}
        self.scorer = SupplierScorer(self.reference.goods, self.reference.country_index,
                                     self.policy, self.versions)

    def match_all(self, rows: Sequence[RawRow]) -> None:
        """Match every name of a whole list at once (far fewer, larger blocks than chunk by
        chunk); screen_rows then looks the results up."""
        names = {normalise_name(r.values.get("name", "")) for r in rows
                 if r.values.get("name")}
        self._matches = self.index.match(names, self.decisions)

    def matches(self, names: Sequence[str]) -> dict[str, list[EntityMatch]]:
        missing = [n for n in names if n and n not in self._matches]
        if missing:
            self._matches.update(self.index.match(missing, self.decisions))
        return self._matches


def _issue(ctx: ScreeningContext, row: int, our: str, reason: str) -> dict[str, Any]:
    return {"row": row, "column": ctx.headers.get(our, our), "field": our, "reason": reason}


def _prepare(ctx: ScreeningContext, raw: RawRow) -> dict[str, Any]:
    values = raw.values
    issues = []
    name = values.get("name", "")
    country_input = values.get("country", "")
    country = normalise_country(country_input)
    if not name:
        issues.append(_issue(ctx, raw.row, "name", "the supplier name is empty"))
    if not country_input:
        issues.append(_issue(ctx, raw.row, "country", "the country is empty"))
    elif country is None:
        issues.append(_issue(ctx, raw.row, "country", f"unknown country {country_input!r}"))
    spend: float | None = None
    try:
        spend = parse_spend(values.get("spend", ""))
    except ValueError:
        issues.append(_issue(ctx, raw.row, "spend",
                             f"spend {values.get('spend')!r} is not a number"))
    goods = ctx.goods.normalise(values.get("goods", ""))
    return {
        "row": raw.row,
        "status": "error" if issues else "ok",
        "name": name,
        "name_normalised": normalise_name(name) if name else "",
        "country_input": country_input,
        "country": country,
        "goods_input": values.get("goods", ""),
        "goods": list(goods.goods),
        "goods_unmapped": list(goods.unmapped),
        "address": values.get("address", ""),
        "identifiers": values.get("identifiers", ""),
        "spend": spend,
        "tier": values.get("tier", ""),
        "audit_findings": values.get("audit_findings", ""),
        "score": None, "band": None, "logit": None,
        "reasons": [], "advice": [], "entity_matches": [], "audit": None,
        "issues": issues,
        "warnings": [],
    }


def _match_dict(match: EntityMatch) -> dict[str, Any]:
    return {"entity_id": match.entity_key, "name": match.name,
            "matched_name": match.matched_name, "list": match.list_name,
            "reference": match.reference, "countries": list(match.countries),
            "strength": match.strength, "status": match.status}


def screen_rows(ctx: ScreeningContext, rows: Sequence[RawRow]) -> list[dict[str, Any]]:
    """One JSON-ready result per row, in the rows' order."""
    results = [_prepare(ctx, raw) for raw in rows]
    usable = [r for r in results if r["status"] == "ok"]
    matches = ctx.matches([r["name_normalised"] for r in usable])
    audits: dict[int, Assessment] = {}
    with_text = [i for i, r in enumerate(results) if r["status"] == "ok" and r["audit_findings"]]
    if ctx.audit_screen is not None and with_text:
        assessed = ctx.audit_screen([results[i]["audit_findings"] for i in with_text])
        audits = dict(zip(with_text, assessed, strict=True))
    for position, result in enumerate(results):
        if result["status"] != "ok":
            continue
        country = result["country"]
        found = matches.get(result["name_normalised"], [])
        audit = audits.get(position)
        assessment = ctx.scorer.assess(country, result["goods"], found, audit)
        result["score"] = round(assessment.score, 2)
        result["band"] = assessment.band
        result["logit"] = assessment.logit
        result["reasons"] = [
            {"source": r.source, "contribution": r.contribution, "label": r.label,
             "detail": r.detail} for r in assessment.reasons]
        result["advice"] = [{"about": a.indicator, "advice": a.advice}
                            for a in assessment.advice]
        result["entity_matches"] = [_match_dict(m) for m in found]
        if result["audit_findings"] and audit is None:
            result["warnings"].append(_issue(ctx, result["row"], "audit_findings",
                                             "audit text not screened: no text engine loaded"))
        if audit is not None:
            result["audit"] = {"score": round(audit.score, 2), "band": audit.band,
                               "indicators": audit.indicator_ids}
    return results
