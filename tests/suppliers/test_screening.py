"""Rows -> results: bad rows listed by row and column, never dropped; audit text pluggable."""

from __future__ import annotations

import math

import pytest

from riskscreen.engine.assessment import Assessment
from riskscreen.suppliers.reading import RawRow
from riskscreen.suppliers.reference import EntityRecord, GoodsRecord, ReferenceData
from riskscreen.suppliers.screening import ScreeningContext, parse_spend, screen_rows


@pytest.fixture
def reference():
    data = ReferenceData()
    data.add_goods([GoodsRecord("garments", "BD", True, False),
                    GoodsRecord("gloves", "MY", False, True)], "DOL", "2022")
    data.entities = [EntityRecord("e1", "Silverleaf Glove Manufacturing Sdn Bhd", (), ("MY",),
                                  "demo", "ref")]
    return data


HEADERS = {"name": "Vendor", "country": "Land", "spend": "Annual Spend", "goods": "Product",
           "audit_findings": "Audit notes"}


def row(number: int, **values: str) -> RawRow:
    return RawRow(number, values)


def test_every_row_gets_a_result_in_order_and_bad_ones_say_why(reference):
    ctx = ScreeningContext(reference=reference, headers=HEADERS)
    rows = [
        row(2, name="Silverleaf Glove Manufacturing", country="Malaysia", goods="nitrile gloves"),
        row(3, name="", country="Narnia", spend="lots"),
        row(4, name="Dhaka Knit", country="", goods="tee shirts"),
        row(5, name="Fine Co", country="DE", spend="1.200,00"),
    ]
    results = screen_rows(ctx, rows)
    assert [(r["row"], r["status"]) for r in results] == [
        (2, "ok"), (3, "error"), (4, "error"), (5, "ok")]
    assert results[1]["issues"] == [
        {"row": 3, "column": "Vendor", "field": "name", "reason": "the supplier name is empty"},
        {"row": 3, "column": "Land", "field": "country", "reason": "unknown country 'Narnia'"},
        {"row": 3, "column": "Annual Spend", "field": "spend",
         "reason": "spend 'lots' is not a number"},
    ]
    assert results[2]["issues"][0]["reason"] == "the country is empty"
    assert results[1]["score"] is None and results[1]["band"] is None
    assert results[3]["spend"] == 1200.0
    first = results[0]
    assert first["goods"] == ["gloves"]
    assert [m["status"] for m in first["entity_matches"]] == ["match"]
    assert math.isclose(sum(r["contribution"] for r in first["reasons"]), first["logit"])
    assert {r["source"] for r in first["reasons"]} == {"baseline", "goods_listing",
                                                      "entity_match"}


def test_audit_text_is_screened_by_the_callable_given(reference):
    seen: list[list[str]] = []

    def stub(texts):
        seen.append(list(texts))
        return [Assessment(kind="audit", language="en", logit=4.0, score=98.2, band="critical",
                           indicators=(), reasons=(), advice=(), versions={}) for _ in texts]

    ctx = ScreeningContext(reference=reference, headers=HEADERS, audit_screen=stub)
    results = screen_rows(ctx, [row(2, name="A", country="BD", audit_findings="passports kept"),
                                row(3, name="B", country="BD"),
                                row(4, name="", country="BD", audit_findings="not screened")])
    assert seen == [["passports kept"]]  # once per chunk, only usable rows with text
    assert results[0]["audit"]["band"] == "critical"
    assert any(r["source"] == "audit_findings" for r in results[0]["reasons"])
    assert results[1]["audit"] is None


def test_without_a_text_engine_audit_text_is_flagged_not_ignored(reference):
    ctx = ScreeningContext(reference=reference, headers=HEADERS)
    (result,) = screen_rows(ctx, [row(2, name="A", country="BD", audit_findings="x")])
    assert result["warnings"][0]["field"] == "audit_findings"


@pytest.mark.parametrize("raw,value", [
    ("", None), ("1200", 1200.0), ("1,234.56", 1234.56), ("1.234,56", 1234.56),
    ("$ 1 200", 1200.0), ("EUR 3400", 3400.0), ("12,5", 12.5), ("(300)", -300.0),
    ("1'000", 1000.0),
])
def test_spend_formats(raw, value):
    assert parse_spend(raw) == value


@pytest.mark.parametrize("raw", ["abc", "12k", "1.2.3", "USD", "n/a"])
def test_unparseable_spend(raw):
    with pytest.raises(ValueError):
        parse_spend(raw)
