"""A ruleset held as data: {relative path: file text}, loaded and checked by the engine's loader.

Rulesets stored in the database and rule drafts sent over the API are plain texts. They are
written into a temporary folder and read by :func:`riskscreen.engine.rules.load_ruleset`, so
they are validated exactly as the files under rules/ are, and their version is the same
content hash the loader computes.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from riskscreen.engine.catalogue import CATALOGUE_FILE
from riskscreen.engine.rules import RuleLoadError, RuleSet, load_ruleset
from riskscreen.engine.rules.examples import example_cases, run_cases
from riskscreen.engine.rules.loader import rule_files, ruleset_version
from riskscreen.engine.rules.model import Rule

RuleFiles = dict[str, str]
RULE_ID = re.compile(r"^[a-z0-9_]+$")
_CACHE_SIZE = 8


class DraftError(ValueError):
    """A draft rule that does not load or whose examples fail: (field, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{field or '-'}: {message}" for field, message in errors))

    def by_field(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for field, message in self.errors:
            out.setdefault(field or "_rule", []).append(message)
        return out


def read_folder(path: Path) -> RuleFiles:
    """The files a ruleset version consists of: the catalogue and every rule file."""
    path = Path(path)
    files = {CATALOGUE_FILE: _read(path / CATALOGUE_FILE)}
    for file in rule_files(path):
        files[file.relative_to(path).as_posix()] = _read(file)
    return files


def _read(file: Path) -> str:
    # bytes, not read_text: newline translation would change the content hash
    return file.read_bytes().decode("utf-8")


def folder_version(path: Path) -> str:
    """The version load_ruleset would give the folder, without compiling it."""
    path = Path(path)
    return ruleset_version(path, [path / CATALOGUE_FILE, *rule_files(path)])


def write_folder(files: Mapping[str, str], folder: Path) -> None:
    for rel, text in files.items():
        target = folder / rel
        if ".." in Path(rel).parts or Path(rel).is_absolute():
            raise ValueError(f"unsafe file name {rel!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))


def _digest(files: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for rel in sorted(files):
        digest.update(rel.encode("utf-8") + b"\0" + files[rel].encode("utf-8") + b"\0")
    return digest.hexdigest()


_cache: OrderedDict[str, RuleSet] = OrderedDict()
_cache_lock = threading.Lock()


def load_files(files: Mapping[str, str]) -> RuleSet:
    """Load a ruleset from its files (RuleLoadError as for a folder). Recent loads are cached:
    versions are immutable, so the same contents always give the same RuleSet."""
    key = _digest(files)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    with tempfile.TemporaryDirectory(prefix="riskscreen-rules-") as tmp:
        write_folder(files, Path(tmp))
        ruleset = load_ruleset(Path(tmp))
    with _cache_lock:
        _cache[key] = ruleset
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return ruleset


def rule_yaml(rule: Mapping[str, Any]) -> str:
    """A rule sent as JSON, written as the YAML file an analyst would keep."""
    return yaml.safe_dump(dict(rule), sort_keys=False, allow_unicode=True, width=100)


def draft_rule_id(text: str) -> str:
    """The id a draft's YAML declares; DraftError naming `id` when there is none."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise DraftError([("", f"invalid YAML{where}: {getattr(exc, 'problem', exc)}")]) from exc
    if not isinstance(data, dict):
        raise DraftError([("", "a rule must be a mapping")])
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
        raise DraftError([("id", "required: a string of a-z, 0-9 and _ (the rule's file stem)")])
    return rule_id


def path_of(files: Mapping[str, str], rule_id: str) -> str:
    """Where a rule lives in a ruleset (its existing file, or <id>.yaml for a new rule)."""
    for rel in files:
        if rel != CATALOGUE_FILE and Path(rel).stem == rule_id:
            return rel
    return f"{rule_id}.yaml"


@dataclass(frozen=True)
class CheckedDraft:
    rule_id: str
    path: str
    rule: Rule
    ruleset: RuleSet  # the draft alone, with the catalogue: for trying it on a text
    example_failures: list[tuple[str, str]]  # (field, message) of examples that fail


def check_draft(text: str, base: Mapping[str, str]) -> CheckedDraft:
    """Validate one rule text as the loader validates a file, and run its examples.

    `base` is the ruleset the draft is meant for (its catalogue decides the known indicators).
    Raises DraftError when the rule does not load; failing examples are returned.
    """
    rule_id = draft_rule_id(text)
    path = path_of(base, rule_id)
    try:
        alone = load_files({CATALOGUE_FILE: base[CATALOGUE_FILE], path: text})
    except RuleLoadError as exc:
        raise DraftError([(e.field, e.message) for e in exc.errors]) from exc
    report = run_cases(alone, example_cases(alone))
    failures = [
        (f"examples.{r.case.group}[{r.case.index}]", f"{r.case.example.text!r}: {r.describe()}")
        for r in report.failures
    ]
    return CheckedDraft(rule_id, path, alone.by_id[rule_id], alone, failures)


def apply_changes(
    base: Mapping[str, str], drafts: Mapping[str, str], remove: tuple[str, ...] = ()
) -> RuleFiles:
    """New files: `base` with each draft (rule id -> text) written over or beside its rule,
    and the rules in `remove` left out."""
    files = dict(base)
    for rule_id in remove:
        rel = path_of(files, rule_id)
        if rel not in files:
            raise DraftError([("remove", f"no rule {rule_id!r} in the base ruleset")])
        del files[rel]
    for rule_id, text in drafts.items():
        files[path_of(files, rule_id)] = text
    return files


def rule_source(files: Mapping[str, str], rule_id: str) -> str | None:
    rel = path_of(files, rule_id)
    return files.get(rel)


def diff_files(old: Mapping[str, str], new: Mapping[str, str]) -> dict[str, list[str]]:
    """Rule ids (and the catalogue) added, removed and changed between two rulesets."""
    def ids(files: Mapping[str, str]) -> dict[str, str]:
        return {(rel if rel == CATALOGUE_FILE else Path(rel).stem): rel for rel in files}

    before, after = ids(old), ids(new)
    return {
        "added": sorted(set(after) - set(before)),
        "removed": sorted(set(before) - set(after)),
        "changed": sorted(k for k in set(before) & set(after)
                          if old[before[k]] != new[after[k]]),
    }
