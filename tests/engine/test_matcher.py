"""Spans: text[start:end] == evidence on the text as submitted, whatever it contains."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskscreen.engine.document import Document
from riskscreen.engine.rules import RuleSet
from riskscreen.engine.rules.matcher import matching_view
from riskscreen.engine.rules.ruleset import merge_overlapping

SPAN_CASES = [
    "A placement fee of USD 1,500 is paid before departure.",
    "😀😀 A placement fee 😀 of RM 3,000\r\nPassports are kept by the company.\r\n",
    "Pay a fee of\u00a0RM\u00a0500 – “placement fee” – and we’ll hold your passport.",
    "\ufeffRECRUITMENT FEE: RM 4000\n\n\tPASSPORTS WERE HELD by the agent 👷🏽‍♀️",
    "Zalgo p̷l̷a̷c̷e̷m̷e̷n̷t̷ fee, then a placement fee of $200 and a placement\u2028fee.",
    "家 placement fee 家 fee of usd 20",
]


def _check_spans(ruleset: RuleSet, text: str) -> list[str]:
    trace = ruleset.match_with_trace(Document(text, language="en"))
    for hit in trace.hits + [s.hit for s in trace.suppressed]:
        assert hit.start is not None and hit.end is not None
        assert text[hit.start : hit.end] == hit.evidence
        assert hit.sentence is not None and hit.evidence.strip() and hit.evidence in text
        assert text[hit.sentence_start : hit.sentence_end] == hit.sentence
    for s in trace.suppressed:
        assert text[s.cue_start : s.cue_end] == s.cue
    return [h.rule_id for h in trace.hits]


@pytest.mark.parametrize("text", SPAN_CASES)
def test_span_invariant(ruleset: RuleSet, text: str) -> None:
    assert _check_spans(ruleset, text)  # every case has at least one hit


def test_regex_hit_after_emoji_and_crlf(ruleset: RuleSet) -> None:
    text = "😀\r\n😀 Pay a fee of RM 3,000 now."
    hits = [h for h in ruleset.match(Document(text, language="en")) if h.rule_id == "fees_regex"]
    assert [(h.evidence, text[h.start : h.end]) for h in hits if h.start is not None] == [
        ("fee of RM 3,000",) * 2
    ]


def test_matching_view_keeps_offsets() -> None:
    text = "a\u00a0b\u2019c\u201cd\u2013e😀\r\n"
    view = matching_view(text)
    assert len(view) == len(text)
    assert view == "a b'c\"d-e😀\r\n"


_ALPHABET = st.sampled_from(
    [
        "placement",
        " fee",
        " of",
        " RM",
        " 500",
        " passport",
        " held",
        " kept",
        " are",
        " no",
        " not",
        "\r\n",
        "\n",
        "\u00a0",
        "😀",
        "é",
        "’",
        "—",
        ".",
        ",",
        " ",
        "\t",
        "家",
        "FEE",
        "Placement",
    ]
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_ALPHABET, max_size=40).map("".join) | st.text(max_size=80))
def test_spans_index_the_text_exactly(ruleset: RuleSet, text: str) -> None:
    _check_spans(ruleset, text)


def test_merge_overlapping_hits_of_one_rule(ruleset: RuleSet) -> None:
    rule, other = ruleset.by_id["fees_phrase"], ruleset.by_id["fees_regex"]
    merged = merge_overlapping(
        [(rule, 0, 5), (rule, 3, 9), (rule, 9, 12), (other, 2, 4), (rule, 20, 22)]
    )
    assert sorted((r.id, s, e) for r, s, e in merged) == [
        ("fees_phrase", 0, 9),
        ("fees_phrase", 9, 12),
        ("fees_phrase", 20, 22),
        ("fees_regex", 2, 4),
    ]


def test_overlapping_token_matches_become_one_hit(ruleset: RuleSet) -> None:
    # The token pattern with OP "*" matches "passports are kept" and "passports kept" variants.
    text = "Passports are are kept by the agent."
    hits = [
        h for h in ruleset.match(Document(text, language="en")) if h.rule_id == "passport_tokens"
    ]
    assert [h.evidence for h in hits] == ["Passports are are kept"]
