"""A model version folder: model.skops, model.json, MODEL_CARD.md and plots.

Loading reads model.json first and refuses a format_version it does not know, checks the
artefact's SHA-256 against model.json, and loads model.skops only when every type skops
does not trust by default is on :data:`ALLOWED_TYPES` (never ``trusted=True``, never pickle).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy
import sklearn
import skops
import skops.io as sio
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline
from skops.io.exceptions import UntrustedTypesFoundException

import riskscreen
from riskscreen.ml.card import render_card
from riskscreen.ml.corpus import LABEL_NAMES

if TYPE_CHECKING:  # training-only modules: matplotlib alone costs ~1 s to import
    from riskscreen.ml.train import TrainResult

FORMAT_VERSION = 1
ARTEFACT = "model.skops"
MODEL_JSON = "model.json"
CARD = "MODEL_CARD.md"

#: the only types beyond skops' defaults a model.skops may contain
ALLOWED_TYPES: frozenset[str] = frozenset(
    {
        "sklearn.calibration._CalibratedClassifier",
        "sklearn.calibration._SigmoidCalibration",
        "sklearn.model_selection._split.StratifiedKFold",
    }
)

_VERSION_RE = re.compile(r"^(job_ad|audit)-\d{8}-[0-9a-f]{6}(-\d+)?$")


class ModelLoadError(Exception):
    """A model folder that cannot be loaded (missing, unknown format, tampered...)."""


class UnsafeModelError(ModelLoadError):
    """model.skops holds a type outside the allow-list."""


def is_version_name(name: str) -> bool:
    return bool(_VERSION_RE.match(name))


def library_versions() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "skops": skops.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "riskscreen": riskscreen.__version__,
    }


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dump_pipeline(pipeline: Pipeline, path: Path) -> None:
    """skops dump with int vocabularies and ZIP_DEFLATED (small and fast)."""
    for step in pipeline.steps[0][1].transformer_list:
        vec = step[1]
        if isinstance(vec, TfidfVectorizer):
            vec.vocabulary_ = {str(k): int(v) for k, v in vec.vocabulary_.items()}
    sio.dump(pipeline, path, compression=zipfile.ZIP_DEFLATED, compresslevel=6)


def load_pipeline(path: Path, allowed: frozenset[str] = ALLOWED_TYPES) -> Pipeline:
    """Load model.skops if every untrusted type is allowed; raise UnsafeModelError otherwise.

    skops audits the whole tree against `trusted` before it constructs anything, so one
    load with the allow-list is as strict as asking get_untrusted_types first, and it reads
    the file once instead of twice (seconds for a large vocabulary).
    """
    try:
        obj = sio.load(path, trusted=sorted(allowed))
    except UntrustedTypesFoundException:
        refused = sorted(set(sio.get_untrusted_types(file=path)) - allowed)
        raise UnsafeModelError(f"{path}: refusing untrusted types {refused}") from None
    except Exception as exc:  # a corrupt zip or schema: refuse, do not guess
        raise ModelLoadError(f"{path}: not a readable skops file ({exc})") from None
    if not isinstance(obj, Pipeline):
        raise ModelLoadError(f"{path}: expected a sklearn Pipeline, got {type(obj).__name__}")
    return obj


def read_model_json(folder: Path) -> dict[str, Any]:
    """model.json of a version folder; refuses an unknown format_version."""
    path = Path(folder) / MODEL_JSON
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelLoadError(f"{folder}: no {MODEL_JSON}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelLoadError(f"{path}: invalid JSON ({exc})") from None
    if not isinstance(meta, dict) or meta.get("format_version") != FORMAT_VERSION:
        found = meta.get("format_version") if isinstance(meta, dict) else None
        raise ModelLoadError(
            f"{path}: unknown format_version {found!r} (this riskscreen reads {FORMAT_VERSION})"
        )
    for key in ("version", "kind", "threshold", "labels", "artefact"):
        if key not in meta:
            raise ModelLoadError(f"{path}: missing key {key!r}")
    return meta


def load_folder(folder: Path) -> tuple[dict[str, Any], Pipeline]:
    """(model.json, pipeline) of a version folder, checked as the module docstring says."""
    meta = read_model_json(folder)
    artefact = Path(folder) / meta["artefact"]["file"]
    if artefact.name != ARTEFACT or not artefact.is_file():
        raise ModelLoadError(f"{folder}: missing {ARTEFACT}")
    if _sha256_file(artefact) != meta["artefact"]["sha256"]:
        raise ModelLoadError(f"{artefact}: SHA-256 differs from model.json (modified file?)")
    return meta, load_pipeline(artefact)


def new_version_name(models_dir: Path, kind: str, data_hash: str, day: dt.date) -> str:
    base = f"{kind}-{day:%Y%m%d}-{data_hash[:6]}"
    name, n = base, 1
    while (models_dir / name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def build_model_json(
    version: str, result: TrainResult, created: dt.datetime, data_files: list[str]
) -> dict[str, Any]:
    m = result.metrics
    return {
        "format_version": FORMAT_VERSION,
        "version": version,
        "kind": m["kind"],
        "created": created.isoformat(timespec="seconds"),
        "libraries": library_versions(),
        "labels": list(LABEL_NAMES),
        "positive_label": LABEL_NAMES[1],
        "estimator": m["estimator"],
        "features": "TF-IDF word 1-2 grams (sublinear tf) + TF-IDF char_wb 3-5 grams",
        "selection": m["selection"],
        "threshold": m["threshold"],
        "seed": m["seed"],
        "training_data": {
            "sha256": m["training_data_sha256"],
            "hash_of": "normalised records (id, kind, label, generated, text) sorted by id, "
            "train and test split",
            "files": data_files,
            "split": "test = not generated and int(sha256(id)[:8], 16) % 5 == 0",
            "n_train": m["n_train"],
            "n_test": m["n_test"],
            "n_generated": m["n_generated"],
            "languages": m.get("languages", {}),
        },
        "n_train": m["n_train"],
        "n_test": m["n_test"],
        "metrics": {"cv": m["cv"], "test": m["test"], "comparison": m["comparison"]},
        "timing": m["timing"],
        "artefact": {"file": ARTEFACT, "sha256": ""},
        "plots": [],
    }


def write_model_folder(
    models_dir: Path,
    result: TrainResult,
    data_files: list[str] | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Write a new version folder (atomically renamed into place); return its path."""
    from riskscreen.ml.plots import write_plots  # matplotlib: only when training

    models_dir = Path(models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    now = now or dt.datetime.now(dt.UTC)
    kind = result.metrics["kind"]
    version = new_version_name(models_dir, kind, result.metrics["training_data_sha256"], now.date())
    meta = build_model_json(version, result, now, data_files or [])
    staging = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=models_dir))
    try:
        dump_pipeline(result.pipeline, staging / ARTEFACT)
        meta["artefact"]["sha256"] = _sha256_file(staging / ARTEFACT)
        curves = [
            ("cv (out-of-fold)", result.oof_y, result.oof_p),
            ("test split", result.test_y, result.test_p),
        ]
        meta["plots"] = write_plots(staging, curves, version)
        (staging / MODEL_JSON).write_text(
            json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        (staging / CARD).write_text(render_card(meta), encoding="utf-8")
        os.chmod(staging, 0o755)
        os.rename(staging, models_dir / version)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return models_dir / version
