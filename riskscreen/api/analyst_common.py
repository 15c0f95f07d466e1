"""Helpers shared by the analyst blueprints: the store, the caller as an actor, 422 for drafts."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import current_app

from riskscreen.analysis.rulefiles import DraftError, rule_yaml
from riskscreen.api.auth import current_principal
from riskscreen.api.errors import abort
from riskscreen.store.database import Store

ANALYSTS = ("analyst", "admin")


def store() -> Store:
    found: Store = current_app.extensions["riskscreen.store"]
    return found


def actor() -> str:
    return current_principal().key_id


def abort_draft(error: DraftError, prefix: str,
                message: str = "The rule is not valid.") -> NoReturn:
    """422 naming each field: {"json": {"<prefix>.<field>": [messages]}}."""
    fields: dict[str, list[str]] = {}
    for field, text in error.errors:
        name = f"{prefix}.{field}" if field and prefix else (field or prefix or "_rule")
        fields.setdefault(name, []).append(text)
    abort(422, f"{message} `errors` names each field.", {"json": fields})


def abort_field(field: str, message: str, code: int = 422) -> NoReturn:
    abort(code, message, {"json": {field: [message]}})


def rule_text(body: dict[str, Any]) -> tuple[str, str]:
    """(YAML text, field prefix) of a body holding `rule` (JSON) or `yaml` (text)."""
    if "rule" in body:
        return rule_yaml(body["rule"]), "rule"
    return str(body["yaml"]), "yaml"
