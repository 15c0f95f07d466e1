"""The supplier score: reasons that add up, in the same log-odds form as documents."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskscreen.engine.assessment import Assessment, sigmoid
from riskscreen.engine.scoring import band_for
from riskscreen.suppliers.matching import EntityMatch
from riskscreen.suppliers.reference import IndexValue, Listing
from riskscreen.suppliers.scoring import SupplierPolicy, assess_supplier

POLICY = SupplierPolicy()
LISTINGS = {"cotton": Listing("cotton", ("child", "forced"), "DOL", "2022"),
            "garments": Listing("garments", ("forced",), "DOL", "2022")}


def match(status: str, strength: float = 95.0, key: str = "uflpa:e1") -> EntityMatch:
    return EntityMatch(key, "e1", "Example Co", "Example Co", "uflpa", "ref", ("CN",), strength,
                       status)


def audit(logit: float) -> Assessment:
    return Assessment(kind="audit", language="en", logit=logit, score=100 * sigmoid(logit),
                      band=band_for(100 * sigmoid(logit)), indicators=(), reasons=(), advice=(),
                      versions={"ruleset": "r", "model": "m"})


def assess(**overrides):
    arguments = dict(country="CN", goods=[], listings=LISTINGS, matches=[], index_values=[],
                     audit=None, versions={}, policy=POLICY)
    arguments.update(overrides)
    return assess_supplier(**arguments)


CASES = [
    {},
    {"goods": ["cotton"]},
    {"goods": ["cotton", "garments"]},
    {"matches": [match("match"), match("match", key="uflpa:e2")]},
    {"matches": [match("review", 80)]},
    {"index_values": [IndexValue("idx", 5, 0.5, "demo", "1")]},
    {"audit": audit(3.0)},
    {"audit": audit(-9.0)},
    {"goods": ["cotton"], "matches": [match("confirmed", 40)], "audit": audit(1.0),
     "index_values": [IndexValue("idx", 5, 1.0, "demo", "1")]},
]


@pytest.mark.parametrize("case", CASES)
def test_contributions_sum_exactly_to_the_logit_and_score(case):
    result = assess(**case)
    assert math.isclose(math.fsum(r.contribution for r in result.reasons), result.logit,
                        abs_tol=1e-12)
    assert result.score == pytest.approx(100 * sigmoid(result.logit))
    assert result.band == band_for(result.score)


def test_no_evidence_is_the_baseline_and_low():
    result = assess(listings={})
    assert [r.source for r in result.reasons] == ["baseline"]
    assert result.band == "low"


def test_listed_goods_count_forced_and_child_and_name_the_edition():
    result = assess(goods=["cotton"])
    listed = [r for r in result.reasons if r.source == "goods_listing"]
    assert {r.detail["type"] for r in listed} == {"forced", "child"}
    assert all(r.detail["edition"] == "2022" for r in listed)


def test_a_second_listing_of_the_same_type_counts_a_fraction():
    one = assess(goods=["garments"]).logit
    two = assess(goods=["garments", "cotton"]).logit
    assert two - one == pytest.approx(POLICY.child_listing + POLICY.forced_listing *
                                      POLICY.repeat_decay)


def test_country_with_other_listed_goods_adds_a_little():
    result = assess(goods=["toys"])
    assert [r.source for r in result.reasons] == ["baseline", "country_listing"]


def test_a_match_counts_far_more_than_a_review_candidate_and_rejected_nothing():
    matched = assess(matches=[match("match")]).logit
    review = assess(matches=[match("review", 80)]).logit
    rejected = assess(matches=[match("rejected")]).logit
    base = assess().logit
    assert matched > review > base == rejected


def test_audit_findings_are_weighted_and_clipped():
    high = assess(audit=audit(50.0))
    reason = next(r for r in high.reasons if r.source == "audit_findings")
    assert reason.contribution == pytest.approx(POLICY.audit_weight * POLICY.audit_clip[1])
    clean = assess(audit=audit(-50.0))
    reason = next(r for r in clean.reasons if r.source == "audit_findings")
    assert reason.contribution == pytest.approx(POLICY.audit_weight * POLICY.audit_clip[0])


@settings(max_examples=200, deadline=None)
@given(
    goods=st.lists(st.sampled_from(["cotton", "garments", "toys", "tea"]), max_size=4,
                   unique=True),
    statuses=st.lists(st.sampled_from(["match", "review", "confirmed", "rejected"]),
                      max_size=4),
    audit_logit=st.none() | st.floats(-30, 30),
    index=st.lists(st.floats(0, 1), max_size=3),
)
def test_reasons_always_add_up(goods, statuses, audit_logit, index):
    result = assess(
        goods=goods,
        matches=[match(s, 80.0 + i, key=f"l:{i}") for i, s in enumerate(statuses)],
        audit=None if audit_logit is None else audit(audit_logit),
        index_values=[IndexValue(f"i{n}", v, v, "demo", "1") for n, v in enumerate(index)],
    )
    assert math.isclose(math.fsum(r.contribution for r in result.reasons), result.logit,
                        abs_tol=1e-9)
    assert 0 <= result.score <= 100
    assert result.band == band_for(result.score)
