"""Training: compare candidates by stratified CV, choose a threshold, fit, evaluate.

``train(records, kind, seed) -> (pipeline, metrics)`` is what the CLI and the API call.
The same records and seed give the same pipeline and metrics (timings aside, which are kept
under ``metrics["timing"]``).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline

from riskscreen.ml.candidates import DEFAULT_CANDIDATES, Candidate
from riskscreen.ml.corpus import KINDS, Record, data_sha256, split_records
from riskscreen.ml.features import (
    FoldFeatures,
    build_features,
    fit_transform_features,
)
from riskscreen.ml.metrics import (
    TARGET_PRECISION,
    binary_metrics,
    choose_threshold,
    recall_at_precision,
    rounded,
)

CV_FOLDS = 5
FEATURES_STEP = "features"
CLASSIFIER_STEP = "clf"


class TrainingError(ValueError):
    """The data cannot train a model (too few records of a class, wrong kind...)."""


@dataclass
class TrainResult:
    pipeline: Pipeline
    metrics: dict[str, Any]
    oof_y: np.ndarray
    oof_p: np.ndarray
    test_y: np.ndarray
    test_p: np.ndarray


def _labels(records: Sequence[Record]) -> np.ndarray:
    return np.array([r.label for r in records], dtype=int)


def _texts(records: Sequence[Record]) -> list[str]:
    return [r.text for r in records]


def _folds(y: np.ndarray, wanted: int) -> int:
    smallest = int(min((y == 0).sum(), (y == 1).sum()))
    if smallest < 2:
        raise TrainingError(
            "need at least 2 records of each label in the train split; got "
            f"{int((y == 1).sum())} risk, {int((y == 0).sum())} no_risk"
        )
    return min(wanted, smallest)


def _calibration_folds(n_smallest_class: int) -> int:
    return max(2, min(3, n_smallest_class))


def cross_validate(
    texts: list[str], y: np.ndarray, candidates: Sequence[Candidate], seed: int
) -> tuple[list[dict[str, Any]], dict[str, np.ndarray]]:
    """Stratified k-fold comparison; features are fitted inside each fold.

    Returns the comparison rows and the out-of-fold P(risk) of every candidate.
    """
    n_folds = _folds(y, CV_FOLDS)
    splitter = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    oof = {c.name: np.zeros(len(y)) for c in candidates}
    per_fold: dict[str, list[tuple[float, float]]] = {c.name: [] for c in candidates}
    seconds = dict.fromkeys(oof, 0.0)
    features = FoldFeatures(texts)
    for train_idx, val_idx in splitter.split(np.zeros(len(y)), y):
        x_train, x_val = features.fold(train_idx, val_idx)
        y_train, y_val = y[train_idx], y[val_idx]
        cal_folds = _calibration_folds(int(min((y_train == 0).sum(), (y_train == 1).sum())))
        for cand in candidates:
            start = time.perf_counter()
            model = cand.make(seed, cal_folds).fit(x_train, y_train)
            p = model.predict_proba(x_val)[:, 1]
            seconds[cand.name] += time.perf_counter() - start
            oof[cand.name][val_idx] = p
            per_fold[cand.name].append((roc_auc_score(y_val, p), average_precision_score(y_val, p)))
    rows = []
    for cand in candidates:
        folds = np.array(per_fold[cand.name])
        p = oof[cand.name]
        rows.append(
            {
                "candidate": cand.name,
                "eligible": cand.eligible,
                "roc_auc": float(folds[:, 0].mean()),
                "roc_auc_sd": float(folds[:, 0].std()),
                "pr_auc": float(folds[:, 1].mean()),
                "pr_auc_sd": float(folds[:, 1].std()),
                f"recall_at_precision_{TARGET_PRECISION:g}": recall_at_precision(y, p),
                "fit_seconds": seconds[cand.name],
                "folds": n_folds,
            }
        )
    return rows, oof


def _best(rows: list[dict[str, Any]]) -> str:
    eligible = [r for r in rows if r["eligible"]]
    # highest mean PR-AUC, then ROC-AUC; the earlier (simpler) candidate wins exact ties
    order = sorted(
        range(len(eligible)),
        key=lambda i: (-round(eligible[i]["pr_auc"], 6), -round(eligible[i]["roc_auc"], 6), i),
    )
    return str(eligible[order[0]]["candidate"])


def fit_pipeline(texts: list[str], y: np.ndarray, candidate: Candidate, seed: int) -> Pipeline:
    """Features + the candidate, fitted on all of ``texts``."""
    cal_folds = _calibration_folds(int(min((y == 0).sum(), (y == 1).sum())))
    features = build_features()
    x = fit_transform_features(features, texts)
    classifier = candidate.make(seed, cal_folds).fit(x, y)
    return Pipeline([(FEATURES_STEP, features), (CLASSIFIER_STEP, classifier)])


def train_model(
    records: Sequence[Record],
    kind: str,
    seed: int = 0,
    candidates: Sequence[Candidate] = DEFAULT_CANDIDATES,
) -> TrainResult:
    """The full training run for one document kind (see the module docstring)."""
    if kind not in KINDS:
        raise TrainingError(f"unknown kind {kind!r} (expected one of {KINDS})")
    records = sorted((r for r in records if r.kind == kind), key=lambda r: (r.id, r.text))
    if not records:
        raise TrainingError(f"no records of kind {kind!r}")
    train_recs, test_recs = split_records(records)
    texts, y = _texts(train_recs), _labels(train_recs)
    _folds(y, CV_FOLDS)

    started = time.perf_counter()
    rows, oof = cross_validate(texts, y, candidates, seed)
    cv_seconds = time.perf_counter() - started
    best_name = _best(rows)
    best = next(c for c in candidates if c.name == best_name)
    threshold = choose_threshold(y, oof[best_name])

    started = time.perf_counter()
    pipeline = fit_pipeline(texts, y, best, seed)
    fit_seconds = time.perf_counter() - started

    test_y = _labels(test_recs)
    test_p = pipeline.predict_proba(_texts(test_recs))[:, 1] if test_recs else np.zeros(0)
    metrics: dict[str, Any] = {
        "kind": kind,
        "seed": seed,
        "estimator": best_name,
        "selection": "highest mean CV PR-AUC among eligible candidates, then ROC-AUC",
        "threshold": threshold,
        "cv": binary_metrics(y, oof[best_name], threshold["value"]),
        "test": binary_metrics(test_y, test_p, threshold["value"]) if test_recs else None,
        "comparison": [{k: v for k, v in r.items() if k != "fit_seconds"} for r in rows],
        "n_train": len(train_recs),
        "n_test": len(test_recs),
        "n_generated": sum(r.generated for r in records),
        "languages": dict(sorted(Counter(r.language or "unknown" for r in records).items())),
        "training_data_sha256": data_sha256(records),
        "timing": {
            "cv_seconds": cv_seconds,
            "final_fit_seconds": fit_seconds,
            "candidate_fit_seconds": {r["candidate"]: r["fit_seconds"] for r in rows},
        },
    }
    return TrainResult(
        pipeline=pipeline,
        metrics=rounded(metrics, 6),
        oof_y=y,
        oof_p=oof[best_name],
        test_y=test_y,
        test_p=test_p,
    )


def train(
    records: Sequence[Record],
    kind: str,
    seed: int = 0,
    candidates: Sequence[Candidate] = DEFAULT_CANDIDATES,
) -> tuple[Pipeline, dict[str, Any]]:
    """Train one kind's model: ``(fitted pipeline, metrics)``."""
    result = train_model(records, kind, seed, candidates)
    return result.pipeline, result.metrics
