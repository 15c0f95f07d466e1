"""The anchored token matcher gives the same spans as spaCy's Matcher."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher
from spacy.tokens import Doc

from riskscreen import paths
from riskscreen.engine.evaluation import read_records
from riskscreen.engine.nlp import get_nlp
from riskscreen.engine.rules import RuleSet
from riskscreen.engine.rules.anchors import choose_anchor, op_bounds
from riskscreen.engine.rules.model import TokenPattern
from riskscreen.engine.rules.ruleset import merge_overlapping
from riskscreen.engine.rules.tokens import TokenMatcher, unsupported
from riskscreen.engine.rules.wordfreq import LOGPROB

PATTERNS: list[list[dict[str, Any]]] = [
    [{"LOWER": "placement"}, {"LOWER": {"IN": ["fee", "fees"]}}],
    [{"LEMMA": {"IN": ["pay", "charge"]}}, {"OP": "?"}, {"OP": "?"}, {"LEMMA": "fee"}],
    [{"LEMMA": "passport"}, {"LOWER": {"IN": ["are", "were", "is"]}, "OP": "*"}, {"LEMMA": "keep"}],
    [{"OP": "{0,3}"}, {"LOWER": "debt"}, {"LOWER": {"NOT_IN": ["free"]}, "OP": "+"}],
    [{"LIKE_NUM": True}, {"LOWER": {"IN": ["hours", "hrs"]}}, {"IS_PUNCT": True, "OP": "?"}],
    [{"LOWER": "no"}, {"LOWER": "fee", "OP": "!"}, {"LOWER": "charged"}],
    [{"LENGTH": {">=": 9}, "IS_ALPHA": True}, {"LOWER": "fee"}],
    [{"LOWER": {"REGEX": "^over-?time$"}}, {"IS_DIGIT": True, "OP": "{1,2}"}],
    [{"ORTH": "RM"}, {"LIKE_NUM": True}],
    [{"IS_TITLE": True}, {"LOWER": {"IN": ["agency", "company"]}}],
]
WORDS = ["placement", "fee", "fees", "pay", "paid", "paying", "the", "a", "Passports", "passport",
         "are", "were", "kept", "keeps", "debt", "free", "no", "charged", "60", "hours", "hrs",
         ".", ",", "RM", "3,000", "overtime", "over-time", "12", "Agency", "company", "recruitment",
         "\n"]  # fmt: skip


def _union(pairs: list[tuple[str, int, int]]) -> set[tuple[str, int, int]]:
    class _R:
        def __init__(self, key: str) -> None:
            self.id = key

    rules = {key: _R(key) for key, _, _ in pairs}
    merged = merge_overlapping((rules[k], s, e) for k, s, e in pairs)  # type: ignore[misc]
    return {(r.id, s, e) for r, s, e in merged}


def _both(patterns: list[list[dict[str, Any]]]) -> tuple[TokenMatcher, Matcher]:
    nlp = get_nlp("en")
    mine, ref = TokenMatcher(nlp.vocab, LOGPROB["en"]), Matcher(nlp.vocab)
    for i, pattern in enumerate(patterns):
        mine.add(f"p{i}", pattern)
        ref.add(f"p{i}", [pattern])
    return mine, ref


def _agree(mine: TokenMatcher, ref: Matcher, doc: Doc) -> None:
    strings = doc.vocab.strings
    expected = _union([(strings[k], s, e) for k, s, e in ref(doc)])
    assert _union(mine(doc)) == expected, doc.text


@pytest.mark.parametrize(
    "text",
    [
        "A placement fee is paid. We pay a big fee. Passports are were kept.",
        "The debt grows debt free debt. no big charged no fee charged",
        "Work 60 hours. 70 hrs, overtime 12 3 over-time 4",
        "Recruitment fee RM 3,000 to the Agency\nCompany",
        "",
    ],
)
def test_same_spans_as_spacy(text: str) -> None:
    mine, ref = _both(PATTERNS)
    _agree(mine, ref, get_nlp("en")(text))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30))
def test_same_spans_as_spacy_property(words: list[str]) -> None:
    mine, ref = _both(PATTERNS)
    _agree(mine, ref, get_nlp("en")(" ".join(words)))


def test_same_spans_as_spacy_for_shipped_rules_on_corpus(shipped_ruleset: RuleSet) -> None:
    records = [r for r in read_records([paths.corpus_path()]) if r.get("language") == "en"]
    assert len(records) > 500  # the shipped corpus
    patterns = [
        list(t)
        for rule in shipped_ruleset.rules
        if "en" in rule.languages
        for p in rule.patterns
        if isinstance(p, TokenPattern)
        for t in p.tokens
    ]
    mine, ref = _both(patterns)
    for doc in get_nlp("en").pipe(r["text"] for r in records):
        _agree(mine, ref, doc)


@pytest.mark.parametrize(
    ("op", "bounds"),
    [(None, (1, 1)), ("?", (0, 1)), ("*", (0, None)), ("+", (1, None)), ("!", (1, 1)),
     ("{2}", (2, 2)), ("{1,3}", (1, 3)), ("{2,}", (2, None)), ("{,4}", (0, 4))],
)  # fmt: skip
def test_op_bounds(op: str | None, bounds: tuple[int, int | None]) -> None:
    assert op_bounds(op) == bounds


def test_anchor_prefers_bounded_start_and_rare_words() -> None:
    stop = {"the": -3.5, "a": -3.9}
    # "fee" is rare; its open start is fine because it occurs exactly once (matched outwards)
    anchor = choose_anchor([{"LOWER": {"IN": ["the", "a"]}}, {"OP": "*"}, {"LOWER": "fee"}], stop)
    assert anchor is not None and (anchor.index, anchor.before) == (2, None)
    # a repeated anchor with an open start would be tried from every earlier token
    pattern = [{"LOWER": {"IN": ["the", "a"]}}, {"OP": "*"}, {"LOWER": "fee", "OP": "+"}]
    anchor = choose_anchor(pattern, stop)
    assert anchor is not None and anchor.index == 0
    anchor = choose_anchor([{"LOWER": {"IN": ["the", "a"]}}, {"LOWER": "fee"}], stop)
    assert anchor is not None and (anchor.index, anchor.before) == (1, 1)
    assert choose_anchor([{"OP": "?"}, {"IS_DIGIT": True}], stop) is None


def test_unsupported_attributes() -> None:
    assert unsupported([{"LOWER": "fee", "OP": "?"}, {"LENGTH": {">": 3}}]) == []
    assert "POS" in unsupported([{"POS": "NOUN"}])[0]
    assert "FUZZY" in unsupported([{"LOWER": {"FUZZY": "fee"}}])[0]
