from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from riskscreen.ml.features import (
    FoldFeatures,
    build_features,
    fit_transform_features,
    transform_features,
)

from .helpers import make_records

ODD = ["", "A  b\tC\n", "ÜBER-Straße İstanbul", "x", "fee, fee; FEE!", "a\u00a0b \u2003c"]


def test_fast_char_path_equals_sklearn() -> None:
    texts = [r.text for r in make_records("job_ad", 30)] + ODD
    reference, fast = build_features(), build_features()
    expected = reference.fit_transform(texts)
    got = fit_transform_features(fast, texts)
    ref_char, fast_char = reference.transformer_list[1][1], fast.transformer_list[1][1]
    assert ref_char.vocabulary_ == fast_char.vocabulary_
    assert np.array_equal(ref_char.idf_, fast_char.idf_)
    assert abs(expected - got).max() == 0
    unseen = [r.text for r in make_records("audit", 10)] + ODD
    assert abs(reference.transform(unseen) - transform_features(fast, unseen)).max() < 1e-12


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=60), min_size=2, max_size=8))
def test_fast_char_path_equals_sklearn_on_any_text(texts: list[str]) -> None:
    texts = [*texts, "some words here", "more words there"]
    reference, fast = build_features(), build_features()
    expected = reference.fit_transform(texts)
    got = fit_transform_features(fast, texts)
    assert expected.shape == got.shape
    assert abs(expected - got).max() < 1e-12


def test_fold_features_equal_features_fitted_on_the_fold() -> None:
    texts = [r.text for r in make_records("audit", 40)] + ODD
    train_idx, val_idx = np.arange(0, 46, 2), np.arange(1, 46, 2)
    x_train, x_val = FoldFeatures(texts).fold(train_idx, val_idx)
    reference = build_features()
    ref_train = reference.fit_transform([texts[i] for i in train_idx])
    ref_val = reference.transform([texts[i] for i in val_idx])
    assert x_train.shape == ref_train.shape and x_val.shape == ref_val.shape
    # same columns in another order: the Gram matrices are equal
    assert abs(x_train @ x_train.T - ref_train @ ref_train.T).max() < 1e-12
    assert abs(x_val @ x_train.T - ref_val @ ref_train.T).max() < 1e-12
