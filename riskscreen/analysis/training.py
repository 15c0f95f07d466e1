"""One training run: labelled texts in, a new model version folder out (not activated)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riskscreen.analysis.labelled import LabelledText
from riskscreen.ml.artefact import write_model_folder
from riskscreen.ml.candidates import DEFAULT_CANDIDATES, FAST_CANDIDATES
from riskscreen.ml.train import train_model

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class TrainingRequest:
    kind: str
    items: tuple[LabelledText, ...]
    sources: tuple[str, ...]  # what the data came from, for model.json and the card
    seed: int = 0
    fast: bool = False


def run_training(request: TrainingRequest, models_dir: Path,
                 progress: Progress | None = None) -> dict[str, Any]:
    """Train, write the version folder, and return {version, metrics} (metrics without timing)."""
    report = progress or (lambda _fraction, _message: None)
    records = [item.record() for item in request.items if item.kind == request.kind]
    report(0.05, f"training on {len(records)} {request.kind} records")
    candidates = FAST_CANDIDATES if request.fast else DEFAULT_CANDIDATES
    result = train_model(records, request.kind, request.seed, candidates)
    report(0.8, "writing the model folder")
    folder = write_model_folder(Path(models_dir), result, list(request.sources))
    report(1.0, f"wrote {folder.name}")
    metrics = {k: v for k, v in result.metrics.items() if k != "timing"}
    return {"version": folder.name, "metrics": metrics}


def merge(*sets: Sequence[LabelledText]) -> tuple[LabelledText, ...]:
    """Several labelled sets as one; a later record with the same id replaces an earlier one."""
    by_id: dict[str, LabelledText] = {}
    for items in sets:
        for item in items:
            by_id[item.id] = item
    return tuple(by_id.values())
