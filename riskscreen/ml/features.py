"""The text features: word 1-2 gram TF-IDF beside char_wb 3-5 gram TF-IDF.

The char vectorizer keeps ``sublinear_tf=False`` on purpose: its contribution to the
log-odds then splits exactly over the words of the text (see :mod:`riskscreen.ml.scoring`).
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from riskscreen.ml.charngrams import char_counts, fit_transform_char, transform_char

WORD_STEP = "word"
CHAR_STEP = "char"

#: caps keep a model folder small (< 5 MB) on a large partner corpus
MAX_WORD_FEATURES = 60_000
MAX_CHAR_FEATURES = 120_000


def build_features(min_df: int = 1) -> FeatureUnion:
    """A fresh, unfitted FeatureUnion(word, char)."""
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        lowercase=True,
        sublinear_tf=True,
        min_df=min_df,
        max_features=MAX_WORD_FEATURES,
        dtype=np.float64,
    )
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        lowercase=True,
        sublinear_tf=False,
        min_df=min_df,
        max_features=MAX_CHAR_FEATURES,
        dtype=np.float64,
    )
    return FeatureUnion([(WORD_STEP, word), (CHAR_STEP, char)])


def _parts(features: FeatureUnion) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    (_, word), (_, char) = features.transformer_list
    return word, char


def fit_transform_features(features: FeatureUnion, texts: Sequence[str]) -> sparse.csr_matrix:
    """features.fit_transform(texts), with the char part through the fast token path."""
    word, char = _parts(features)
    xw = word.fit_transform(texts)
    xc = fit_transform_char(char, texts)
    return sparse.csr_matrix(sparse.hstack([xw, xc], format="csr"))


def transform_features(features: FeatureUnion, texts: Sequence[str]) -> sparse.csr_matrix:
    """features.transform(texts) of a fitted FeatureUnion(word, char), fast char path."""
    word, char = _parts(features)
    return sparse.csr_matrix(
        sparse.hstack([word.transform(texts), transform_char(char, texts)], format="csr")
    )


class FoldFeatures:
    """Features of cross-validation folds from one analysis of all texts.

    Counting every n-gram of every text once, then restricting the columns and fitting the
    idf on each fold's training rows, is what fitting the vectorizers on that fold does
    (min_df, max_df and max_features are applied to the fold's training rows only), without
    analysing the texts again for each fold. Only the column order differs, and ties at the
    max_features cut are broken by first appearance rather than alphabetically.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self._template = build_features()
        word, char = _parts(self._template)
        counter = CountVectorizer(
            analyzer=word.analyzer,
            ngram_range=word.ngram_range,
            lowercase=word.lowercase,
            token_pattern=word.token_pattern,
            dtype=np.float64,
        )
        self._word_counts = sparse.csr_matrix(counter.fit_transform(texts))
        self._char_counts = char_counts(char, texts)

    def fold(
        self, train_idx: np.ndarray, val_idx: np.ndarray
    ) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """(x_train, x_val) as features fitted on the train rows would give them."""
        word, char = _parts(self._template)
        wt, wv = _fold_part(self._word_counts, train_idx, val_idx, word)
        ct, cv = _fold_part(self._char_counts, train_idx, val_idx, char)
        return (
            sparse.csr_matrix(sparse.hstack([wt, ct], format="csr")),
            sparse.csr_matrix(sparse.hstack([wv, cv], format="csr")),
        )


def _fold_part(
    counts: sparse.csr_matrix, train_idx: np.ndarray, val_idx: np.ndarray, vec: TfidfVectorizer
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    train = counts[train_idx]
    n_docs = train.shape[0]
    df = np.bincount(train.indices, minlength=train.shape[1])
    high = float(vec.max_df if isinstance(vec.max_df, Integral) else vec.max_df * n_docs)
    low = float(vec.min_df if isinstance(vec.min_df, Integral) else vec.min_df * n_docs)
    mask = (df > 0) & (df >= low) & (df <= high)
    if vec.max_features is not None and mask.sum() > vec.max_features:
        tf = np.asarray(train.sum(axis=0)).ravel()
        candidates = np.flatnonzero(mask)
        keep = candidates[np.argsort(-tf[candidates], kind="stable")[: vec.max_features]]
        mask = np.zeros_like(mask)
        mask[keep] = True
    cols = np.flatnonzero(mask)
    tfidf = TfidfTransformer(
        norm=vec.norm, use_idf=vec.use_idf, smooth_idf=vec.smooth_idf, sublinear_tf=vec.sublinear_tf
    )
    train_cols = train[:, cols]
    tfidf.fit(train_cols)
    return (
        sparse.csr_matrix(tfidf.transform(train_cols)),
        sparse.csr_matrix(tfidf.transform(counts[val_idx][:, cols])),
    )
