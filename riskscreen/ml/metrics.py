"""Metrics of a scored, labelled set and the choice of the decision threshold."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    precision_recall_curve,
    roc_auc_score,
)

TARGET_PRECISION = 0.85
TARGET_RECALL = 0.85


def recall_at_precision(y: np.ndarray, p: np.ndarray, precision: float = TARGET_PRECISION) -> float:
    """The highest recall reachable at a threshold whose precision is at least ``precision``."""
    prec, rec, _ = precision_recall_curve(y, p)
    ok = prec >= precision
    return float(rec[ok].max()) if ok.any() else 0.0


def choose_threshold(
    y: np.ndarray, p: np.ndarray, min_recall: float = TARGET_RECALL
) -> dict[str, Any]:
    """Highest precision among thresholds with recall >= min_recall.

    Ties go to the higher recall, then to the higher threshold.
    """
    prec, rec, thr = precision_recall_curve(y, p)
    prec, rec = prec[:-1], rec[:-1]  # the last point has no threshold
    ok = np.flatnonzero(rec >= min_recall)
    best = ok[np.lexsort((-thr[ok], -rec[ok], -prec[ok]))[0]]
    return {
        "value": float(thr[best]),
        "method": f"highest out-of-fold precision with out-of-fold recall >= {min_recall:g} "
        "(ties: higher recall, then higher threshold); "
        "out-of-fold = stratified 5-fold CV on the train split",
        "oof_precision": float(prec[best]),
        "oof_recall": float(rec[best]),
    }


def binary_metrics(y: np.ndarray, p: np.ndarray, threshold: float) -> dict[str, Any]:
    """ROC-AUC, PR-AUC, precision/recall/F1 and the confusion matrix at ``threshold``."""
    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    pred = (p >= threshold).astype(int)
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    tn = int(((pred == 0) & (y == 0)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    both = 0 < y.sum() < len(y)
    return {
        "n": len(y),
        "n_risk": int(y.sum()),
        "roc_auc": float(roc_auc_score(y, p)) if both else None,
        "pr_auc": float(average_precision_score(y, p)) if both else None,
        "brier": float(brier_score_loss(y, p)) if len(y) else None,
        "threshold": float(threshold),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "confusion_matrix": {"tn": tn, "fp": fp, "fn": fn, "tp": tp},
        f"recall_at_precision_{TARGET_PRECISION:g}": recall_at_precision(y, p) if both else None,
    }


def rounded(obj: Any, digits: int = 4) -> Any:
    """Floats rounded for display and JSON (recursively)."""
    if isinstance(obj, float):
        return round(obj, digits)
    if isinstance(obj, dict):
        return {k: rounded(v, digits) for k, v in obj.items()}
    if isinstance(obj, list):
        return [rounded(v, digits) for v in obj]
    return obj
