"""Rule drafts: proposed rule texts, accepted or rejected, then included in a ruleset version."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from riskscreen.store import audit
from riskscreen.store.analyst_models import RuleDraft

STATUSES = ("proposed", "accepted", "rejected", "included")


class DraftStateError(ValueError):
    """A decision the draft's state does not allow (rejecting an included draft...)."""


def create_draft(session: Session, *, rule_id: str, content: str, base_version: str,
                 note: str, actor: str) -> RuleDraft:
    row = RuleDraft(public_id=secrets.token_hex(8), rule_id=rule_id, content=content,
                    base_version=base_version, note=note, created_by=actor, status="proposed")
    session.add(row)
    session.flush()
    audit.record(session, actor=actor, action="rule.draft", target_type="rule",
                 target_id=rule_id, detail={"draft": row.public_id, "base": base_version})
    return row


def get_draft(session: Session, public_id: str) -> RuleDraft | None:
    return session.scalars(select(RuleDraft).where(RuleDraft.public_id == public_id)).first()


def list_drafts(session: Session, *, status: str | None, rule_id: str | None, limit: int,
                offset: int) -> tuple[list[RuleDraft], int]:
    statement = select(RuleDraft)
    if status:
        statement = statement.where(RuleDraft.status == status)
    if rule_id:
        statement = statement.where(RuleDraft.rule_id == rule_id)
    total = int(session.scalar(select(func.count()).select_from(statement.subquery())) or 0)
    rows = session.scalars(statement.order_by(RuleDraft.id.desc()).limit(limit).offset(offset))
    return list(rows), total


def decide(session: Session, row: RuleDraft, decision: str, *, actor: str) -> RuleDraft:
    """accepted or rejected; an included draft is final."""
    if decision not in ("accepted", "rejected"):
        raise DraftStateError(f"unknown decision {decision!r}")
    if row.status == "included":
        raise DraftStateError(f"draft {row.public_id} is already in ruleset {row.included_in}")
    row.status = decision
    row.decided_at = datetime.now(UTC)
    row.decided_by = actor
    audit.record(session, actor=actor, action=f"rule.draft_{decision[:-2]}", target_type="rule",
                 target_id=row.rule_id, detail={"draft": row.public_id})
    return row


def accepted_drafts(session: Session) -> list[RuleDraft]:
    """Accepted drafts not yet in a version, oldest first (a later draft of a rule wins)."""
    statement = select(RuleDraft).where(RuleDraft.status == "accepted").order_by(RuleDraft.id)
    return list(session.scalars(statement))


def mark_included(rows: list[RuleDraft], version: str) -> None:
    for row in rows:
        row.status = "included"
        row.included_in = version
