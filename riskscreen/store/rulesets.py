"""Ruleset versions in the store: immutable files by content hash, and the activation stack.

The active version is the newest activation not rolled back. Every change is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from riskscreen.store import audit
from riskscreen.store.analyst_models import RulesetActivation, RulesetFile, RulesetVersion


class RulesetStoreError(ValueError):
    """A ruleset operation that cannot be done."""


class UnknownVersion(RulesetStoreError):
    pass


class NothingToRollBack(RulesetStoreError):
    pass


def _stack(session: Session) -> list[RulesetActivation]:
    statement = (select(RulesetActivation).where(RulesetActivation.rolled_back_at.is_(None))
                 .order_by(RulesetActivation.id.desc()))
    return list(session.scalars(statement))


def active_version(session: Session) -> str | None:
    """The active version id: one indexed query, cheap enough to ask on every request."""
    statement = (select(RulesetActivation.version)
                 .where(RulesetActivation.rolled_back_at.is_(None))
                 .order_by(RulesetActivation.id.desc()).limit(1))
    return session.scalar(statement)


def get_version(session: Session, version: str) -> RulesetVersion | None:
    return session.scalars(select(RulesetVersion).where(RulesetVersion.version == version)).first()


def count_versions(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(RulesetVersion)) or 0)


def files_of(session: Session, version: str) -> dict[str, str]:
    row = get_version(session, version)
    if row is None:
        raise UnknownVersion(f"no ruleset version {version!r}")
    statement = select(RulesetFile).where(RulesetFile.ruleset_id == row.id)
    return {f.path: f.content for f in session.scalars(statement.order_by(RulesetFile.path))}


def list_versions(session: Session, *, limit: int, offset: int
                  ) -> tuple[list[RulesetVersion], int]:
    statement = select(RulesetVersion).order_by(RulesetVersion.id.desc())
    rows = list(session.scalars(statement.limit(limit).offset(offset)))
    return rows, count_versions(session)


def save_version(
    session: Session, *, version: str, files: Mapping[str, str], actor: str,
    parent: str | None, note: str, rule_count: int, changes: dict[str, Any],
) -> tuple[RulesetVersion, bool]:
    """Store a version (validated by the caller); (row, False) if its hash is stored already."""
    existing = get_version(session, version)
    if existing is not None:
        return existing, False
    row = RulesetVersion(version=version, created_by=actor, parent=parent, note=note,
                         rule_count=rule_count, changes=changes)
    session.add(row)
    session.flush()
    session.add_all(RulesetFile(ruleset_id=row.id, path=path, content=content)
                    for path, content in sorted(files.items()))
    audit.record(session, actor=actor, action="ruleset.create", target_type="ruleset",
                 target_id=version, detail={"parent": parent, "rules": rule_count, **changes})
    return row, True


def activate(session: Session, version: str, *, actor: str) -> str | None:
    """Make a stored version active; returns the version it replaced."""
    if get_version(session, version) is None:
        raise UnknownVersion(f"no ruleset version {version!r}")
    previous = active_version(session)
    if previous == version:
        return previous
    session.add(RulesetActivation(version=version, activated_by=actor))
    audit.record(session, actor=actor, action="ruleset.activate", target_type="ruleset",
                 target_id=version, detail={"previous": previous})
    return previous


def rollback(session: Session, *, actor: str) -> tuple[str, str]:
    """Undo the newest activation: (version now active, version rolled back)."""
    stack = _stack(session)
    if len(stack) < 2:
        raise NothingToRollBack("no earlier activation to roll back to")
    top = stack[0]
    top.rolled_back_at = datetime.now(UTC)
    top.rolled_back_by = actor
    restored = stack[1].version
    audit.record(session, actor=actor, action="ruleset.rollback", target_type="ruleset",
                 target_id=restored, detail={"rolled_back": top.version})
    return restored, top.version


def activations(session: Session, limit: int = 50) -> list[RulesetActivation]:
    statement = select(RulesetActivation).order_by(RulesetActivation.id.desc()).limit(limit)
    return list(session.scalars(statement))
