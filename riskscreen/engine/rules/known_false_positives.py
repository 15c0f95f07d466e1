"""rules/known_false_positives.yaml: benign corpus records a rule may hit, each with a reason."""

from __future__ import annotations

from pathlib import Path

from riskscreen.engine.errors import RuleError, RuleLoadError
from riskscreen.engine.yamlio import YamlError, read_yaml

FILE = "known_false_positives.yaml"
_KEYS = ("record", "rule", "reason")


def load_known_false_positives(rules_dir: Path) -> dict[tuple[str, str], str]:
    """{(record id, rule id): reason}; a missing file means no known false positives."""
    path = Path(rules_dir) / FILE
    if not path.is_file():
        return {}
    try:
        data = read_yaml(path)
    except YamlError as exc:
        raise RuleLoadError([RuleError(FILE, "", str(exc))]) from exc
    entries = (data or {}).get("known_false_positives") if isinstance(data, dict) else None
    if entries is None:
        entries = []
    errors: list[RuleError] = []
    known: dict[tuple[str, str], str] = {}
    if not isinstance(entries, list):
        raise RuleLoadError([RuleError(FILE, "known_false_positives", "must be a list")])
    for i, entry in enumerate(entries):
        where = f"known_false_positives[{i}]"
        if not isinstance(entry, dict):
            errors.append(RuleError(FILE, where, "must be a mapping with record, rule and reason"))
            continue
        for key in sorted(set(entry) - set(_KEYS), key=str):
            errors.append(RuleError(FILE, f"{where}.{key}", "unknown key"))
        missing = [k for k in _KEYS if not isinstance(entry.get(k), str) or not entry[k].strip()]
        for key in missing:
            errors.append(RuleError(FILE, f"{where}.{key}", "must be a non-empty string"))
        if not missing:
            known[(entry["record"], entry["rule"])] = entry["reason"]
    if errors:
        raise RuleLoadError(errors)
    return known
