"""The engine as the app holds it: rules, models and spaCy pipelines, loaded once per worker.

`EngineHolder` is attached to the app like an extension. The ruleset comes from a provider
(the rules folder by default); `current()` asks the provider for its version and reloads only
when it changed, so a worker picks up a newly activated ruleset without a restart.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riskscreen.engine.classifier import TextClassifier
from riskscreen.engine.document import KINDS
from riskscreen.engine.nlp import get_nlp
from riskscreen.engine.rules import RuleSet, load_ruleset
from riskscreen.engine.screener import Screener
from riskscreen.ml.registry import REGISTRY_FILE, ModelRegistry, RegistryError
from riskscreen.store.database import Store

log = logging.getLogger("riskscreen.runtime")


@dataclass(frozen=True)
class RulesetSource:
    """Where the active ruleset comes from: a version id that is cheap to ask, and a loader."""

    version: Callable[[], str]
    load: Callable[[], RuleSet]


def _folder_signature(path: Path) -> tuple[tuple[str, int, int], ...]:
    return tuple(sorted((str(f), f.stat().st_mtime_ns, f.stat().st_size)
                        for f in path.rglob("*.yaml")))


@functools.lru_cache(maxsize=8)
def _load_folder(path: Path, signature: tuple[tuple[str, int, int], ...]) -> RuleSet:
    """Rulesets are immutable once loaded: apps in one process share one per folder state."""
    return load_ruleset(path)


def folder_source(path: Path) -> RulesetSource:
    """The rules folder, read once: its version is fixed for the life of the process."""
    loaded: list[RuleSet] = []

    def load() -> RuleSet:
        if not loaded:
            loaded.append(_load_folder(path.resolve(), _folder_signature(path)))
        return loaded[0]

    return RulesetSource(version=lambda: load().version, load=load)


def store_source(store: Store, rules_path: Path, poll_seconds: float = 1.0) -> RulesetSource:
    """The active ruleset version in the store (riskscreen.analysis): the rules folder is
    imported at the first start; afterwards analysts activate versions over the API.

    version() asks the database at most once per `poll_seconds` per worker, so an activation
    reaches every worker within that time, without a restart.
    """
    from riskscreen.analysis.rulefiles import load_files
    from riskscreen.analysis.service import import_folder
    from riskscreen.store.rulesets import active_version, files_of

    import_folder(store, rules_path)
    lock = threading.Lock()
    seen: dict[str, Any] = {"at": float("-inf"), "version": None}

    def version() -> str:
        with lock:
            now = time.monotonic()
            if seen["version"] is None or now - seen["at"] >= poll_seconds:
                with store.session() as session:
                    active = active_version(session)
                if active is None:
                    raise RuntimeError("no active ruleset version in the store")
                seen.update(at=now, version=active)
            return str(seen["version"])

    def load() -> RuleSet:
        wanted = version()
        with store.session() as session:
            files = files_of(session, wanted)
        ruleset = load_files(files)
        if ruleset.version != wanted:
            log.warning("stored ruleset %s hashes to %s", wanted, ruleset.version)
        return ruleset

    return RulesetSource(version=version, load=load)


@dataclass(frozen=True)
class ModelSource:
    """The active model version per kind, and a loader for a version."""

    active: Callable[[str], str | None]
    load: Callable[[str], TextClassifier]


@functools.lru_cache(maxsize=16)
def _load_model(path: Path, version: str) -> TextClassifier:
    """A model version folder never changes once written, so one load serves every app."""
    return ModelRegistry(path).load(version)


def _file_signature(path: Path) -> tuple[int, int, int, int] | None:
    """Identity of a file's current contents (changes on every rewrite or os.replace)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size


def registry_source(path: Path) -> ModelSource:
    registry = ModelRegistry(path)
    registry_file = path / REGISTRY_FILE
    # Performance: active() is asked for every kind on every request. Reading and parsing
    # registry.json each time costs more than a stat(); the answers are cached for as long
    # as the file is unchanged (the registry always rewrites it with os.replace).
    cache: dict[str, str | None] = {}
    cached_for: list[tuple[int, int, int, int] | None] = [None]
    lock = threading.Lock()

    def active(kind: str) -> str | None:
        signature = _file_signature(registry_file)
        with lock:
            if signature is not None and signature == cached_for[0] and kind in cache:
                return cache[kind]
        try:
            value = registry.active(kind)
        except (RegistryError, OSError):
            return None
        if signature is not None and signature == _file_signature(registry_file):
            with lock:
                if cached_for[0] != signature:
                    cache.clear()
                    cached_for[0] = signature
                cache[kind] = value
        return value

    return ModelSource(active=active, load=lambda version: _load_model(path.resolve(), version))


class EngineHolder:
    def __init__(self, rules: RulesetSource, models: ModelSource) -> None:
        self.rules = rules
        self.models = models
        self._lock = threading.Lock()
        self._screener: Screener | None = None
        self._key: tuple[str, tuple[str | None, ...]] | None = None

    def _wanted(self) -> tuple[str, tuple[str | None, ...]]:
        return self.rules.version(), tuple(self.models.active(kind) for kind in KINDS)

    def current(self) -> Screener:
        """The screener for the active ruleset and models (reloaded if either changed)."""
        wanted = self._wanted()
        if self._screener is not None and wanted == self._key:
            return self._screener
        with self._lock:
            if self._screener is None or wanted != self._key:
                self._screener = self._build(wanted)
                self._key = wanted
        return self._screener

    def _build(self, wanted: tuple[str, tuple[str | None, ...]]) -> Screener:
        ruleset = self.rules.load()
        classifiers = {}
        for kind, version in zip(KINDS, wanted[1], strict=True):
            if version is not None:
                classifiers[kind] = self.models.load(version)
        for language in ruleset.languages:
            get_nlp(language)  # build the pipelines now, not on the first request
        log.info("engine loaded: ruleset %s, models %s", ruleset.version,
                 {k: m.version for k, m in classifiers.items()})
        return Screener(ruleset, classifiers)

    def readiness(self) -> str:
        try:
            screener = self.current()
        except Exception as exc:  # reported by /ready, not raised
            return f"error: {type(exc).__name__}"
        missing = [kind for kind in KINDS if kind not in screener.classifiers]
        if missing:
            return f"ok (rules only for {', '.join(missing)})"
        return "ok"
