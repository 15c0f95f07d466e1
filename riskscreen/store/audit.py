"""The audit log: every change to keys, rules and models is recorded with who and when."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskscreen.store.models import AuditEvent


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    target_type: str,
    target_id: str,
    tenant_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `detail` must never hold secrets or personal data."""
    event = AuditEvent(
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        tenant_id=tenant_id,
        detail=detail or {},
    )
    session.add(event)
    return event


def recent(session: Session, *, limit: int = 100, offset: int = 0, action: str | None = None):  # type: ignore[no-untyped-def]
    statement = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit).offset(offset)
    if action:
        statement = statement.where(AuditEvent.action == action)
    return list(session.scalars(statement))
