"""Evaluation plots of a model folder: pr.png, roc.png, calibration.png (matplotlib, Agg)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from sklearn.calibration import calibration_curve
from sklearn.metrics import precision_recall_curve, roc_curve

Curves = list[tuple[str, np.ndarray, np.ndarray]]  # (label, y, p)

_SIZE = (4.5, 4.0)
_DPI = 90


def _usable(curves: Curves) -> Curves:
    return [(name, y, p) for name, y, p in curves if len(y) and 0 < y.sum() < len(y)]


def _save(fig: Figure, path: Path) -> None:
    fig.tight_layout()
    fig.savefig(path, dpi=_DPI, metadata={"Software": None})


def _figure() -> tuple[Figure, Axes]:
    # the object API renders with Agg and keeps no global pyplot state (safe in a server)
    fig = Figure(figsize=_SIZE)
    return fig, fig.subplots()


def plot_pr(curves: Curves, path: Path, title: str) -> None:
    fig, ax = _figure()
    for name, y, p in _usable(curves):
        prec, rec, _ = precision_recall_curve(y, p)
        ax.step(rec, prec, where="post", label=name)
    ax.axhline(0.85, color="grey", linestyle=":", linewidth=1, label="precision 0.85")
    ax.set(xlabel="recall", ylabel="precision", xlim=(0, 1.01), ylim=(0, 1.02), title=title)
    ax.legend(loc="lower left", fontsize=8)
    _save(fig, path)


def plot_roc(curves: Curves, path: Path, title: str) -> None:
    fig, ax = _figure()
    for name, y, p in _usable(curves):
        fpr, tpr, _ = roc_curve(y, p)
        ax.plot(fpr, tpr, label=name)
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1)
    ax.set(xlabel="false positive rate", ylabel="true positive rate", title=title)
    ax.legend(loc="lower right", fontsize=8)
    _save(fig, path)


def plot_calibration(curves: Curves, path: Path, title: str) -> None:
    fig, ax = _figure()
    for name, y, p in _usable(curves):
        frac, mean = calibration_curve(y, p, n_bins=10, strategy="quantile")
        ax.plot(mean, frac, marker="o", label=name)
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1, label="perfect")
    ax.set(xlabel="mean predicted P(risk)", ylabel="fraction risk", title=title)
    ax.legend(loc="upper left", fontsize=8)
    _save(fig, path)


def write_plots(folder: Path, curves: Curves, version: str) -> list[str]:
    """Write the three plots into folder; return their file names."""
    plot_pr(curves, folder / "pr.png", f"{version}: precision-recall")
    plot_roc(curves, folder / "roc.png", f"{version}: ROC")
    plot_calibration(curves, folder / "calibration.png", f"{version}: calibration")
    return ["pr.png", "roc.png", "calibration.png"]
