"""The registry of model versions: which version is active per kind, and rollback.

models/registry.json::

    {"format_version": 1,
     "active":  {"job_ad": "job_ad-20261127-abc123", ...},
     "history": {"job_ad": ["job_ad-20261120-...", "job_ad-20261127-abc123"]},  # stack
     "events":  [{"at": ..., "kind": ..., "action": "activate"|"rollback",
                  "version": ..., "previous": ...}]}

``rollback(kind)`` pops the active version off the stack and activates the one before it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.pipeline import Pipeline

from riskscreen.ml.artefact import (
    ModelLoadError,
    is_version_name,
    load_folder,
    read_model_json,
)
from riskscreen.ml.corpus import KINDS
from riskscreen.ml.scoring import FastScorer, TermContribution, linearise

__all__ = ["LoadedModel", "ModelRegistry", "RegistryError", "TermContribution", "VersionInfo"]

REGISTRY_FILE = "registry.json"
REGISTRY_FORMAT = 1


class RegistryError(Exception):
    """An impossible registry operation (unknown version, nothing to roll back to...)."""


@dataclass(frozen=True)
class VersionInfo:
    version: str
    kind: str
    created: str
    estimator: str
    threshold: float
    test: dict[str, Any] | None
    cv: dict[str, Any] | None
    active: bool


class LoadedModel:
    """A loaded model version: the classifier API of docs/contracts.md."""

    def __init__(self, meta: dict[str, Any], pipeline: Pipeline) -> None:
        self.meta = meta
        self.version: str = meta["version"]
        self.kind: str = meta["kind"]
        self.threshold: float = float(meta["threshold"]["value"])
        self.pipeline = pipeline
        self._scorer = FastScorer(linearise(pipeline))
        self.intercept: float = self._scorer.model.intercept

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """P(risk) for each text (1-d array)."""
        return self._scorer.predict_proba(list(texts))

    def log_odds(self, texts: Sequence[str]) -> np.ndarray:
        """log(P / (1 - P)) for each text: the intercept plus every term's contribution."""
        return self._scorer.log_odds(list(texts))

    def explain(self, text: str, top_k: int = 10) -> list[TermContribution]:
        """The top_k terms by |contribution to the log-odds|, with their spans in ``text``."""
        return self._scorer.explain_batch([text], top_k)[1][0]

    def explain_batch(
        self, texts: Sequence[str], top_k: int = 10
    ) -> tuple[np.ndarray, list[list[TermContribution]]]:
        """(P(risk), explanations) for many texts at once (fast path for batches)."""
        return self._scorer.explain_batch(list(texts), top_k)


class ModelRegistry:
    """Model version folders under ``path`` and the registry.json that picks the active ones."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    # -- state -------------------------------------------------------------------------------

    @property
    def _file(self) -> Path:
        return self.path / REGISTRY_FILE

    def _read(self) -> dict[str, Any]:
        try:
            state: dict[str, Any] = json.loads(self._file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"format_version": REGISTRY_FORMAT, "active": {}, "history": {}, "events": []}
        except json.JSONDecodeError as exc:
            raise RegistryError(f"{self._file}: invalid JSON ({exc})") from None
        if state.get("format_version") != REGISTRY_FORMAT:
            raise RegistryError(
                f"{self._file}: unknown format_version {state.get('format_version')!r}"
            )
        return state

    def _write(self, state: dict[str, Any]) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".registry.", dir=self.path)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(state, handle, indent=2)
            handle.write("\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, self._file)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[dict[str, Any]]:
        self.path.mkdir(parents=True, exist_ok=True)
        with (self.path / ".registry.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                state = self._read()
                yield state
                self._write(state)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    # -- queries -----------------------------------------------------------------------------

    def versions(self, kind: str | None = None) -> list[VersionInfo]:
        """Every readable version folder (newest first), with its metrics."""
        active = self._read()["active"]
        out: list[VersionInfo] = []
        if not self.path.is_dir():
            return out
        for folder in sorted(self.path.iterdir()):
            if not (folder.is_dir() and is_version_name(folder.name)):
                continue
            try:
                meta = read_model_json(folder)
            except ModelLoadError:
                continue
            if kind is not None and meta["kind"] != kind:
                continue
            metrics = meta.get("metrics", {})
            out.append(
                VersionInfo(
                    version=meta["version"],
                    kind=meta["kind"],
                    created=meta.get("created", ""),
                    estimator=meta.get("estimator", ""),
                    threshold=float(meta["threshold"]["value"]),
                    test=metrics.get("test"),
                    cv=metrics.get("cv"),
                    active=active.get(meta["kind"]) == meta["version"],
                )
            )
        return sorted(out, key=lambda v: (v.created, v.version), reverse=True)

    def active(self, kind: str) -> str | None:
        """The active version name of ``kind``, or None."""
        _check_kind(kind)
        value = self._read()["active"].get(kind)
        return str(value) if value else None

    def history(self, kind: str) -> list[str]:
        """The activation stack of ``kind`` (last = active)."""
        return list(self._read()["history"].get(kind, []))

    def events(self) -> list[dict[str, Any]]:
        return list(self._read()["events"])

    # -- changes -----------------------------------------------------------------------------

    def activate(self, kind: str, version: str) -> None:
        """Make ``version`` (a readable folder of that kind) the active model of ``kind``."""
        _check_kind(kind)
        meta = self._meta(version)
        if meta["kind"] != kind:
            raise RegistryError(f"{version} is a {meta['kind']} model, not {kind}")
        with self._locked() as state:
            previous = state["active"].get(kind)
            if previous == version:
                return
            state["active"][kind] = version
            state["history"].setdefault(kind, []).append(version)
            state["events"].append(_event(kind, "activate", version, previous))

    def rollback(self, kind: str) -> str:
        """Re-activate the previously active version of ``kind``; return its name."""
        _check_kind(kind)
        with self._locked() as state:
            stack = state["history"].get(kind, [])
            if len(stack) < 2:
                raise RegistryError(f"no previous {kind} version to roll back to")
            current = stack.pop()
            target = stack[-1]
            if not (self.path / target).is_dir():
                raise RegistryError(f"previous version {target} is missing from {self.path}")
            state["active"][kind] = target
            state["events"].append(_event(kind, "rollback", target, current))
        return str(target)

    # -- loading -----------------------------------------------------------------------------

    def _meta(self, version: str) -> dict[str, Any]:
        if not is_version_name(version) or not (self.path / version).is_dir():
            raise RegistryError(f"no model version {version!r} in {self.path}")
        return read_model_json(self.path / version)

    def load(self, version: str) -> LoadedModel:
        """Load any version folder (checked; see riskscreen.ml.artefact)."""
        if not is_version_name(version) or not (self.path / version).is_dir():
            raise RegistryError(f"no model version {version!r} in {self.path}")
        meta, pipeline = load_folder(self.path / version)
        if meta["version"] != version:
            raise ModelLoadError(f"{version}: model.json names version {meta['version']!r}")
        return LoadedModel(meta, pipeline)

    def load_active(self, kind: str) -> LoadedModel:
        """Load the active version of ``kind``."""
        version = self.active(kind)
        if version is None:
            raise RegistryError(f"no active {kind} model in {self.path}")
        return self.load(version)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise RegistryError(f"unknown kind {kind!r} (expected one of {KINDS})")


def _event(kind: str, action: str, version: str, previous: str | None) -> dict[str, Any]:
    return {
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "kind": kind,
        "action": action,
        "version": version,
        "previous": previous,
    }
