"""Fast scoring and explanation of a fitted (word + char_wb TF-IDF) -> linear pipeline.

Every eligible candidate gives ``P(risk) = sigmoid(w . x + b)`` (a LogisticRegression, or a
linear model behind sigmoid calibration with ``ensemble=False``, whose calibrated log-odds
are ``-a * (w . x + c) - b``). :func:`linearise` extracts that effective ``(w, b)``.

The char_wb n-grams of a text are the n-grams of each whitespace token, so their counts are
``D @ M``: D counts the tokens of each document, M lists the n-grams of each token type.
M rows are cached per token type, which makes scoring much faster than re-analysing every
text, and it gives the explanation for free: the char part of the log-odds splits exactly
over tokens as ``count(token) * s(token) / norm(doc)`` with ``s = M @ (idf * w_char)``.

Explanations are readable terms: the word 1-2 gram features, plus each whitespace token's
char contribution credited to the token without its surrounding punctuation ("Passport," ->
"passport"), merged with the word feature of the same spelling. The contributions of all
terms plus the intercept equal the log-odds exactly.
"""

from __future__ import annotations

import itertools
import re
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

from riskscreen.ml.charngrams import token_counts

_EDGE_PUNCT = re.compile(r"^\W+|\W+$")
_ALL_WORD = re.compile(r"^\w+$")
_HAS_WORD = re.compile(r"\w")
CACHE_LIMIT = 50_000  # token types (about 0.5 kB each)


class NotLinearError(TypeError):
    """The pipeline's probability is not a sigmoid of a linear function of its features."""


@dataclass(frozen=True)
class TermContribution:
    """One term's share of the log-odds of P(risk), and where it occurs in the text."""

    term: str
    contribution: float
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class LinearTextModel:
    word: TfidfVectorizer
    char: TfidfVectorizer
    coef_word: np.ndarray
    coef_char: np.ndarray
    intercept: float


def _linear_part(estimator: Any) -> tuple[np.ndarray, float]:
    """(w, b) with P(risk) = sigmoid(w . x + b)."""
    classes = list(getattr(estimator, "classes_", []))
    if classes != [0, 1]:
        raise NotLinearError(f"expected classes [0, 1], got {classes}")
    if isinstance(estimator, CalibratedClassifierCV):
        if len(estimator.calibrated_classifiers_) != 1 or estimator.method != "sigmoid":
            raise NotLinearError("calibration must be sigmoid with ensemble=False")
        calibrated = estimator.calibrated_classifiers_[0]
        base_w, base_b = _raw_linear(calibrated.estimator)
        calibrator = calibrated.calibrators[0]
        a, b = float(calibrator.a_), float(calibrator.b_)
        return -a * base_w, -(a * base_b + b)
    return _raw_linear(estimator)


def _raw_linear(estimator: Any) -> tuple[np.ndarray, float]:
    if not hasattr(estimator, "coef_") or not hasattr(estimator, "decision_function"):
        raise NotLinearError(f"{type(estimator).__name__} is not a linear model")
    coef = np.asarray(estimator.coef_, dtype=np.float64).ravel()
    intercept = float(np.ravel(estimator.intercept_)[0])
    return coef, intercept


def linearise(pipeline: Pipeline) -> LinearTextModel:
    """The effective linear model of a fitted Pipeline(features=FeatureUnion(word, char), clf)."""
    features, estimator = pipeline.steps[0][1], pipeline.steps[-1][1]
    if not isinstance(features, FeatureUnion) or len(features.transformer_list) != 2:
        raise NotLinearError("expected a FeatureUnion of a word and a char vectorizer")
    if features.transformer_weights:
        raise NotLinearError("transformer weights are not supported")
    (_, word), (_, char) = features.transformer_list
    if not (isinstance(word, TfidfVectorizer) and isinstance(char, TfidfVectorizer)):
        raise NotLinearError("both feature steps must be TfidfVectorizer")
    if char.analyzer != "char_wb" or char.sublinear_tf or char.norm != "l2":
        raise NotLinearError("the char step must be char_wb, l2-normalised, without sublinear tf")
    if not char.lowercase or char.strip_accents is not None or char.preprocessor is not None:
        raise NotLinearError("the char step must lowercase and do nothing else")
    coef, intercept = _linear_part(estimator)
    n_word = len(word.vocabulary_)
    if coef.shape[0] != n_word + len(char.vocabulary_):
        raise NotLinearError("coefficient count does not match the features")
    return LinearTextModel(word, char, coef[:n_word], coef[n_word:], intercept)


@dataclass(frozen=True)
class _TokenEntry:
    cols: np.ndarray  # char feature indices of the token's n-grams
    counts: np.ndarray  # how often each occurs in the token
    s: float  # sum(count * idf * coef) over the token's n-grams
    term: int  # term id the token's char contribution is credited to


class FastScorer:
    """Scores and explains texts with a :class:`LinearTextModel` (thread-safe)."""

    def __init__(self, model: LinearTextModel) -> None:
        self.model = model
        self._word = model.word
        self._char_analyzer = model.char.build_analyzer()
        self._char_vocab: dict[str, int] = {k: int(v) for k, v in model.char.vocabulary_.items()}
        self._char_weight = np.asarray(model.char.idf_, dtype=np.float64)
        if not model.char.use_idf:
            self._char_weight = np.ones(len(self._char_vocab))
        self._idf_sq = self._char_weight**2
        self._char_s_weight = self._char_weight * model.coef_char
        self._token_pattern = re.compile(model.word.token_pattern or r"(?u)\b\w\w+\b")
        word = model.word
        if (
            word.analyzer != "word"
            or word.ngram_range != (1, 2)
            or word.stop_words is not None
            or word.tokenizer is not None
            or word.preprocessor is not None
            or word.strip_accents is not None
            or not word.lowercase
            or word.binary
            or word.norm != "l2"
        ):
            raise NotLinearError("the word step must be a plain lowercase 1-2 gram TfidfVectorizer")
        self._word_vocab: dict[str, int] = {k: int(v) for k, v in word.vocabulary_.items()}
        self._word_idf = (
            np.asarray(word.idf_, dtype=np.float64)
            if word.use_idf
            else np.ones(len(self._word_vocab))
        )
        self._word_sublinear = bool(word.sublinear_tf)
        self._patterns: dict[str, re.Pattern[str]] = {}
        names = model.word.get_feature_names_out()
        self._n_word = len(names)
        self._base_terms: list[str] = [str(n) for n in names]
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._cache: dict[str, _TokenEntry] = {}
        self._terms: list[str] = list(self._base_terms)
        self._term_index: dict[str, int] = {t: i for i, t in enumerate(self._terms)}

    # -- features ---------------------------------------------------------------------------

    def _entry(self, token: str) -> _TokenEntry:
        entry = self._cache.get(token)
        if entry is not None:
            return entry
        counts: dict[int, int] = {}
        vocab = self._char_vocab
        for gram in self._char_analyzer(token):
            j = vocab.get(gram)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        cols = np.fromiter(counts.keys(), dtype=np.int32, count=len(counts))
        cnt = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        key = _EDGE_PUNCT.sub("", token) or token
        term = self._term_index.get(key)
        if term is None:
            term = len(self._terms)
            self._terms.append(key)
            self._term_index[key] = term
        s = float(cnt.astype(np.float64) @ self._char_s_weight[cols])
        entry = _TokenEntry(cols, cnt, s, term)
        self._cache[token] = entry
        return entry

    def _char_part(
        self, texts: list[str]
    ) -> tuple[sparse.csr_matrix, list[_TokenEntry], np.ndarray]:
        """(D: docs x batch tokens, the token entries, char tf-idf norm per doc)."""
        if len(self._cache) > CACHE_LIMIT:
            self._reset()
        d, tokens = token_counts(texts)
        entries = [self._entry(tok) for tok in tokens]
        lengths = np.fromiter((len(e.cols) for e in entries), dtype=np.int64, count=len(entries))
        m_indptr = np.concatenate(([0], np.cumsum(lengths)))
        m = sparse.csr_matrix(
            (
                np.concatenate([e.counts for e in entries], dtype=np.float64)
                if entries
                else np.zeros(0),
                np.concatenate([e.cols for e in entries], dtype=np.int64)
                if entries
                else np.zeros(0, np.int64),
                m_indptr,
            ),
            shape=(len(entries), len(self._char_vocab)),
        )
        counts = (d @ m).tocsr()
        counts.data **= 2
        norms = np.sqrt(np.asarray(counts @ self._idf_sq).ravel())
        return d, entries, norms

    def _word_part(self, texts: list[str]) -> sparse.csr_matrix:
        """The word tf-idf matrix, equal to ``model.word.transform(texts)`` (tested)."""
        get = self._word_vocab.get
        findall = self._token_pattern.findall
        cols: list[int] = []
        indptr = [0]
        for text in texts:
            toks = findall(text.lower())
            ids = [get(t) for t in toks]
            ids += [get(a + " " + b) for a, b in itertools.pairwise(toks)]
            cols.extend(i for i in ids if i is not None)
            indptr.append(len(cols))
        x = sparse.csr_matrix(
            (
                np.ones(len(cols)),
                np.asarray(cols, dtype=np.int64),
                np.asarray(indptr, dtype=np.int64),
            ),
            shape=(len(texts), len(self._word_vocab)),
        )
        x.sum_duplicates()
        if self._word_sublinear:
            np.log(x.data, out=x.data)
            x.data += 1.0
        x.data *= self._word_idf[x.indices]
        rows = np.repeat(np.arange(len(texts)), np.diff(x.indptr))
        norms = np.sqrt(np.bincount(rows, weights=x.data**2, minlength=len(texts)))
        x.data /= np.where(norms > 0, norms, 1.0)[rows]
        return x

    def _parts(self, texts: list[str]) -> tuple[Any, ...]:
        with self._lock:
            d, entries, norms = self._char_part(texts)
            s = np.fromiter((e.s for e in entries), dtype=np.float64, count=len(entries))
            terms = np.fromiter((e.term for e in entries), dtype=np.int64, count=len(entries))
            n_terms = len(self._terms)
            names = self._terms
        xw = self._word_part(texts)
        return xw, d, s, terms, norms, n_terms, names

    def log_odds(self, texts: list[str]) -> np.ndarray:
        xw, d, s, _, norms, _, _ = self._parts(texts)
        safe = np.where(norms > 0, norms, 1.0)
        char = np.asarray(d @ s).ravel() / safe
        word = np.asarray(xw @ self.model.coef_word).ravel()
        return np.asarray(self.model.intercept + word + char)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """P(risk) per text."""
        return _sigmoid(self.log_odds(texts))

    # -- explanation -----------------------------------------------------------------------

    def explain_batch(
        self, texts: list[str], top_k: int = 10
    ) -> tuple[np.ndarray, list[list[TermContribution]]]:
        """(P(risk), the top_k terms by |contribution| with their spans) for each text."""
        xw, d, s, terms, norms, n_terms, names = self._parts(texts)
        n = len(texts)
        safe = np.where(norms > 0, norms, 1.0)
        xw = xw.tocsr()
        w_rows = np.repeat(np.arange(n), np.diff(xw.indptr))
        w_vals = xw.data * self.model.coef_word[xw.indices]
        c_rows = np.repeat(np.arange(n), np.diff(d.indptr))
        c_vals = d.data * s[d.indices] / safe[c_rows]
        contrib = sparse.csr_matrix(
            (
                np.concatenate([w_vals, c_vals]),
                (np.concatenate([w_rows, c_rows]), np.concatenate([xw.indices, terms[d.indices]])),
            ),
            shape=(n, n_terms),
        )
        contrib.sum_duplicates()
        log_odds = self.model.intercept + np.asarray(contrib.sum(axis=1)).ravel()
        out = []
        for i, text in enumerate(texts):
            lo, hi = contrib.indptr[i], contrib.indptr[i + 1]
            vals, cols = contrib.data[lo:hi], contrib.indices[lo:hi]
            if top_k < len(vals):
                keep = np.argpartition(-np.abs(vals), top_k)[:top_k]
                vals, cols = vals[keep], cols[keep]
            order = np.lexsort((cols, -np.abs(vals)))
            chosen = [(names[c], float(v)) for c, v in zip(cols[order], vals[order], strict=True)]
            spans = self._spans(text, {t for t, _ in chosen})
            out.append([TermContribution(t, v, spans.get(t, [])) for t, v in chosen])
        return _sigmoid(log_odds), out

    def _pattern(self, term: str) -> re.Pattern[str]:
        """The regular expression finding every occurrence of a term (see _spans)."""
        pattern = self._patterns.get(term)
        if pattern is None:
            if len(self._patterns) > 50_000:
                self._patterns.clear()
            words = term.split(" ")
            if len(words) == 2 and all(_ALL_WORD.match(w) for w in words):
                # two word tokens; between them only what the tokenizer skips: non-word
                # characters and one-character words. Lookahead: overlapping occurrences.
                a, b = (re.escape(w) for w in words)
                source = rf"(?=(\b{a}\W+(?:\w\W+)*?{b}\b))"  # match() at a's start
            elif _ALL_WORD.match(term):
                source = rf"(\b{re.escape(term)}\b)"
            else:  # a whitespace token's core: only punctuation around it
                source = rf"(?<!\S)[^\w\s]*?({re.escape(term)})[^\w\s]*(?!\S)"
                if not re.search(r"\w", term):
                    source = rf"(?<!\S)({re.escape(term)})(?!\S)"
            pattern = self._patterns[term] = re.compile(source, re.IGNORECASE)
        return pattern

    def _spans(self, text: str, wanted: set[str]) -> dict[str, list[tuple[int, int]]]:
        """Every (start, end) of each wanted term in text, case-insensitively.

        One-word terms made of word characters occur as whole words; other one-word terms
        (a whitespace token's core, such as "5,000") occur as a whitespace token with only
        punctuation around them; two-word terms run from the first word to the second with
        only what the word tokenizer skips between them.
        """
        low = text.lower()
        if len(low) != len(text):  # lowercasing changed offsets (rare): use the regexes
            return {t: self._spans_by_regex(text, t) for t in wanted}
        out: dict[str, list[tuple[int, int]]] = {}
        for term in wanted:
            spans: list[tuple[int, int]] = []
            if " " in term:
                pattern = self._pattern(term)
                first = term.split(" ", 1)[0]
                i = low.find(first)
                while i >= 0:
                    match = pattern.match(low, i)
                    if match is not None:
                        spans.append(match.span(1))
                    i = low.find(first, i + 1)
            else:
                whole_word = _ALL_WORD.match(term) is not None
                edges = (
                    _word_edges
                    if whole_word
                    else _punct_edges
                    if _HAS_WORD.search(term)
                    else _space_edges
                )
                size = len(term)
                i = low.find(term)
                while i >= 0:
                    end = i + size
                    if edges(low, i, end):
                        spans.append((i, end))
                    i = low.find(term, i + 1)
            out[term] = spans
        return out

    def _spans_by_regex(self, text: str, term: str) -> list[tuple[int, int]]:
        spans = []
        for match in self._pattern(term).finditer(text):
            start, end = match.span(1)
            piece = text[start:end].lower()
            tokens = " ".join(self._token_pattern.findall(piece))
            if piece == term or (" " in term and tokens == term):
                spans.append((start, end))
        return spans


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _word_edges(low: str, start: int, end: int) -> bool:
    """low[start:end] is a whole word (no word character touches it)."""
    return (start == 0 or not _is_word_char(low[start - 1])) and (
        end == len(low) or not _is_word_char(low[end])
    )


def _space_edges(low: str, start: int, end: int) -> bool:
    """low[start:end] is a whole whitespace token."""
    return (start == 0 or low[start - 1].isspace()) and (end == len(low) or low[end].isspace())


def _punct_edges(low: str, start: int, end: int) -> bool:
    """Only punctuation lies between low[start:end] and the whitespace around it."""
    if not _word_edges(low, start, end):
        return False
    i = start - 1
    while i >= 0 and not low[i].isspace():
        if _is_word_char(low[i]):
            return False
        i -= 1
    i = end
    while i < len(low) and not low[i].isspace():
        if _is_word_char(low[i]):
            return False
        i += 1
    return True


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64))))
