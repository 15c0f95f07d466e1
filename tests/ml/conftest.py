"""Fixtures: models trained once per session on the synthetic corpus of helpers.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from riskscreen.ml.artefact import write_model_folder
from riskscreen.ml.candidates import DEFAULT_CANDIDATES
from riskscreen.ml.corpus import Record
from riskscreen.ml.registry import ModelRegistry
from riskscreen.ml.train import TrainResult, train_model

from .helpers import make_records


@pytest.fixture(scope="session")
def corpus() -> list[Record]:
    return make_records("job_ad", 60) + make_records("audit", 60)


@pytest.fixture(scope="session")
def trained(corpus: list[Record]) -> dict[str, TrainResult]:
    # three candidates of different shapes keep the fixture fast but exercise calibration
    cands = (DEFAULT_CANDIDATES[0], DEFAULT_CANDIDATES[5])
    return {
        kind: train_model(corpus, kind, seed=0, candidates=cands) for kind in ("job_ad", "audit")
    }


@pytest.fixture(scope="session")
def built_models(tmp_path_factory: pytest.TempPathFactory, trained: dict[str, TrainResult]) -> Path:
    """A models folder holding one job_ad version and two audit versions (none active)."""
    root = tmp_path_factory.mktemp("models")
    write_model_folder(root, trained["job_ad"], ["fixture"])
    write_model_folder(root, trained["audit"], ["fixture"])
    write_model_folder(root, trained["audit"], ["fixture"])
    return root


@pytest.fixture
def models_dir(tmp_path: Path, built_models: Path) -> Path:
    """A private, mutable copy of built_models."""
    target = tmp_path / "models"
    shutil.copytree(built_models, target)
    return target


@pytest.fixture
def registry(models_dir: Path) -> ModelRegistry:
    return ModelRegistry(models_dir)
