"""Fast scoring and explanation of a fitted (word + char_wb TF-IDF) -> linear pipeline.

Every eligible candidate gives ``P(risk) = sigmoid(w . x + b)`` (a LogisticRegression, or a
linear model behind sigmoid calibration with ``ensemble=False``, whose calibrated log-odds
are ``-a * (w . x + c) - b``). :func:`linearise` extracts that effective ``(w, b)``.

Neither word tokens nor char_wb n-grams cross whitespace, so everything a text's features
need is known per whitespace token type: its char n-grams and its word tokens. Each token
type is analysed once and cached as a row of numpy arrays (:class:`_TokenTable`); a text is
then read with one dictionary look-up per token, and scored with a few numpy operations
on its rows: no sparse matrices and no scikit-learn call per text, whose fixed costs
dominated the scoring of single texts. The char part of the log-odds splits exactly over
tokens as ``s(token) / norm(text)``, with ``s`` the sum of idf x coefficient over the
token's n-grams; the word part is tf-idf x coefficient per word 1-2 gram.

Explanations are readable terms: the word 1-2 gram features, plus each whitespace token's
char contribution credited to the token without its surrounding punctuation ("Passport," ->
"passport"), merged with the word feature of the same spelling. The contributions of all
terms plus the intercept equal the log-odds exactly.
"""

from __future__ import annotations

import itertools
import math
import re
import threading
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

from riskscreen.ml.charngrams import token_char_wb_ngrams
from riskscreen.ml.spans import SpanFinder

_EDGE_PUNCT = re.compile(r"^\W+|\W+$")
DEFAULT_TOKEN_PATTERN = r"(?u)\b\w\w+\b"
CACHE_LIMIT = 50_000  # token types (about 0.3 kB each)


class NotLinearError(TypeError):
    """The pipeline's probability is not a sigmoid of a linear function of its features."""


class TermContribution:
    """One term's share of the log-odds of P(risk), and where it occurs in the text.

    The spans are found on first use: a caller that shows only some of the top terms (the
    screener drops stop words and numbers) never pays for the others.
    """

    __slots__ = ("_finder", "_spans", "_text", "contribution", "term")

    def __init__(
        self,
        term: str,
        contribution: float,
        spans: list[tuple[int, int]] | None = None,
        *,
        text: str = "",
        finder: SpanFinder | None = None,
    ) -> None:
        self.term = term
        self.contribution = contribution
        self._spans = spans if spans is not None or finder is not None else []
        self._text = text
        self._finder = finder

    @property
    def spans(self) -> list[tuple[int, int]]:
        """Every (start, end) of the term in the text, case-insensitively."""
        if self._spans is None:
            assert self._finder is not None
            self._spans = self._finder.find(self._text, {self.term})[self.term]
        return self._spans

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TermContribution):
            return NotImplemented
        return (self.term, self.contribution, self.spans) == (
            other.term,
            other.contribution,
            other.spans,
        )

    __hash__ = None  # type: ignore[assignment]  # equal by value, so not hashable

    def __repr__(self) -> str:
        return f"TermContribution({self.term!r}, {self.contribution!r}, {self.spans!r})"


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


class _WordIndex:
    """The word 1-2 gram vocabulary in word numbers: a text's word features are then found
    with a few numpy operations on the sequence of its word numbers.

    Every word of a vocabulary entry has a number below ``unknown``; any other word is
    ``unknown``. The bigram "a b" is the key ``number(a) * (unknown + 1) + number(b)``,
    found with one searchsorted over the sorted keys; no key holds ``unknown``.
    """

    def __init__(self, vocabulary: dict[str, int]) -> None:
        self.size = len(vocabulary)
        words = sorted({w for term in vocabulary for w in term.split(" ")})
        self.number: dict[str, int] = {w: i for i, w in enumerate(words)}
        self.unknown = len(words)
        self._base = self.unknown + 1
        self._unigram = np.full(self._base, -1, dtype=np.intp)  # word number -> feature
        pairs = []
        for term, feature in vocabulary.items():
            if " " in term:
                a, b = term.split(" ")
                pairs.append((self.number[a] * self._base + self.number[b], feature))
            else:
                self._unigram[self.number[term]] = feature
        pairs.sort()
        # a sentinel above every key keeps searchsorted's answers inside the array
        self._keys = np.array([k for k, _ in pairs] + [self._base**2], dtype=np.int64)
        self._feats = np.array([f for _, f in pairs] + [-1], dtype=np.intp)

    def features(
        self, words: np.ndarray, doc: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """(feature, text) of every vocabulary unigram and bigram in a sequence of word
        numbers; ``doc`` says which text each word is in (None: all in one text)."""
        unigrams = self._unigram[words]
        found = unigrams >= 0
        keys = words[:-1] * self._base + words[1:]
        if doc is not None:  # no bigram across two texts
            keys[doc[:-1] != doc[1:]] = -1
        pos = np.searchsorted(self._keys, keys)
        hit = self._keys[pos] == keys
        feats = np.concatenate((unigrams[found], self._feats[pos[hit]]))
        if doc is None:
            return feats, None
        return feats, np.concatenate((doc[found], doc[1:][hit]))


class _Tables(NamedTuple):
    """The token table's arrays at one moment (see :class:`_TokenTable`)."""

    s: np.ndarray
    term: np.ndarray
    gram_start: np.ndarray
    n_grams: np.ndarray
    word_start: np.ndarray
    n_words: np.ndarray
    grams: np.ndarray
    words: np.ndarray


class _TokenTable:
    """Every whitespace token type read so far, one row each, in growable numpy arrays.

    Row r holds s (the token's char log-odds before the norm: sum of idf x coef over its
    char n-grams), the term its char part is credited to, and where its char n-grams (with
    repeats) and its word numbers lie in two flat pools. New rows wait in a list until the
    arrays are next read, so the new token types of a batch cost a few numpy operations in
    all. Rows are only appended and a full array is replaced by a larger copy, so the
    arrays a reader took stay valid for the rows it knows. The caller serialises all use.
    """

    def __init__(self, s_weight: np.ndarray) -> None:
        self.rows: dict[str, int] = {}
        self._s_weight = s_weight  # idf x coefficient of each char n-gram
        rows, grams = 1024, 16 * 1024
        self._t = _Tables(
            s=np.zeros(rows),
            term=np.zeros(rows, dtype=np.intp),
            gram_start=np.zeros(rows, dtype=np.intp),
            n_grams=np.zeros(rows, dtype=np.intp),
            word_start=np.zeros(rows, dtype=np.intp),
            n_words=np.zeros(rows, dtype=np.intp),
            grams=np.zeros(grams, dtype=np.int32),
            words=np.zeros(grams // 8, dtype=np.intp),
        )
        self._size = self._n_grams = self._n_words = 0
        self._new: list[tuple[int, list[int], list[int]]] = []  # (term, grams, words)

    @property
    def tables(self) -> _Tables:
        if self._new:
            self._append(self._new)
            self._new = []
        return self._t

    def add(self, token: str, term: int, grams: list[int], words: list[int]) -> int:
        """A new token type's row (written to the arrays when they are next read)."""
        row = self.rows[token] = len(self.rows)
        self._new.append((term, grams, words))
        return row

    def _append(self, new: list[tuple[int, list[int], list[int]]]) -> None:
        n_grams = np.array([len(g) for _, g, _ in new], dtype=np.intp)
        n_words = np.array([len(w) for _, _, w in new], dtype=np.intp)
        grams = np.fromiter(itertools.chain.from_iterable(g for _, g, _ in new), np.int32)
        words = np.fromiter(itertools.chain.from_iterable(w for _, _, w in new), np.intp)
        r0, g0, w0 = self._size, self._n_grams, self._n_words
        r1, g1, w1 = r0 + len(new), g0 + len(grams), w0 + len(words)
        sizes = (r1,) * 6 + (g1, w1)
        t = self._t = _Tables(*(_room(a, n) for a, n in zip(self._t, sizes, strict=True)))
        owner = np.repeat(np.arange(len(new)), n_grams)
        t.s[r0:r1] = np.bincount(owner, weights=self._s_weight[grams], minlength=len(new))
        t.term[r0:r1] = [term for term, _, _ in new]
        t.gram_start[r0:r1] = g0 + np.cumsum(n_grams) - n_grams
        t.n_grams[r0:r1] = n_grams
        t.word_start[r0:r1] = w0 + np.cumsum(n_words) - n_words
        t.n_words[r0:r1] = n_words
        t.grams[g0:g1] = grams
        t.words[w0:w1] = words
        self._size, self._n_grams, self._n_words = r1, g1, w1


def _room(array: np.ndarray, size: int) -> np.ndarray:
    """``array``, or a copy twice as large when it holds fewer than ``size`` items."""
    if len(array) >= size:
        return array
    bigger = np.zeros(max(size, 2 * len(array)), dtype=array.dtype)
    bigger[: len(array)] = array
    return bigger


@dataclass(frozen=True)
class _Batch:
    """A batch of texts as arrays, from the token rows of its token occurrences.

    One text (the HTTP API's case) has ``doc`` and ``word_doc`` None: the per-text
    bookkeeping is skipped.
    """

    n_docs: int
    s: np.ndarray  # per token occurrence, in text order
    term: np.ndarray  # per token occurrence
    doc: np.ndarray | None  # the text of each token occurrence
    grams: np.ndarray  # the char n-grams of all token occurrences, in order (with repeats)
    gram_bounds: list[int]  # text i's n-grams: grams[gram_bounds[i]:gram_bounds[i + 1]]
    words: np.ndarray  # the word numbers of all word tokens, in order
    word_doc: np.ndarray | None  # the text of each word

    @classmethod
    def of(cls, tables: _Tables, rows: np.ndarray, lengths: list[int]) -> _Batch:
        """The batch whose texts have ``lengths`` tokens each, with these token rows."""
        n_grams, n_words = tables.n_grams[rows], tables.n_words[rows]
        gram_ends, word_ends = np.cumsum(n_grams), np.cumsum(n_words)
        grams = _expand(tables.grams, tables.gram_start[rows], n_grams, gram_ends)
        words = _expand(tables.words, tables.word_start[rows], n_words, word_ends)
        doc = word_doc = None
        gram_bounds = [0, len(grams)]
        if len(lengths) != 1:
            doc = np.repeat(np.arange(len(lengths)), lengths)
            word_doc = np.repeat(doc, n_words)
            token_bounds = list(itertools.accumulate(lengths, initial=0))
            gram_bounds = np.concatenate(([0], gram_ends))[token_bounds].tolist()
        return cls(
            n_docs=len(lengths),
            s=tables.s[rows],
            term=tables.term[rows],
            doc=doc,
            grams=grams,
            gram_bounds=gram_bounds,
            words=words,
            word_doc=word_doc,
        )


def _expand(
    pool: np.ndarray, starts: np.ndarray, lengths: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """pool[starts[0]:starts[0] + lengths[0]], then the next range, ... as one array
    (``ends``: the cumulative sum of the lengths)."""
    if not len(ends):
        return pool[:0]
    shift = np.repeat(starts - (ends - lengths), lengths)
    shift += np.arange(int(ends[-1]))
    return pool[shift]


class FastScorer:
    """Scores and explains texts with a :class:`LinearTextModel` (thread-safe).

    The answers equal the pipeline's (tested): the same features, summed in another order.
    The word step must use the default token pattern, whose tokens never cross whitespace.
    """

    def __init__(self, model: LinearTextModel) -> None:
        self.model = model
        word, char = model.word, model.char
        _check_word_step(word)
        self._char_vocab: dict[str, int] = {k: int(v) for k, v in char.vocabulary_.items()}
        self._char_range: tuple[int, int] = tuple(char.ngram_range)
        self._char_idf = _idf(char, len(self._char_vocab))
        self._char_s_weight = self._char_idf * np.asarray(model.coef_char, dtype=np.float64)
        self._words = _WordIndex({k: int(v) for k, v in word.vocabulary_.items()})
        self._word_idf = _idf(word, self._words.size)
        self._coef_word = np.asarray(model.coef_word, dtype=np.float64)
        self._word_sublinear = bool(word.sublinear_tf)
        self._token_pattern = re.compile(DEFAULT_TOKEN_PATTERN)
        self._spans = SpanFinder()
        self._base_terms: list[str] = [str(n) for n in word.get_feature_names_out()]
        self._lock = threading.Lock()
        self._local = threading.local()
        self._reset()

    def _reset(self) -> None:
        self._tokens = _TokenTable(self._char_s_weight)
        self._terms: list[str] = list(self._base_terms)
        self._term_index: dict[str, int] = {t: i for i, t in enumerate(self._terms)}

    # -- reading texts (plain Python) -------------------------------------------------------

    def _read(self, texts: list[str]) -> tuple[_Batch, list[str]]:
        """The texts as arrays, and the term names their term ids index.

        Under the lock: the token table and the term list grow while texts are read. A
        reset replaces both, so what is returned stays valid for these texts.
        """
        rows: list[int | None] = []
        lengths = []
        with self._lock:
            if len(self._tokens.rows) > CACHE_LIMIT:
                self._reset()
            get = self._tokens.rows.get
            for text in texts:
                tokens = text.lower().split()
                found = list(map(get, tokens))
                if None in found:
                    pairs = zip(found, tokens, strict=True)
                    found = [self._row(t) if r is None else r for r, t in pairs]
                rows.extend(found)
                lengths.append(len(tokens))
            tables, names = self._tokens.tables, self._terms
        return _Batch.of(tables, np.array(rows, dtype=np.intp), lengths), names

    def _row(self, token: str) -> int:
        """The row of a token type in the token table, analysed and added if it is new."""
        row = self._tokens.rows.get(token)
        if row is not None:  # new earlier in the same text
            return row
        found = map(self._char_vocab.get, token_char_wb_ngrams(token, *self._char_range))
        grams = [j for j in found if j is not None]
        number, unknown = self._words.number.get, self._words.unknown
        words = [number(w, unknown) for w in self._token_pattern.findall(token)]
        return self._tokens.add(token, self._term_id(token), grams, words)

    def _term_id(self, token: str) -> int:
        """The term a token's char part is credited to: the token without edge punctuation."""
        key = _EDGE_PUNCT.sub("", token) or token
        term = self._term_index.get(key)
        if term is None:
            term = self._term_index[key] = len(self._terms)
            self._terms.append(key)
        return term

    # -- scoring (numpy) --------------------------------------------------------------------

    def _word_part(self, batch: _Batch) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
        """(word feature, text, share of the log-odds) of each word feature occurrence.

        The tf-idf of ``model.word.transform``: sublinear tf of the raw count, idf, l2 norm
        of the text. A feature that occurs c times has c occurrences, each with 1/c of its
        share (which spares grouping the occurrences by feature).
        """
        feats, docs = self._words.features(batch.words, batch.word_doc)
        counts = self._counts(feats, docs)
        tf = counts
        if self._word_sublinear:
            tf = np.log(counts)
            tf += 1.0
        values = tf * self._word_idf[feats]
        per_occurrence = values / counts
        share = per_occurrence * self._coef_word[feats]
        _divide_by_norms(share, values * per_occurrence, docs, batch.n_docs)
        return feats, docs, share

    def _counts(self, feats: np.ndarray, docs: np.ndarray | None) -> np.ndarray:
        """How often each occurrence's feature occurs in its text."""
        if docs is None:
            return self._totals(feats, 1.0)
        order, _, starts = _group(docs * self._words.size + feats)
        sizes = np.diff(np.append(starts, len(order)))
        counts = np.empty(len(order))
        counts[order] = np.repeat(sizes, sizes)
        return counts

    def _char_part(self, batch: _Batch) -> np.ndarray:
        """Each token occurrence's share of the char log-odds: s(token) / char tf-idf norm.

        The norm of a text is sqrt(sum over n-grams of (count x idf)^2); the counts are
        those of all its tokens together, so they are added up text by text.
        """
        weights = self._char_idf[batch.grams]
        grams = batch.grams
        squares = [
            float(weights[a:b] @ self._totals(grams[a:b], weights[a:b]))
            for a, b in itertools.pairwise(batch.gram_bounds)
        ]
        share = batch.s.copy()
        _divide_by_norms(share, np.array(squares), batch.doc, batch.n_docs, per_doc=True)
        return share

    def _totals(self, index: np.ndarray, weights: np.ndarray | float) -> np.ndarray:
        """For each i, the sum of the weights of every j with index[j] == index[i].

        Added up in a dense per-thread scratch vector and zeroed again where touched:
        O(len(index)) whatever the vocabulary size, and no sort. (sum_i w_i * totals_i is
        then the sum over distinct indices of their total squared.)
        """
        scratch: np.ndarray | None = getattr(self._local, "scratch", None)
        if scratch is None:
            size = max(len(self._char_vocab), self._words.size)
            scratch = self._local.scratch = np.zeros(size)
        try:
            np.add.at(scratch, index, weights)
            return scratch[index]
        finally:
            scratch[index] = 0.0

    def log_odds(self, texts: list[str]) -> np.ndarray:
        batch, _ = self._read(texts)
        _, word_docs, word = self._word_part(batch)
        char = self._char_part(batch)
        n = batch.n_docs
        return np.asarray(
            self.model.intercept + _per_doc(word, word_docs, n) + _per_doc(char, batch.doc, n)
        )

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """P(risk) per text."""
        return _sigmoid(self.log_odds(texts))

    # -- explanation -----------------------------------------------------------------------

    def explain_batch(
        self, texts: list[str], top_k: int = 10
    ) -> tuple[np.ndarray, list[list[TermContribution]]]:
        """(P(risk), the top_k terms by |contribution| with their spans) for each text."""
        batch, names = self._read(texts)
        n_terms = len(names)  # once: other threads may add names meanwhile
        feats, word_docs, word = self._word_part(batch)
        char = self._char_part(batch)
        # each term's word and char parts added up, sorted by (text, term id)
        keys = np.concatenate((feats, batch.term))
        if batch.doc is not None and word_docs is not None:
            keys += np.concatenate((word_docs, batch.doc)) * n_terms
        keys, values = _sum_by_key(keys, np.concatenate((word, char)))
        docs, bounds = None, [0, len(keys)]
        if batch.doc is not None:
            docs, keys = np.divmod(keys, n_terms)
            bounds = np.searchsorted(docs, np.arange(batch.n_docs + 1)).tolist()
        log_odds = self.model.intercept + _per_doc(values, docs, batch.n_docs)
        out = [
            self._top_terms(text, names, keys[a:b], values[a:b], top_k)
            for text, (a, b) in zip(texts, itertools.pairwise(bounds), strict=True)
        ]
        return _sigmoid(log_odds), out

    def _top_terms(
        self, text: str, names: list[str], ids: np.ndarray, values: np.ndarray, top_k: int
    ) -> list[TermContribution]:
        """The top_k terms by |contribution|, then by term id (spans found when read).

        ``ids`` ascending: the choice among equal values at the cut is then the same as
        before this module was rewritten (argpartition on the same arrays).
        """
        if top_k < len(values):
            keep = np.argpartition(-np.abs(values), top_k)[:top_k]
            ids, values = ids[keep], values[keep]
        order = np.lexsort((ids, -np.abs(values)))
        chosen = [
            (names[c], v) for c, v in zip(ids[order].tolist(), values[order].tolist(), strict=True)
        ]
        return [TermContribution(t, v, text=text, finder=self._spans) for t, v in chosen]


def _check_word_step(word: TfidfVectorizer) -> None:
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
        or (word.token_pattern or DEFAULT_TOKEN_PATTERN) != DEFAULT_TOKEN_PATTERN
    ):
        raise NotLinearError(
            "the word step must be a plain lowercase 1-2 gram TfidfVectorizer"
            " with the default token pattern"
        )


def _idf(vectorizer: TfidfVectorizer, size: int) -> np.ndarray:
    if not vectorizer.use_idf:
        return np.ones(size)
    return np.asarray(vectorizer.idf_, dtype=np.float64)


def _per_doc(values: np.ndarray, docs: np.ndarray | None, n_docs: int) -> np.ndarray:
    """The sum of the values of each text (``docs``: the text of each value, None: one)."""
    if docs is None:
        return np.array([values.sum()]) if n_docs else np.zeros(0)
    return np.bincount(docs, weights=values, minlength=n_docs)


def _divide_by_norms(
    values: np.ndarray,
    squares: np.ndarray,
    docs: np.ndarray | None,
    n_docs: int,
    per_doc: bool = False,
) -> None:
    """Divide each value by the l2 norm of its text, in place; an empty text stays 0.

    The norm of a text is the square root of the sum of its ``squares`` (one per value, or
    with ``per_doc`` one per text). ``docs``: the text of each value (None: one text).
    """
    if docs is None:
        norm = math.sqrt(float(squares.sum()))
        if norm > 0:
            values /= norm
        return
    norms = np.sqrt(squares if per_doc else np.bincount(docs, squares, minlength=n_docs))
    norms[norms == 0] = 1.0
    values /= norms[docs]


def _group(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(order sorting keys, the distinct keys in ascending order, where each starts)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    first = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return order, ordered[starts], starts


def _sum_by_key(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct keys in ascending order, the sum of the values of each)."""
    order, distinct, starts = _group(keys)
    if not len(starts):
        return distinct, np.zeros(0)
    return distinct, np.add.reduceat(values[order], starts)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64))))
