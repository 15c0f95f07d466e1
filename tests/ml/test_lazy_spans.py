"""TermContribution spans, found on first read by the scorer's shared SpanFinder.

The lazily found spans are held to spans found directly by a fresh SpanFinder for the same
text and term, and (where lowercasing keeps offsets) to the slow scan of test_explain.
"""

from __future__ import annotations

import itertools
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskscreen.ml.registry import LoadedModel, ModelRegistry
from riskscreen.ml.scoring import DEFAULT_TOKEN_PATTERN, TermContribution
from riskscreen.ml.spans import SpanFinder

from .helpers import FILLER, RISK_PHRASES, SAFE_PHRASES
from .test_explain import reference_spans

TOKEN_PATTERN = re.compile(DEFAULT_TOKEN_PATTERN)
TEXTS = [
    *RISK_PHRASES["job_ad"],
    *SAFE_PHRASES["job_ad"],
    " ".join(RISK_PHRASES["job_ad"][:4] + FILLER[:2]),
    "URGENT!! Pay the Agency FEE of $1,500.\r\nYour PASSPORT will be kept by the employer.",
    "fee, fee; FEE! e-mail (fee) Fee's 5,000 -- a passport.passport",
    "İstanbul agency: pay the agency fee, İŞÇİ keep passport İİİ fee",  # lower() is longer
    "Straße STRASSE straße fee 😀 fee",
    "",
    "   ",
]


def fresh(text: str, term: str) -> list[tuple[int, int]]:
    """The term's spans from a new SpanFinder (nothing cached)."""
    return SpanFinder().find(text, {term})[term]


def copy_of(text: str) -> str:
    """An equal str that is another object."""
    other = "".join(list(text))
    assert other == text
    assert other is not text or not text  # "" may be interned
    return other


@pytest.fixture(scope="module")
def model(built_models) -> LoadedModel:  # type: ignore[no-untyped-def]
    registry = ModelRegistry(built_models)
    version = next(v.version for v in registry.versions("job_ad"))
    return registry.load(version)


def test_lazy_spans_equal_a_direct_span_finder(model: LoadedModel) -> None:
    _, explanations = model.explain_batch(TEXTS, top_k=10**6)
    items = [(text, t) for text, terms in zip(TEXTS, explanations, strict=True) for t in terms]
    assert len(items) > 100
    random.Random(3).shuffle(items)  # read in an order that keeps switching texts
    for text, item in items:
        assert item.spans == fresh(text, item.term), (text, item.term)
        if len(text.lower()) == len(text):
            assert item.spans == reference_spans(text, item.term), (text, item.term)


def test_spans_are_read_after_other_texts_were_explained(model: LoadedModel) -> None:
    first = copy_of(TEXTS[-6])
    _, (early,) = model.explain_batch([first], top_k=20)
    for text in TEXTS:  # the shared finder sees many other texts meanwhile
        _, (terms,) = model.explain_batch([text], top_k=20)
        for item in terms[:3]:
            assert item.spans == fresh(text, item.term)
    for item in early:
        assert item.spans == fresh(first, item.term), item.term
        if len(first.lower()) == len(first):
            assert item.spans == reference_spans(first, item.term), item.term


def test_reading_spans_twice_gives_the_same_list(model: LoadedModel) -> None:
    _, (terms,) = model.explain_batch([TEXTS[0]], top_k=10)
    assert terms
    for item in terms:
        once = item.spans
        assert item.spans is once
        assert item.spans == once == fresh(TEXTS[0], item.term)


def test_spans_are_found_on_first_read_only(
    model: LoadedModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, set[str]]] = []
    find = SpanFinder.find

    def counted(self: SpanFinder, text: str, wanted: set[str]) -> dict[str, list[tuple[int, int]]]:
        calls.append((text, set(wanted)))
        return find(self, text, wanted)

    monkeypatch.setattr(SpanFinder, "find", counted)
    text = TEXTS[3]
    _, (terms,) = model.explain_batch([text], top_k=10)
    assert len(terms) > 2
    assert calls == []  # nothing found until read
    first = terms[1]
    spans = first.spans
    assert calls == [(text, {first.term})]
    assert first.spans is spans
    assert len(calls) == 1
    assert terms[0].spans == find(SpanFinder(), text, {terms[0].term})[terms[0].term]
    assert [c[1] for c in calls] == [{first.term}, {terms[0].term}]


def test_equality_includes_the_spans(model: LoadedModel) -> None:
    text = TEXTS[0]
    _, (terms,) = model.explain_batch([text], top_k=5)
    item = terms[0]
    expected = fresh(text, item.term)
    assert expected  # a top term of its own text occurs in it
    explicit = TermContribution(item.term, item.contribution, list(expected))
    assert item == explicit and explicit == item
    lazy = TermContribution(
        item.term, item.contribution, text=text, finder=SpanFinder()
    )
    assert lazy == item
    assert item != TermContribution(item.term, item.contribution, [*expected, (0, 1)])
    assert item != TermContribution(item.term, item.contribution, [])
    assert item != TermContribution(item.term + "x", item.contribution, list(expected))
    assert item != TermContribution(item.term, item.contribution + 1.0, list(expected))
    other_text = "nothing here " + text  # the same term, found at other offsets
    shifted = TermContribution(
        item.term, item.contribution, text=other_text, finder=SpanFinder()
    )
    assert shifted != item
    assert item != (item.term, item.contribution, expected)
    with pytest.raises(TypeError):
        hash(item)


def test_explicit_spans_are_returned_as_given() -> None:
    spans = [(3, 7), (0, 2)]
    item = TermContribution("fee", 0.25, spans)
    assert item.spans is spans
    assert item.spans == [(3, 7), (0, 2)]
    assert TermContribution("fee", 0.25).spans == []  # neither spans nor a finder

    class Refuses(SpanFinder):
        def find(self, text: str, wanted: set[str]) -> dict[str, list[tuple[int, int]]]:
            raise AssertionError("explicit spans must not be looked up")

    with_finder = TermContribution(
        "fee", 0.25, spans, text="fee fee", finder=Refuses()
    )
    assert with_finder.spans is spans
    empty: list[tuple[int, int]] = []
    refused = TermContribution("fee", 0.25, empty, text="fee", finder=Refuses())
    assert refused.spans == []
    assert repr(item) == "TermContribution('fee', 0.25, [(3, 7), (0, 2)])"


CACHE_TEXTS = [
    "Pay the agency fee now, FEE due; the agency fee is 5,000 e-mail us",
    "fee-free: no AGENCY fee. Passport kept? agency  fee, e-mail. the fee",
    "İstanbul agency fee: the AGENCY FEE, İŞÇİ fee; e-mail İİ passport",  # lower() longer
    "Istanbul agency fee: the AGENCY FEE, ISCI fee; e-mail II passport",
]
CACHE_TERMS = {"fee", "agency", "agency fee", "the agency", "passport", "e-mail", "5,000", "the"}


def test_one_entry_lowered_cache_alternating_texts() -> None:
    finder = SpanFinder()
    expected = {text: SpanFinder().find(text, CACHE_TERMS) for text in CACHE_TEXTS}
    for text in CACHE_TEXTS:
        if len(text.lower()) == len(text):  # an independent check of the expected spans
            assert expected[text] == {t: reference_spans(text, t) for t in CACHE_TERMS}
        else:  # the terms outside the İ words are found as in the plain text
            for term in ("fee", "agency fee", "passport", "e-mail"):
                assert expected[text][term] == reference_spans(text, term), term
            assert expected[text]["fee"]
    order = [0, 1, 0, 2, 3, 2, 0, 2, 1, 3, 3, 0]
    for i in order:
        text = CACHE_TEXTS[i]
        for term in sorted(CACHE_TERMS):  # one term at a time, as TermContribution does
            assert finder.find(text, {term})[term] == expected[text][term], (i, term)
        assert finder.find(text, CACHE_TERMS) == expected[text]


def test_one_entry_lowered_cache_equal_texts_that_are_other_objects() -> None:
    finder = SpanFinder()
    for text in CACHE_TEXTS:
        expected = SpanFinder().find(text, CACHE_TERMS)
        copies = [text, copy_of(text), copy_of(text), text]
        for copy in copies:
            assert finder.find(copy, CACHE_TERMS) == expected
    # texts of equal length and equal content but for case or one letter
    a = "agency FEE paid, fee"
    b = "AGENCY fee paid, fie"
    c = "İgency fee paid, fee"  # one letter longer when lowered
    for text in [a, b, a, copy_of(b), c, a, c, copy_of(c), b]:
        assert finder.find(text, {"fee", "agency", "agency fee"}) == SpanFinder().find(
            text, {"fee", "agency", "agency fee"}
        )
    assert finder.find(a, {"fee"})["fee"] == [(7, 10), (17, 20)]
    assert finder.find(b, {"fee"})["fee"] == [(7, 10)]
    assert finder.find(c, {"fee"})["fee"] == [(7, 10), (17, 20)]
    # texts that differ only after a long common start (and one with a longer lowercase)
    d = "agency fee paid, fie fee"
    e = "agency fee paid, fee fie"
    f = "agency fee paid, İ fee x"
    want = {d: [(7, 10), (21, 24)], e: [(7, 10), (17, 20)], f: [(7, 10), (19, 22)]}
    for text in [d, e, d, f, e, f, copy_of(d), e]:
        assert finder.find(text, {"fee"})["fee"] == want[text], text
        assert finder.find(text, {"fee"})["fee"] == reference_spans(text, "fee"), text


def test_lazy_spans_of_texts_whose_lowercase_is_longer(model: LoadedModel) -> None:
    texts = [CACHE_TEXTS[2], CACHE_TEXTS[3], copy_of(CACHE_TEXTS[2]), CACHE_TEXTS[0]]
    _, explanations = model.explain_batch(texts, top_k=10**6)
    for text, terms in reversed(list(zip(texts, explanations, strict=True))):
        for item in terms:
            assert item.spans == fresh(text, item.term), item.term
            if item.term in {"fee", "agency", "agency fee", "passport", "e-mail"}:
                assert item.spans == reference_spans(text, item.term), item.term
                assert item.spans


def test_terms_spelled_with_dotted_capital_i_have_spans() -> None:
    text = "İstanbul fee"
    term = "İstanbul".lower()  # "i̇stanbul": the scorer's term for that token
    assert text[0:8].lower() == term
    assert reference_spans(text, term) == [(0, 8)]
    assert fresh(text, term) == [(0, 8)]


EDGE_PUNCT = re.compile(r"^\W+|\W+$")


def lowered_reference(text: str, term: str) -> list[tuple[int, int]]:
    """The slow scan of test_explain run on text.lower() (what the scorer reads), each span
    mapped back to the characters of text whose lowercase it covers."""
    low = text.lower()
    origin = [i for i, char in enumerate(text) for _ in char.lower()]
    assert len(origin) == len(low)
    return [(origin[start], origin[end - 1] + 1) for start, end in reference_spans(low, term)]


def scorer_terms(text: str) -> set[str]:
    """Every term the scorer can name for text: whitespace-token cores, word 1-2 grams."""
    low = text.lower()
    words = TOKEN_PATTERN.findall(low)
    cores = {EDGE_PUNCT.sub("", t) or t for t in low.split()}
    return cores | set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)}


I_WORDS = ["İstanbul", "İŞÇİ", "İ", "İİ", "İfee", "agency", "AGENCY", "fee", "FEE", "Fee"]
# "ΟΔΟΣ" and "ΣΑΣ" end in a capital sigma, which lowers to a final ς in context
OTHER_WORDS = ["5,000", "e-mail", "(fee)", "a", "straße", "STRASSE", "οδος", "ΟΔΟ", "ΟΔΟΣ", "ΣΑΣ",
               "日本"]  # fmt: skip
SEPARATORS = [" ", "  ", ", ", ". ", "\n", "\r\n", " - ", "-", "; "]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(I_WORDS + OTHER_WORDS), st.sampled_from(SEPARATORS)),
        min_size=1,
        max_size=10,
    ).filter(lambda parts: any("İ" in w for w, _ in parts))
)
def test_texts_whose_lowercase_is_longer_match_a_scan_of_the_lowercase(
    parts: list[tuple[str, str]],
) -> None:
    text = "".join(w + sep for w, sep in parts)
    assert len(text.lower()) > len(text)
    wanted = scorer_terms(text)
    shared = SpanFinder()
    plain = "fee agency fee " * 3  # switches the one-entry cache between the two texts
    for _ in range(2):
        found = shared.find(text, wanted)
        shared.find(plain, {"fee"})
        for term in wanted:
            assert found[term] == lowered_reference(text, term), term
            for start, end in found[term]:
                if " " not in term:  # the span's lowercase holds the term
                    assert term in text[start:end].lower(), (term, start, end)


def test_final_sigma_in_a_text_whose_lowercase_is_longer() -> None:
    text = "İ ΟΔΟΣ fee"
    term = "ΟΔΟΣ".lower()  # "οδος" with a final sigma, as text.lower() spells it
    assert term in text.lower().split()
    assert text[2:6].lower() == term
    assert fresh("ΟΔΟΣ fee", term) == [(0, 4)]  # found without the İ
    assert fresh(text, term) == [(2, 6)]
