"""The fast scorer against scikit-learn, on the shipped models and the whole corpus.

FastScorer reads texts through cached token rows and numpy (riskscreen/ml/scoring.py); these
tests hold it to the pipeline it replaces: the same log-odds (to 1e-9), contributions that
add up to them, and the same terms as an explanation computed slowly from scikit-learn's
own analyzers. Single texts and batches take different paths (no per-text bookkeeping for
one text), so both are checked, with a cold and a warm token cache.
"""

from __future__ import annotations

import random
import re
import string
import threading
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline

from riskscreen import paths
from riskscreen.ml import scoring
from riskscreen.ml.charngrams import token_char_wb_ngrams
from riskscreen.ml.corpus import load_records
from riskscreen.ml.registry import ModelRegistry
from riskscreen.ml.scoring import FastScorer, NotLinearError, linearise
from riskscreen.ml.spans import SpanFinder

EDGE_PUNCT = re.compile(r"^\W+|\W+$")
ODD_TEXTS = [
    "",
    " ",
    "\n\t \u2003",
    "x",
    "a 5 - & a",
    "İstanbul İŞÇİ fee İİİ",  # lowercasing makes the text longer
    "Straße STRASSE straße",
    "ﬁne ﬂoor ﬁne",
    "\u00a0fee\u2003fee\u3000FEE",
    "fee, fee; FEE! e-mail (fee) Fee's 5,000 -- a passport.passport",
    "ÜBER Überstunden!! über-stunden",
    "日本語のテキスト 求人 求人",
    "government-to-government recruitment, 9:00-17:00, http://example.com/jobs?id=1",
    "zqxwv zqxwv zqxwv never-seen-before zqxwv",  # an unseen token repeated in one text
    "the the the the the the",
    "Ω ΟΔΟΣ οδος Σ σ ς",
]


def shipped_versions() -> list[str]:
    return [v.version for v in ModelRegistry(paths.models_path()).versions()]


@pytest.fixture(scope="module", params=shipped_versions())
def pipeline(request: pytest.FixtureRequest) -> Pipeline:
    model = ModelRegistry(paths.models_path()).load(request.param)
    return model.pipeline


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    """Every corpus text, the same texts with sentences blanked out as the screener does,
    with never-seen tokens, and odd ones."""
    texts = [r.text for r in load_records([paths.corpus_path()])][::2]
    rng = random.Random(7)
    blanked = []
    for text in texts[::3]:
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randrange(1, 300))
        blanked.append(text[:start] + " " * (end - start) + text[end:])
    novel = []
    alphabet = string.ascii_letters + string.digits + "éßİ-,.'"
    for text in texts[1::5]:
        tokens = text.split()
        for i in range(len(tokens)):
            if rng.random() < 0.1:
                tokens[i] = "".join(rng.choices(alphabet, k=rng.randint(1, 10)))
        novel.append(" ".join(tokens))
    return texts + blanked + novel + ODD_TEXTS


@pytest.fixture(scope="module")
def expected(pipeline: Pipeline, corpus_texts: list[str]) -> np.ndarray:
    """The reference log-odds of every corpus text."""
    return reference_log_odds(pipeline, corpus_texts)


def spread(texts: list[str], step: int) -> list[int]:
    """Every step-th text, and all the odd ones (at the end of corpus_texts)."""
    odd = len(texts) - len(ODD_TEXTS)
    return list(range(0, odd, step)) + list(range(odd, len(texts)))


def reference_log_odds(pipeline: Pipeline, texts: list[str]) -> np.ndarray:
    """scikit-learn's features times the pipeline's effective linear model."""
    lin = linearise(pipeline)
    x = pipeline.steps[0][1].transform(texts)
    coef = np.concatenate([lin.coef_word, lin.coef_char])
    return np.asarray(x @ coef + lin.intercept)


def reference_terms(pipeline: Pipeline, text: str) -> dict[str, float]:
    """Each term's contribution, slowly, from scikit-learn's own analyzers: word features
    as tf-idf x coefficient, and the char part split over whitespace tokens as
    s(token) / norm, credited to the token without its edge punctuation."""
    lin = linearise(pipeline)
    terms: Counter[str] = Counter()
    xw = lin.word.transform([text]).tocoo()
    names = lin.word.get_feature_names_out()
    for j, value in zip(xw.col, xw.data, strict=True):
        terms[str(names[j])] += value * lin.coef_word[j]
    analyzer, vocab, idf = lin.char.build_analyzer(), lin.char.vocabulary_, lin.char.idf_
    counts = Counter(vocab[g] for g in analyzer(text) if g in vocab)
    norm = float(np.sqrt(sum((c * idf[j]) ** 2 for j, c in counts.items())))
    for token in text.lower().split():
        s = sum(idf[vocab[g]] * lin.coef_char[vocab[g]] for g in analyzer(token) if g in vocab)
        terms[EDGE_PUNCT.sub("", token) or token] += s / norm if norm else 0.0
    return dict(terms)


def test_log_odds_equal_the_pipeline_batched_and_single(
    pipeline: Pipeline, corpus_texts: list[str], expected: np.ndarray
) -> None:
    cold = FastScorer(linearise(pipeline))
    assert np.abs(cold.log_odds(corpus_texts) - expected).max() < 1e-9
    fresh = FastScorer(linearise(pipeline))
    some = spread(corpus_texts, 2)
    singles = np.array([fresh.log_odds([corpus_texts[i]])[0] for i in some])  # cold cache
    assert np.abs(singles - expected[some]).max() < 1e-9
    warm = np.array([fresh.log_odds([corpus_texts[i]])[0] for i in some[::3]])
    assert np.abs(warm - expected[some[::3]]).max() < 1e-9
    sample = corpus_texts[::5]
    probabilities = pipeline.predict_proba(sample)[:, 1]
    assert np.abs(cold.predict_proba(sample) - probabilities).max() < 1e-12


def test_explanations_add_up_to_the_log_odds_batched_and_single(
    pipeline: Pipeline, corpus_texts: list[str], expected: np.ndarray
) -> None:
    some = spread(corpus_texts, 4)
    texts = [corpus_texts[i] for i in some]  # every term's spans: slow, a sample is enough
    expected = expected[some]
    scorer = FastScorer(linearise(pipeline))
    intercept = scorer.model.intercept
    p_batch, batch = scorer.explain_batch(texts, top_k=10**6)
    assert np.abs(p_batch - 1 / (1 + np.exp(-expected))).max() < 1e-12
    for i, (text, terms) in enumerate(zip(texts, batch, strict=True)):
        total = intercept + sum(t.contribution for t in terms)
        assert total == pytest.approx(expected[i], abs=1e-9)
        if i % 3:
            continue
        p_single, (single,) = scorer.explain_batch([text], top_k=10**6)
        assert p_single[0] == pytest.approx(p_batch[i], abs=1e-12)
        assert [(t.term, t.spans) for t in single] == [(t.term, t.spans) for t in terms]
        assert np.allclose([t.contribution for t in single], [t.contribution for t in terms])


def test_terms_equal_a_slow_reference_from_sklearn(
    pipeline: Pipeline, corpus_texts: list[str]
) -> None:
    scorer = FastScorer(linearise(pipeline))
    sample = corpus_texts[::40] + ODD_TEXTS
    _, explanations = scorer.explain_batch(sample, top_k=10**6)
    for text, terms in zip(sample, explanations, strict=True):
        reference = reference_terms(pipeline, text)
        got = {t.term: t.contribution for t in terms}
        assert got.keys() == reference.keys(), text
        for term, value in reference.items():
            assert got[term] == pytest.approx(value, abs=1e-9), (text, term)


def test_top_terms_are_the_largest_in_order(pipeline: Pipeline, corpus_texts: list[str]) -> None:
    scorer = FastScorer(linearise(pipeline))
    sample = corpus_texts[::40]
    _, everything = scorer.explain_batch(sample, top_k=10**6)
    for top_k in (0, 1, 8, 20):
        _, top = scorer.explain_batch(sample, top_k=top_k)
        for few, full in zip(top, everything, strict=True):
            magnitudes = sorted((abs(t.contribution) for t in full), reverse=True)
            assert len(few) == min(top_k, len(full))
            assert [abs(t.contribution) for t in few] == pytest.approx(magnitudes[:top_k])


def test_cache_reset_in_the_middle_changes_nothing(
    pipeline: Pipeline,
    corpus_texts: list[str],
    expected: np.ndarray,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = corpus_texts[:200]
    _, expected_terms = FastScorer(linearise(pipeline)).explain_batch(texts, top_k=15)
    monkeypatch.setattr(scoring, "CACHE_LIMIT", 50)
    scorer = FastScorer(linearise(pipeline))
    for i in range(0, len(texts), 7):  # a reset before almost every call
        chunk = texts[i : i + 7]
        assert np.abs(scorer.log_odds(chunk) - expected[i : i + len(chunk)]).max() < 1e-9
        _, terms = scorer.explain_batch(chunk, top_k=15)
        for got, want in zip(terms, expected_terms[i : i + 7], strict=True):
            assert sorted(t.term for t in got) == sorted(t.term for t in want)


def test_threads_share_one_scorer(
    pipeline: Pipeline, corpus_texts: list[str], expected: np.ndarray
) -> None:
    texts = corpus_texts[:400]
    scorer = FastScorer(linearise(pipeline))
    errors: list[float] = []

    def work(offset: int) -> None:
        for i in range(offset, len(texts), 4):
            chunk = texts[i : i + 1 + i % 3]
            got = scorer.explain_batch(chunk, top_k=5)[0]
            want = 1 / (1 + np.exp(-expected[i : i + len(chunk)]))
            errors.append(float(np.abs(got - want).max()))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(errors) == len(texts) and max(errors) < 1e-12


def test_empty_inputs(pipeline: Pipeline) -> None:
    scorer = FastScorer(linearise(pipeline))
    assert scorer.log_odds([]).shape == (0,)
    probabilities, explanations = scorer.explain_batch([], top_k=5)
    assert probabilities.shape == (0,) and explanations == []
    probabilities, explanations = scorer.explain_batch(["", "   "], top_k=5)
    assert explanations == [[], []]
    expected = 1 / (1 + np.exp(-scorer.model.intercept))
    assert probabilities == pytest.approx([expected, expected])


def test_a_non_default_token_pattern_is_refused() -> None:
    word = TfidfVectorizer(token_pattern=r"\S+").fit(["a b c"])
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit(["a b c"])
    lin = scoring.LinearTextModel(word, char, np.zeros(3), np.zeros(len(char.vocabulary_)), 0.0)
    with pytest.raises(NotLinearError, match="token pattern"):
        FastScorer(lin)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=12).map(str.lower).filter(lambda t: len(t.split()) == 1))
def test_token_ngrams_equal_sklearn_char_wb(token: str) -> None:
    token = token.split()[0]
    for low, high in ((3, 5), (1, 1), (2, 4), (5, 6)):
        analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(low, high)).build_analyzer()
        assert token_char_wb_ngrams(token, low, high) == analyzer(token)


WORDS = ["fee", "the", "a", "fees", "agency", "x", "5", "passport", "_id", "über", "fee5"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(WORDS),
            st.sampled_from(["", ",", ".", "-", "'s", "_", "5"]),
            st.sampled_from([" ", "\n", "", "-", " a "]),
            st.booleans(),
        ),
        min_size=1,
        max_size=25,
    ),
    st.sampled_from(WORDS),
)
def test_whole_word_spans_equal_a_plain_scan(parts: list, term: str) -> None:  # type: ignore[type-arg]
    text = "".join((w.upper() if up else w) + p + s for w, p, s, up in parts)
    low = text.lower()

    def word_char(i: int) -> bool:
        return 0 <= i < len(low) and (low[i].isalnum() or low[i] == "_")

    expected = [
        (i, i + len(term))
        for i in range(len(low))
        if low.startswith(term, i) and not word_char(i - 1) and not word_char(i + len(term))
    ]
    assert SpanFinder().find(text, {term})[term] == expected
