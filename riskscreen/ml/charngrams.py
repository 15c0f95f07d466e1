"""Fast fitting and transforming of a char_wb TfidfVectorizer through whitespace tokens.

char_wb n-grams never cross whitespace, so a corpus' n-gram counts are ``D @ M``: D counts
each whitespace token type per document, M the n-grams of each token type. Analysing each
token type once instead of every occurrence makes fitting several times faster. The result
is a plain, fitted TfidfVectorizer equal to what ``fit_transform`` would give (the tests
check this); it is used only for training, the saved artefact is ordinary scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer


def token_counts(texts: Sequence[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """(D: documents x token types, the token types) of the lowercased, whitespace-split texts."""
    index: dict[str, int] = {}
    cols: list[int] = []
    indptr = [0]
    for text in texts:
        for tok in text.lower().split():
            j = index.get(tok)
            if j is None:
                j = index[tok] = len(index)
            cols.append(j)
        indptr.append(len(cols))
    d = sparse.csr_matrix(
        (np.ones(len(cols)), np.asarray(cols, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=(len(texts), len(index)),
    )
    d.sum_duplicates()
    return d, list(index)


def _ngram_matrix(
    vec: TfidfVectorizer, types: list[str], vocabulary: dict[str, int], grow: bool
) -> sparse.csr_matrix:
    """M: token types x n-grams. With grow, unseen n-grams are added to ``vocabulary``."""
    analyzer = vec.build_analyzer()
    cols: list[int] = []
    data: list[int] = []
    indptr = [0]
    for tok in types:
        counts: dict[int, int] = {}
        for gram in analyzer(tok):
            j = vocabulary.get(gram)
            if j is None:
                if not grow:
                    continue
                j = vocabulary[gram] = len(vocabulary)
            counts[j] = counts.get(j, 0) + 1
        cols.extend(counts)
        data.extend(counts.values())
        indptr.append(len(cols))
    return sparse.csr_matrix(
        (np.asarray(data, dtype=np.float64), np.asarray(cols, dtype=np.int64), indptr),
        shape=(len(types), len(vocabulary)),
    )


def char_counts(vec: TfidfVectorizer, texts: Sequence[str]) -> sparse.csr_matrix:
    """Raw counts of every char_wb n-gram of the texts (no vocabulary limits), any column order."""
    _check(vec)
    d, types = token_counts(texts)
    m = _ngram_matrix(vec, types, {}, grow=True)
    return sparse.csr_matrix((d @ m).tocsr())


def _check(vec: TfidfVectorizer) -> None:
    if vec.analyzer != "char_wb" or vec.binary or vec.vocabulary is not None:
        raise ValueError("fast path needs analyzer='char_wb', binary=False and no fixed vocabulary")


def fit_transform_char(vec: TfidfVectorizer, texts: Sequence[str]) -> sparse.csr_matrix:
    """Fit ``vec`` on texts (as vec.fit_transform would) and return the tf-idf matrix."""
    _check(vec)
    vec._validate_ngram_range()
    vec._validate_vocabulary()
    d, types = token_counts(texts)
    vocabulary: dict[str, int] = {}
    m = _ngram_matrix(vec, types, vocabulary, grow=True)
    x = (d @ m).tocsr()
    x.sort_indices()
    n_doc = x.shape[0]
    max_df, min_df = vec.max_df, vec.min_df
    high = max_df if isinstance(max_df, Integral) else max_df * n_doc
    low = min_df if isinstance(min_df, Integral) else min_df * n_doc
    if high < low:
        raise ValueError("max_df corresponds to < documents than min_df")
    if vec.max_features is not None:
        x = vec._sort_features(x, vocabulary)
    x = vec._limit_features(x, vocabulary, high, low, vec.max_features)
    if vec.max_features is None:
        x = vec._sort_features(x, vocabulary)
    vec.vocabulary_ = {k: int(v) for k, v in vocabulary.items()}
    vec._tfidf = TfidfTransformer(
        norm=vec.norm, use_idf=vec.use_idf, smooth_idf=vec.smooth_idf, sublinear_tf=vec.sublinear_tf
    ).fit(x)
    return sparse.csr_matrix(vec._tfidf.transform(x, copy=False))


def transform_char(vec: TfidfVectorizer, texts: Sequence[str]) -> sparse.csr_matrix:
    """vec.transform(texts) for a fitted char_wb vectorizer, through token types."""
    d, types = token_counts(texts)
    m = _ngram_matrix(vec, types, dict(vec.vocabulary_), grow=False)
    x = (d @ m).tocsr()
    x.sort_indices()
    return sparse.csr_matrix(vec._tfidf.transform(x, copy=False))


def token_char_wb_ngrams(token: str, min_n: int, max_n: int) -> list[str]:
    """The char_wb n-grams of one lowercase whitespace token, as TfidfVectorizer makes them.

    Same list, in the same order, as the char_wb analyzer gives for a text holding only this
    token (tested), without its per-call overhead: the token is padded with one space on
    each side, and a token shorter than n gives itself once and stops the longer sizes.
    """
    padded = f" {token} "
    out: list[str] = []
    for n in range(min_n, max_n + 1):
        last = len(padded) - n
        if last <= 0:
            out.append(padded)
            break
        out.extend([padded[i : i + n] for i in range(last + 1)])
    return out
