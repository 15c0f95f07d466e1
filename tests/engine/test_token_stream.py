"""Token patterns compiled to RE2 over the one-character-per-token spelling of a doc."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher

from riskscreen.engine.nlp import get_nlp
from riskscreen.engine.rules.token_stream import TokenStreamMatcher, pattern_compiles
from tests.engine.test_tokens import _union  # spans merged per rule, as the rule set does


def _agree(patterns: list[list[dict[str, Any]]], text: str) -> set[tuple[str, int, int]]:
    nlp = get_nlp("en")
    mine, ref = TokenStreamMatcher(nlp.vocab), Matcher(nlp.vocab)
    for i, pattern in enumerate(patterns):
        assert mine.add(f"p{i}", pattern), pattern
        ref.add(f"p{i}", [pattern])
    doc = nlp.make_doc(text)
    expected = _union([(nlp.vocab.strings[k], s, e) for k, s, e in ref(doc)])
    found = _union(mine(doc))
    assert found == expected, text
    return found


COMPILED = [
    [{"LOWER": "placement"}, {"LOWER": {"IN": ["fee", "fees"]}}],
    [{"LOWER": {"IN": ["pay", "paid"]}}, {"OP": "{0,3}"}, {"LOWER": "fee"}],
    [{"LOWER": "debt"}, {"LOWER": {"NOT_IN": ["free", "relief"]}, "OP": "+"}],
    [{"LIKE_NUM": True}, {"LOWER": {"IN": ["hours", "hrs"]}}, {"IS_PUNCT": True, "OP": "?"}],
    [{"LOWER": "no"}, {"LOWER": "fee", "OP": "!"}, {"LOWER": "charged"}],
    [{"ORTH": {"IN": ["ID", "IDs"]}}, {"LOWER": "kept"}],
    [{"LOWER": {"NOT_IN": ["not"]}}, {"LOWER": "allowed"}, {"LOWER": "to"}, {"LOWER": "leave"}],
    [{"IS_SPACE": True, "OP": "*"}, {"LOWER": "whatsapp"}, {"IS_DIGIT": True, "OP": "{1,2}"}],
    [{"LOWER": "text"}, {"IS_TITLE": True, "LOWER": {"NOT_IN": ["us", "fee"]}}, {"LOWER": "only"}],
    [{"ORTH": "Mr."}, {"IS_TITLE": True}],
]


@pytest.mark.parametrize(
    "text",
    [
        "A placement fee is paid. We paid a big agency fee. Placement fees apply.",
        "The debt grows debt free debt relief. no big charged no fee charged",
        "Work 60 hours. seventy hrs, 12 hrs!",
        "Their ID kept. Their id kept. IDs kept by the office",
        "Workers are allowed to leave; workers are not allowed to leave.",
        "Call\n  WhatsApp 0 12 345",
        "Text Marek only. text marek only. Text Us only, text Fee only, TEXT Olek ONLY",
        "Mr. Karim, Mr. karim, Mr. Fee, mr. Fee, Mr. Mr. Ok",
        "",
        "débt ñandú über — “quotes” 😀 debt 😀",
    ],
)
def test_same_spans_as_spacy(text: str) -> None:
    _agree(COMPILED, text)


WORDS = ["placement", "fee", "fees", "pay", "paid", "the", "a", "debt", "free", "relief",
         "no", "charged", "60", "hours", "hrs", ".", ",", "ID", "id", "IDs", "kept", "not",
         "allowed", "to", "leave", "WhatsApp", "12", "\n", "Fee", "DEBT", "Text", "text",
         "Marek", "Us", "only", "Only", "Mr.", "mr."]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40))
def test_same_spans_as_spacy_property(words: list[str]) -> None:
    _agree(COMPILED, " ".join(words))


def test_orth_is_case_sensitive_and_lower_is_not() -> None:
    found = _agree([[{"ORTH": "RM"}], [{"LOWER": "rm"}]], "RM rm Rm")
    assert ("p0", 0, 1) in found and ("p0", 1, 2) not in found
    assert {("p1", 0, 1), ("p1", 1, 2), ("p1", 2, 3)} <= found


def test_is_title_is_read_from_each_token_of_a_word_named_in_lower_case() -> None:
    # "fee" is named by LOWER, so "Fee" and "fee" share the word but not the title flag.
    found = _agree([[{"IS_TITLE": True, "LOWER": {"IN": ["fee", "text"]}}]], "Fee fee FEE Text")
    assert {(s, e) for _, s, e in found} == {(0, 1), (3, 4)}


def test_not_in_excludes_only_the_named_words() -> None:
    # NOT_IN is a complement over the trie of named words: prefixes and extensions of a
    # named word are other words and must match.
    pattern = [{"LOWER": "no"}, {"LOWER": {"NOT_IN": ["fee", "fees"]}}]
    found = _agree([pattern], "no fee no fe no feess no fees no cost")
    assert {(s, e) for _, s, e in found} == {(2, 4), (4, 6), (8, 10)}


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LEMMA": "pay"}],
        [{"LOWER": {"REGEX": "^fees?$"}}],
        [{"LENGTH": {">": 3}}],
        [{"IS_UPPER": True}],
        [{"LOWER": {"IN": [1, 2]}}],
    ],
)
def test_patterns_outside_the_subset_are_refused(pattern: list[dict[str, Any]]) -> None:
    assert not pattern_compiles(pattern)
    matcher = TokenStreamMatcher(get_nlp("en").vocab)
    assert matcher.add("p", pattern) is False
    assert len(matcher) == 0


def test_a_spec_no_token_can_satisfy_matches_nothing() -> None:
    # A word that is punctuation and alphabetic at once: the class is empty, not an error.
    nlp = get_nlp("en")
    matcher = TokenStreamMatcher(nlp.vocab)
    assert matcher.add("p", [{"IS_ALPHA": True, "IS_PUNCT": True}])
    assert matcher(nlp.make_doc("fee . , word")) == []


def test_adding_patterns_after_a_call_recompiles_the_alphabet() -> None:
    nlp = get_nlp("en")
    matcher = TokenStreamMatcher(nlp.vocab)
    matcher.add("fee", [{"LOWER": "fee"}])
    doc = nlp.make_doc("a fee and a deposit")
    assert matcher(doc) == [("fee", 1, 2)]
    matcher.add("deposit", [{"LOWER": "deposit"}])
    assert sorted(matcher(doc)) == [("deposit", 4, 5), ("fee", 1, 2)]
