"""The indicator catalogue (rules/indicators.yaml): what each indicator means and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riskscreen.engine.errors import RuleError, RuleLoadError
from riskscreen.engine.yamlio import YamlError, read_yaml

CATALOGUE_FILE = "indicators.yaml"
GROUPS = ("ilo", "fair_recruitment", "child_labour", "deceptive_ad", "audit")
_FIELDS = ("id", "name", "group", "source", "description", "remediation")


@dataclass(frozen=True)
class Indicator:
    """One indicator of forced labour or trafficking risk, with its source and advice."""

    id: str
    name: str
    group: str
    source: str
    description: str
    remediation: str


def parse_catalogue(data: Any, file: str) -> tuple[dict[str, Indicator], list[RuleError]]:
    """Validate the parsed YAML of a catalogue; return the indicators and every error."""
    errors: list[RuleError] = []
    indicators: dict[str, Indicator] = {}
    if not isinstance(data, dict) or set(data) != {"indicators"}:
        errors.append(
            RuleError(
                file, "indicators", "the file must be a mapping with the single key 'indicators'"
            )
        )
        return indicators, errors
    items = data["indicators"]
    if not isinstance(items, list) or not items:
        errors.append(RuleError(file, "indicators", "must be a non-empty list"))
        return indicators, errors
    for i, item in enumerate(items):
        where = f"indicators[{i}]"
        if not isinstance(item, dict):
            errors.append(RuleError(file, where, "must be a mapping"))
            continue
        for key in sorted(set(item) - set(_FIELDS), key=str):
            errors.append(RuleError(file, f"{where}.{key}", "unknown key"))
        ok = True
        for key in _FIELDS:
            value = item.get(key)
            if key not in item:
                errors.append(RuleError(file, f"{where}.{key}", "missing required key"))
                ok = False
            elif not isinstance(value, str) or not value.strip():
                errors.append(RuleError(file, f"{where}.{key}", "must be a non-empty string"))
                ok = False
        if not ok:
            continue
        if item["group"] not in GROUPS:
            errors.append(
                RuleError(
                    file,
                    f"{where}.group",
                    f"unknown group {item['group']!r}; expected one of {', '.join(GROUPS)}",
                )
            )
            continue
        ind = Indicator(**{key: item[key].strip() for key in _FIELDS})
        if ind.id in indicators:
            errors.append(RuleError(file, f"{where}.id", f"duplicate indicator id {ind.id!r}"))
            continue
        indicators[ind.id] = ind
    return indicators, errors


def load_catalogue(path: Path) -> dict[str, Indicator]:
    """Load and validate a catalogue file (or the indicators.yaml in a folder)."""
    if path.is_dir():
        path = path / CATALOGUE_FILE
    try:
        data = read_yaml(path)
    except (OSError, YamlError) as exc:
        raise RuleLoadError([RuleError(path.name, "", str(exc))]) from exc
    indicators, errors = parse_catalogue(data, path.name)
    if errors:
        raise RuleLoadError(errors)
    return indicators
