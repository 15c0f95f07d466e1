"""Training jobs: their state, progress and outcome, readable by every worker."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskscreen.store import audit
from riskscreen.store.analyst_models import TrainingJob
from riskscreen.store.tenancy import Scope


def create_job(session: Session, *, tenant_id: int, kind: str, params: dict[str, Any],
               actor: str) -> TrainingJob:
    row = TrainingJob(public_id=secrets.token_hex(8), tenant_id=tenant_id, kind=kind,
                      params=params, created_by=actor, status="queued")
    session.add(row)
    session.flush()
    audit.record(session, actor=actor, action="model.train", target_type="training_job",
                 target_id=row.public_id, tenant_id=tenant_id, detail={"kind": kind, **params})
    return row


def get_job(session: Session, scope: Scope, public_id: str) -> TrainingJob | None:
    return scope.get(session, TrainingJob, public_id=public_id)


def list_jobs(session: Session, scope: Scope, limit: int = 50) -> list[TrainingJob]:
    statement = scope.select(TrainingJob).order_by(TrainingJob.id.desc()).limit(limit)
    return list(session.scalars(statement))


def job_by_id(session: Session, public_id: str) -> TrainingJob | None:
    """For the executor only (it runs outside any caller's scope)."""
    return session.scalars(select(TrainingJob).where(TrainingJob.public_id == public_id)).first()


def mark(row: TrainingJob, *, status: str | None = None, progress: float | None = None,
         message: str | None = None) -> None:
    now = datetime.now(UTC)
    if status == "running" and row.started_at is None:
        row.started_at = now
    if status in ("succeeded", "failed"):
        row.finished_at = now
    if status is not None:
        row.status = status
    if progress is not None:
        row.progress = progress
    if message is not None:
        row.message = message
