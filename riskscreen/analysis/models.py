"""Comparing classifier versions on the same labelled texts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from riskscreen.analysis.labelled import LabelledText
from riskscreen.ml.metrics import binary_metrics, rounded
from riskscreen.ml.registry import LoadedModel


class ComparisonError(ValueError):
    """Models or data that cannot be compared (different kinds, no records)."""


def evaluate(model: LoadedModel, items: Sequence[LabelledText]) -> dict[str, Any]:
    """The model's metrics on the records of its kind, at its own threshold."""
    records = [item for item in items if item.kind == model.kind]
    if not records:
        raise ComparisonError(f"no {model.kind} records to evaluate on")
    y = np.array([r.label for r in records], dtype=int)
    p = model.predict_proba([r.text for r in records])
    return dict(rounded(binary_metrics(y, p, model.threshold), 4))


def compare(candidate: LoadedModel, baseline: LoadedModel | None,
            items: Sequence[LabelledText]) -> dict[str, Any]:
    """Both models' metrics on the same records, and the differences."""
    if baseline is not None and baseline.kind != candidate.kind:
        raise ComparisonError(f"{candidate.version} is a {candidate.kind} model, "
                              f"{baseline.version} a {baseline.kind} model")
    a = evaluate(candidate, items)
    b = evaluate(baseline, items) if baseline is not None else None
    delta = None
    if b is not None:
        delta = {key: round(a[key] - b[key], 4) for key in ("roc_auc", "pr_auc", "precision",
                                                           "recall", "f1", "brier")
                 if isinstance(a.get(key), float) and isinstance(b.get(key), float)}
    return {"kind": candidate.kind, "records": a["n"],
            "candidate": {"version": candidate.version, "metrics": a},
            "baseline": None if baseline is None else {"version": baseline.version, "metrics": b},
            "difference": delta}
