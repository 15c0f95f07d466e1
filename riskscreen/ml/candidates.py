"""The linear models compared by cross-validation.

Every candidate must give P(risk) as a sigmoid of a linear function of the features, so the
loaded model can be explained term by term (a LogisticRegression, or a linear model wrapped
in sigmoid calibration with ``ensemble=False``). ComplementNB is reported for comparison but
is not eligible: its calibrated probability is not linear in the features.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sklearn.base import ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC


@dataclass(frozen=True)
class Candidate:
    name: str
    make: Callable[[int, int], ClassifierMixin]  # (seed, calibration folds) -> estimator
    eligible: bool = True


def _sigmoid(base: ClassifierMixin, seed: int, folds: int) -> CalibratedClassifierCV:
    return CalibratedClassifierCV(
        base,
        method="sigmoid",
        cv=StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed),
        ensemble=False,
    )


def _logreg(c: float) -> Candidate:
    return Candidate(
        f"logreg C={c:g}",
        lambda seed, folds: LogisticRegression(C=c, max_iter=5000),
    )


def _svm(c: float) -> Candidate:
    return Candidate(
        f"linearsvc C={c:g} + sigmoid",
        lambda seed, folds: _sigmoid(
            LinearSVC(C=c, random_state=seed, max_iter=20000), seed, folds
        ),
    )


def _sgd(alpha: float) -> Candidate:
    return Candidate(
        f"sgd modified_huber alpha={alpha:g} + sigmoid",
        lambda seed, folds: _sigmoid(
            SGDClassifier(
                loss="modified_huber", alpha=alpha, random_state=seed, max_iter=1000, tol=1e-4
            ),
            seed,
            folds,
        ),
    )


def _cnb(alpha: float) -> Candidate:
    return Candidate(
        f"complementnb alpha={alpha:g} + sigmoid",
        lambda seed, folds: _sigmoid(ComplementNB(alpha=alpha), seed, folds),
        eligible=False,
    )


DEFAULT_CANDIDATES: tuple[Candidate, ...] = (
    _logreg(1.0),
    _logreg(4.0),
    _logreg(16.0),
    _logreg(64.0),
    _svm(0.1),
    _svm(1.0),
    _sgd(1e-5),
    _sgd(1e-4),
    _cnb(0.3),
)

#: one candidate only: what the benchmark and quick fixtures use
FAST_CANDIDATES: tuple[Candidate, ...] = (_logreg(16.0),)
