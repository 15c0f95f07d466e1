"""The combination formula on hand-made hits: additive, monotone, distinct beats repeated."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from riskscreen.engine.assessment import sigmoid
from riskscreen.engine.hits import IndicatorHit
from riskscreen.engine.scoring import (
    BANDS,
    ScoringPolicy,
    band_for,
    classifier_reasons,
    co_occurrence_reason,
    rule_reasons,
    total_logit,
)

POLICY = ScoringPolicy()


def hit(indicator: str, weight: float, start: int = 0, status: str = "stable", rule=None):
    return IndicatorHit(rule or f"{indicator}_rule", indicator, start, start + 3, "abc", weight,
                        "abc.", status)


def rules_logit(hits) -> float:
    reasons = rule_reasons(hits, {}, POLICY)
    extra = co_occurrence_reason(len({h.indicator for h in hits}), POLICY)
    return total_logit(reasons + ([extra] if extra else []))


def test_two_distinct_indicators_count_for_more_than_one_repeated():
    repeated = [hit("recruitment_fees", 1.5, 0), hit("recruitment_fees", 1.5, 10)]
    distinct = [hit("recruitment_fees", 1.5, 0), hit("retention_of_documents", 1.5, 10)]
    assert rules_logit(distinct) > rules_logit(repeated) > rules_logit(repeated[:1])


def test_status_counts_for_less_when_unproven():
    assert rules_logit([hit("debt_bondage", 2.0, status="experimental")]) == pytest.approx(1.0)
    assert rules_logit([hit("debt_bondage", 2.0, status="test")]) == pytest.approx(1.5)


hits_strategy = st.lists(
    st.builds(hit, st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]),
              st.floats(0.1, 4.0), st.integers(0, 500),
              st.sampled_from(["stable", "test", "experimental"])),
    max_size=12,
)


@given(hits_strategy, st.builds(hit, st.sampled_from(["a", "b", "z"]), st.floats(0.1, 4.0),
                                st.integers(0, 500)))
def test_adding_a_hit_never_lowers_the_logit(hits, extra):
    assert rules_logit([*hits, extra]) >= rules_logit(hits) - 1e-12


@given(hits_strategy)
def test_each_hit_gives_one_reason_and_they_sum(hits):
    reasons = rule_reasons(hits, {}, POLICY)
    assert len(reasons) == len(hits)
    assert all(r.contribution > 0 for r in reasons)
    assert total_logit(reasons) == pytest.approx(math.fsum(r.contribution for r in reasons))


class Term:
    def __init__(self, term, contribution, spans):
        self.term, self.contribution, self.spans = term, contribution, spans


def test_classifier_reasons_sum_to_its_weighted_log_odds_with_the_rest_term():
    text = "passport kept by agent"
    terms = [Term("passport", 0.9, [(0, 8)]), Term("agent", 0.4, [(17, 22)])]
    reasons = classifier_reasons(text, 1.7, terms, "job_ad-x", POLICY)
    weighted = POLICY.classifier_weight
    assert total_logit(reasons) == pytest.approx(weighted * 1.7)
    assert [r.contribution for r in reasons[:2]] == pytest.approx([weighted * 0.9, weighted * 0.4])
    assert reasons[-1].source == "classifier_rest"
    assert reasons[-1].contribution == pytest.approx(weighted * 0.4)
    assert [s.evidence for r in reasons[:2] for s in r.spans] == ["passport", "agent"]


def test_classifier_log_odds_are_clipped():
    reasons = classifier_reasons("x", 40.0, [], "m", POLICY)
    assert total_logit(reasons) == POLICY.classifier_weight * POLICY.classifier_clip
    low = classifier_reasons("x", -40.0, [], "m", POLICY)
    assert total_logit(low) == -POLICY.classifier_weight * POLICY.classifier_clip


def test_the_classifier_alone_cannot_make_a_document_critical():
    strongest = sigmoid(POLICY.classifier_weight * POLICY.classifier_clip) * 100
    assert band_for(strongest) != "critical"


@pytest.mark.parametrize("score,band", [(0, "low"), (BANDS[1][0] - 0.01, "low"),
                                        (BANDS[1][0], "medium"), (BANDS[2][0], "high"),
                                        (BANDS[3][0], "critical"), (100, "critical")])
def test_band_cut_offs(score, band):
    assert band_for(score) == band


def test_sigmoid_is_stable_at_the_extremes():
    assert sigmoid(-800) == 0.0 and sigmoid(800) == 1.0 and sigmoid(0) == 0.5
