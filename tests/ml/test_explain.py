from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskscreen.ml.registry import LoadedModel, ModelRegistry, TermContribution

from .helpers import FILLER, RISK_PHRASES, SAFE_PHRASES

TOKEN = re.compile(r"(?u)\b\w\w+\b")
WORDS = sorted(
    {w for p in RISK_PHRASES["job_ad"] + SAFE_PHRASES["job_ad"] + FILLER for w in p.split()}
)


@pytest.fixture(scope="module")
def model(built_models) -> LoadedModel:  # type: ignore[no-untyped-def]
    registry = ModelRegistry(built_models)
    version = next(v.version for v in registry.versions("job_ad"))
    return registry.load(version)


def assert_spans_exact(text: str, explanation: list[TermContribution]) -> None:
    for item in explanation:
        assert item.spans, f"no span for {item.term!r}"
        for start, end in item.spans:
            piece = text[start:end]
            if " " in item.term:  # a word bigram: its two tokens, whatever lies between
                assert [t.lower() for t in TOKEN.findall(piece)] == item.term.split()
            else:
                assert piece.lower() == item.term


def test_predict_proba_matches_pipeline(model: LoadedModel) -> None:
    texts = RISK_PHRASES["job_ad"] + SAFE_PHRASES["job_ad"] + ["", "  ", "ÜBER Überstunden!!"]
    assert np.allclose(model.predict_proba(texts), model.pipeline.predict_proba(texts)[:, 1])


def test_explain_example(model: LoadedModel) -> None:
    text = "URGENT!! Pay the Agency FEE of $1,500. Your PASSPORT will be kept by the employer."
    explanation = model.explain(text, top_k=8)
    assert len(explanation) == 8
    assert_spans_exact(text, explanation)
    assert [abs(e.contribution) for e in explanation] == sorted(
        (abs(e.contribution) for e in explanation), reverse=True
    )
    terms = {e.term for e in explanation}
    assert terms & {"passport", "fee", "agency", "agency fee", "kept", "kept by"}


def test_contributions_sum_to_log_odds(model: LoadedModel) -> None:
    text = " ".join(RISK_PHRASES["job_ad"][:3] + SAFE_PHRASES["job_ad"][:2])
    everything = model.explain(text, top_k=100_000)
    total = model.intercept + sum(e.contribution for e in everything)
    assert total == pytest.approx(float(model.log_odds([text])[0]))
    p = model.predict_proba([text])[0]
    assert total == pytest.approx(np.log(p / (1 - p)))


def test_batch_equals_single(model: LoadedModel) -> None:
    texts = RISK_PHRASES["job_ad"] + SAFE_PHRASES["job_ad"]
    probs, batch = model.explain_batch(texts, top_k=5)
    assert np.allclose(probs, model.predict_proba(texts))
    for text, expl in zip(texts, batch, strict=True):
        single = model.explain(text, top_k=5)
        assert [(e.term, e.spans) for e in single] == [(e.term, e.spans) for e in expl]
        assert np.allclose([e.contribution for e in single], [e.contribution for e in expl])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(WORDS),
            st.sampled_from(["", ",", ".", "!", "-", "'s", "("]),
            st.sampled_from([" ", "  ", "\n", "\t", " - "]),
            st.booleans(),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_explain_spans_are_exact_for_any_text(model: LoadedModel, parts: list) -> None:  # type: ignore[type-arg]
    text = "".join((w.upper() if up else w) + punct + sep for w, punct, sep, up in parts)
    assert_spans_exact(text, model.explain(text, top_k=10))


def reference_spans(text: str, term: str) -> list[tuple[int, int]]:
    """Slow, obvious spans: scan every word token and every whitespace token."""
    found = set()
    if re.fullmatch(r"\w+", term):  # a whole word, whatever its length
        for match in re.finditer(r"\w+", text):
            if match.group().lower() == term:
                found.add(match.span())
    tokens = list(TOKEN.finditer(text))
    for first, second in itertools.pairwise(tokens):
        if f"{first.group()} {second.group()}".lower() == term:
            found.add((first.start(), second.end()))
    for tok in re.finditer(r"\S+", text):
        core = re.sub(r"^\W+|\W+$", "", tok.group()) or tok.group()
        if core.lower() == term:
            start = tok.start() + tok.group().find(core)
            found.add((start, start + len(core)))
    return sorted(found)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([*WORDS, "a", "5", "fee", "fee,", "e-mail", "(fee)", "--", "Fee's"]),
            st.sampled_from(["", ",", ".", "!", "-", "'s", "("]),
            st.sampled_from([" ", "  ", "\n", " - ", " a ", ", "]),
            st.booleans(),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_explain_finds_every_occurrence(model: LoadedModel, parts: list) -> None:  # type: ignore[type-arg]
    text = "".join((w.upper() if up else w) + punct + sep for w, punct, sep, up in parts)
    for item in model.explain(text, top_k=15):
        assert item.spans == reference_spans(text, item.term), item.term


@pytest.mark.parametrize(
    "text", ["İstanbul İŞÇİ fee", "Straße STRASSE", "ﬁne ﬂoor", "x", "", "\u00a0fee\u2003fee"]
)
def test_unusual_unicode(model: LoadedModel, text: str) -> None:
    assert np.allclose(model.predict_proba([text]), model.pipeline.predict_proba([text])[:, 1])
    explanation = model.explain(text, top_k=5)
    for item in explanation:
        for start, end in item.spans:
            assert item.term in text[start:end].lower() or " " in item.term
