from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
import skops.io as sio
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from riskscreen.ml.artefact import (
    FORMAT_VERSION,
    ModelLoadError,
    UnsafeModelError,
    load_folder,
    load_pipeline,
)
from riskscreen.ml.registry import ModelRegistry


def _folders(root: Path, kind: str) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name.startswith(kind + "-"))


def test_model_folder_contents(built_models: Path) -> None:
    folder = _folders(built_models, "job_ad")[0]
    names = {p.name for p in folder.iterdir()}
    assert names == {
        "model.skops",
        "model.json",
        "MODEL_CARD.md",
        "pr.png",
        "roc.png",
        "calibration.png",
    }
    assert sum(p.stat().st_size for p in folder.iterdir()) < 5_000_000
    meta = json.loads((folder / "model.json").read_text())
    assert meta["format_version"] == FORMAT_VERSION
    assert meta["version"] == folder.name and meta["kind"] == "job_ad"
    assert meta["labels"] == ["no_risk", "risk"]
    assert set(meta["libraries"]) >= {"scikit-learn", "skops", "numpy", "python"}
    assert 0 < meta["threshold"]["value"] < 1 and meta["threshold"]["method"]
    assert len(meta["training_data"]["sha256"]) == 64
    assert set(meta["metrics"]) == {"cv", "test", "comparison"}
    assert meta["n_train"] + meta["n_test"] == 60 and meta["seed"] == 0
    digest = hashlib.sha256((folder / "model.skops").read_bytes()).hexdigest()
    assert meta["artefact"]["sha256"] == digest
    card = (folder / "MODEL_CARD.md").read_text()
    assert folder.name in card and "| candidate |" in card and "pr.png" in card


def test_version_names_are_unique(built_models: Path) -> None:
    audits = [p.name for p in _folders(built_models, "audit")]
    assert len(audits) == 2 and audits[1] == audits[0] + "-2"


def test_unknown_format_version_is_refused(models_dir: Path) -> None:
    folder = _folders(models_dir, "job_ad")[0]
    meta = json.loads((folder / "model.json").read_text())
    meta["format_version"] = 99
    (folder / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelLoadError, match="unknown format_version 99"):
        ModelRegistry(models_dir).load(folder.name)


def test_modified_artefact_is_refused(models_dir: Path) -> None:
    folder = _folders(models_dir, "job_ad")[0]
    with (folder / "model.skops").open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelLoadError, match="SHA-256 differs"):
        load_folder(folder)


def _tamper(folder: Path) -> None:
    """Replace model.skops by a pipeline calling os.system, and fix the hash in model.json."""
    evil = Pipeline([("f", FunctionTransformer(os.system))])
    sio.dump(evil, folder / "model.skops")
    meta = json.loads((folder / "model.json").read_text())
    meta["artefact"]["sha256"] = hashlib.sha256((folder / "model.skops").read_bytes()).hexdigest()
    (folder / "model.json").write_text(json.dumps(meta))


def test_tampered_skops_with_untrusted_type_is_refused(models_dir: Path) -> None:
    folder = _folders(models_dir, "job_ad")[0]
    _tamper(folder)
    with pytest.raises(UnsafeModelError, match="untrusted types") as refused:
        load_pipeline(folder / "model.skops")
    assert "posix.system" in str(refused.value) or "os.system" in str(refused.value)
    registry = ModelRegistry(models_dir)
    registry.activate("job_ad", folder.name)
    with pytest.raises(UnsafeModelError):
        registry.load_active("job_ad")


def test_garbage_skops_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.skops"
    path.write_bytes(b"not a zip")
    with pytest.raises(ModelLoadError):
        load_pipeline(path)


def test_failed_write_leaves_no_folder(
    tmp_path: Path, trained: dict, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[type-arg]
    import riskscreen.ml.artefact as artefact
    import riskscreen.ml.plots as plots

    def broken(*args: object, **kwargs: object) -> list[str]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(plots, "write_plots", broken)
    with pytest.raises(RuntimeError):
        artefact.write_model_folder(tmp_path, trained["audit"], ["fixture"])
    assert list(tmp_path.iterdir()) == []
