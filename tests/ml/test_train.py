from __future__ import annotations

import numpy as np
import pytest

from riskscreen.ml.candidates import DEFAULT_CANDIDATES
from riskscreen.ml.corpus import Record
from riskscreen.ml.metrics import binary_metrics, choose_threshold, recall_at_precision
from riskscreen.ml.scoring import NotLinearError, linearise
from riskscreen.ml.train import TrainingError, TrainResult, fit_pipeline, train

from .helpers import make_records


def _without_timing(metrics: dict) -> dict:
    return {k: v for k, v in metrics.items() if k != "timing"}


def test_training_is_deterministic() -> None:
    records = make_records("audit", 50, seed=3)
    cands = (DEFAULT_CANDIDATES[1], DEFAULT_CANDIDATES[4])
    p1, m1 = train(records, "audit", seed=7, candidates=cands)
    p2, m2 = train(records, "audit", seed=7, candidates=cands)
    assert _without_timing(m1) == _without_timing(m2)
    texts = [r.text for r in records]
    assert np.array_equal(p1.predict_proba(texts), p2.predict_proba(texts))


def test_metrics_shape(trained: dict[str, TrainResult]) -> None:
    m = trained["job_ad"].metrics
    assert m["n_train"] + m["n_test"] == 60
    assert {r["candidate"] for r in m["comparison"]} == {DEFAULT_CANDIDATES[i].name for i in (0, 5)}
    for block in (m["cv"], m["test"]):
        assert set(block) >= {
            "roc_auc",
            "pr_auc",
            "precision",
            "recall",
            "f1",
            "confusion_matrix",
            "recall_at_precision_0.85",
        }
    assert m["threshold"]["oof_recall"] >= 0.85
    assert m["cv"]["recall"] >= 0.85


def test_too_few_records_is_an_error() -> None:
    records = [Record(f"r{i}", "audit", f"text {i}", 1) for i in range(6)]
    with pytest.raises(TrainingError, match="at least 2 records of each label"):
        train(records, "audit")


def test_unknown_kind_is_an_error() -> None:
    with pytest.raises(TrainingError):
        train(make_records("audit", 20), "invoice")


@pytest.mark.parametrize("index", [0, 4, 7])
def test_linearised_model_matches_pipeline(index: int) -> None:
    records = make_records("job_ad", 40)
    y = np.array([r.label for r in records])
    pipe = fit_pipeline([r.text for r in records], y, DEFAULT_CANDIDATES[index], seed=0)
    lin = linearise(pipe)
    x = pipe.steps[0][1].transform([r.text for r in records])
    z = x @ np.concatenate([lin.coef_word, lin.coef_char]) + lin.intercept
    assert np.allclose(1 / (1 + np.exp(-z)), pipe.predict_proba([r.text for r in records])[:, 1])


def test_complement_nb_is_not_linearisable() -> None:
    records = make_records("job_ad", 40)
    y = np.array([r.label for r in records])
    pipe = fit_pipeline([r.text for r in records], y, DEFAULT_CANDIDATES[-1], seed=0)
    with pytest.raises(NotLinearError):
        linearise(pipe)


def test_threshold_and_metrics_helpers() -> None:
    y = np.array([0, 0, 0, 1, 1, 1, 1])
    p = np.array([0.1, 0.2, 0.7, 0.6, 0.8, 0.9, 0.95])
    thr = choose_threshold(y, p, min_recall=0.85)
    assert thr["value"] == 0.6 and thr["oof_recall"] == 1.0
    m = binary_metrics(y, p, 0.6)
    assert m["confusion_matrix"] == {"tn": 2, "fp": 1, "fn": 0, "tp": 4}
    assert recall_at_precision(y, p, 0.85) == 0.75
