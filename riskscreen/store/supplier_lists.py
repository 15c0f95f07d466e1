"""Queries for supplier lists, jobs, results and match decisions. Tenant scoping via Scope.

Job state changes are compare-and-set updates on the job row, so two processes can never run
the same job: a runner holds a lease (owner, until) that it renews with every chunk it writes,
and a chunk's results and the job's `done` counter commit in one transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import Table, func, insert, or_, select, update
from sqlalchemy.orm import Session

from riskscreen.store.supplier_models import EntityMatchDecision, Job, SupplierList, SupplierResult
from riskscreen.store.tenancy import Scope

ACTIVE = ("queued", "running")
RESULTS_TABLE: Table = SupplierResult.__table__  # type: ignore[assignment]
FINAL = ("done", "failed", "cancelled")


def now() -> datetime:
    return datetime.now(UTC)


def create_list(
    session: Session, *, tenant_id: int, actor: str, filename: str, content: bytes,
    format: str, encoding: str | None, delimiter: str | None, columns: dict[str, str],
    unused_columns: list[str], mapping: dict[str, Any],
) -> SupplierList:
    row = SupplierList(
        public_id=secrets.token_hex(8), tenant_id=tenant_id, created_by=actor,
        filename=filename[:255], format=format, encoding=encoding, delimiter=delimiter,
        size_bytes=len(content), sha256=hashlib.sha256(content).hexdigest(), columns=columns,
        unused_columns=unused_columns, mapping=mapping, content=content,
    )
    session.add(row)
    session.flush()
    return row


def create_job(session: Session, supplier_list: SupplierList, actor: str) -> Job:
    job = Job(public_id=secrets.token_hex(8), tenant_id=supplier_list.tenant_id,
              list_id=supplier_list.id, status="queued", created_by=actor, summary={})
    session.add(job)
    session.flush()
    return job


def get_list(session: Session, scope: Scope, public_id: str) -> SupplierList | None:
    row: SupplierList | None = scope.get(session, SupplierList, public_id=public_id)
    return row


def list_lists(session: Session, scope: Scope, limit: int, offset: int) -> list[SupplierList]:
    statement = scope.select(SupplierList).order_by(SupplierList.id.desc())
    return list(session.scalars(statement.limit(limit).offset(offset)))


def get_job(session: Session, scope: Scope, public_id: str) -> Job | None:
    row: Job | None = scope.get(session, Job, public_id=public_id)
    return row


def jobs_of_list(session: Session, scope: Scope, list_id: int) -> list[Job]:
    statement = scope.select(Job).where(Job.list_id == list_id).order_by(Job.id)
    return list(session.scalars(statement))


def request_cancel(session: Session, job: Job) -> None:
    """A queued job is cancelled at once; a running one stops after its current chunk."""
    session.execute(update(Job).where(Job.id == job.id, Job.status.in_(ACTIVE))
                    .values(cancel_requested=True))
    session.execute(update(Job).where(Job.id == job.id, Job.status == "queued",
                                      Job.lease_owner.is_(None))
                    .values(status="cancelled", finished_at=now()))


# ---------------------------------------------------------------------------- leases


def claim(session: Session, job_id: int, owner: str, lease_seconds: float) -> bool:
    """Take the job if nobody holds a live lease on it. True when this owner now runs it."""
    moment = now()
    result = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status.in_(ACTIVE), Job.cancel_requested.is_(False),
               or_(Job.lease_until.is_(None), Job.lease_until < moment))
        .values(lease_owner=owner, lease_until=moment + timedelta(seconds=lease_seconds),
                status="running", attempts=Job.attempts + 1,
                started_at=func.coalesce(Job.started_at, moment))
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def release_dead_leases(session: Session, is_dead: Callable[[str], bool]) -> int:
    """End the live leases whose owner `is_dead` says is gone (e.g. a process of this
    machine that no longer exists), so their jobs resume now rather than at lease expiry."""
    released = 0
    rows = session.execute(select(Job.id, Job.lease_owner).where(
        Job.status.in_(ACTIVE), Job.lease_owner.is_not(None), Job.lease_until >= now())).all()
    for job_id, owner in rows:
        if owner and is_dead(owner):
            result = session.execute(update(Job).where(Job.id == job_id,
                                                       Job.lease_owner == owner)
                                     .values(lease_until=now() - timedelta(seconds=1)))
            released += int(result.rowcount or 0)  # type: ignore[attr-defined]
    return released


def release_lease(session: Session, job_id: int, owner: str) -> bool:
    """End this owner's lease on an unfinished job, so the next sweep resumes it."""
    result = session.execute(
        update(Job).where(Job.id == job_id, Job.status.in_(ACTIVE), Job.lease_owner == owner)
        .values(lease_until=now() - timedelta(seconds=1)))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def stale_jobs(session: Session) -> list[int]:
    """Jobs queued or running with no live lease: never started, or their runner died."""
    statement = select(Job.id).where(
        Job.status.in_(ACTIVE), or_(Job.lease_until.is_(None), Job.lease_until < now()))
    return list(session.scalars(statement.order_by(Job.id)))


def close_cancelled(session: Session) -> int:
    """Jobs whose cancel was asked but whose runner died before it could stop: cancelled."""
    result = session.execute(
        update(Job).where(Job.status.in_(ACTIVE), Job.cancel_requested.is_(True),
                          or_(Job.lease_until.is_(None), Job.lease_until < now()))
        .values(status="cancelled", finished_at=now(), lease_until=None,
                error="cancelled (the runner had stopped)"))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def set_total(session: Session, job_id: int, owner: str, total: int) -> bool:
    result = session.execute(update(Job).where(Job.id == job_id, Job.lease_owner == owner)
                             .values(total=total))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def write_chunk(
    session: Session, job_id: int, tenant_id: int, owner: str, start: int,
    results: Sequence[dict[str, Any]], lease_seconds: float,
) -> bool:
    """Results for rows start.. and done = start + len, if this owner still holds the lease.

    Call inside a transaction: on False, roll it back (another runner took the job over).
    """
    moment = now()
    moved = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.lease_owner == owner, Job.done == start,
               Job.status == "running")
        .values(done=start + len(results),
                lease_until=moment + timedelta(seconds=lease_seconds))
    )
    if not moved.rowcount:  # type: ignore[attr-defined]
        return False
    if results:
        session.connection().execute(insert(RESULTS_TABLE), [
            {"job_id": job_id, "tenant_id": tenant_id, "position": start + i,
             "row": r["row"], "status": r["status"], "score": r["score"], "band": r["band"],
             "data": orjson.dumps(r)}
            for i, r in enumerate(results)
        ])
    return True


def cancel_requested(session: Session, job_id: int) -> bool:
    return bool(session.scalars(select(Job.cancel_requested).where(Job.id == job_id)).first())


def finish(
    session: Session, job_id: int, owner: str | None, status: str, *,
    summary: dict[str, Any] | None = None, error: str | None = None,
) -> bool:
    """Move a job to a final status (only its lease owner may, unless owner is None)."""
    statement = update(Job).where(Job.id == job_id, Job.status.in_(ACTIVE))
    if owner is not None:
        statement = statement.where(Job.lease_owner == owner)
    values: dict[str, Any] = {"status": status, "finished_at": now(), "lease_until": None}
    if summary is not None:
        values["summary"] = summary
    if error is not None:
        values["error"] = error[:2000]
    return bool(session.execute(statement.values(**values)).rowcount)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------- results


def _results(scope: Scope, job: Job, sort: str, status: str | None) -> Any:
    statement = scope.select(SupplierResult).where(SupplierResult.job_id == job.id)
    if status:
        statement = statement.where(SupplierResult.status == status)
    if sort == "score":
        statement = statement.order_by(SupplierResult.score.desc().nulls_last(),
                                       SupplierResult.position)
    else:
        statement = statement.order_by(SupplierResult.position)
    return statement


def results_page(
    session: Session, scope: Scope, job: Job, *, sort: str = "upload", status: str | None = None,
    limit: int = 50, offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    statement = _results(scope, job, sort, status)
    count = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = session.scalars(statement.limit(limit).offset(offset))
    return [{"position": r.position, **orjson.loads(r.data)} for r in rows], int(count)


def iter_results(
    session: Session, scope: Scope, job: Job, *, sort: str = "upload", batch: int = 2000
) -> Iterator[dict[str, Any]]:
    """Every result, streamed in pages (no row cap, bounded memory)."""
    offset = 0
    while True:
        statement = _results(scope, job, sort, None).limit(batch).offset(offset)
        rows = list(session.scalars(statement))
        if not rows:
            return
        for row in rows:
            yield {"position": row.position, **orjson.loads(row.data)}
        session.expunge_all()
        offset += batch


def result_counts(session: Session, job_id: int) -> dict[str, dict[str, int]]:
    by_status: dict[Any, Any] = dict(session.execute(  # type: ignore[arg-type]
        select(SupplierResult.status, func.count()).where(SupplierResult.job_id == job_id)
        .group_by(SupplierResult.status)).all())
    by_band: dict[Any, Any] = dict(session.execute(  # type: ignore[arg-type]
        select(SupplierResult.band, func.count()).where(
            SupplierResult.job_id == job_id, SupplierResult.band.is_not(None))
        .group_by(SupplierResult.band)).all())
    return {"status": {str(k): int(v) for k, v in by_status.items()},
            "band": {str(k): int(v) for k, v in by_band.items()}}


def first_errors(session: Session, job_id: int, limit: int = 100) -> list[dict[str, Any]]:
    rows = session.scalars(select(SupplierResult.data).where(
        SupplierResult.job_id == job_id, SupplierResult.status == "error")
        .order_by(SupplierResult.position).limit(limit))
    return [issue for data in rows for issue in orjson.loads(data).get("issues", [])]


# ---------------------------------------------------------------------------- decisions


def decisions_for(session: Session, tenant_id: int) -> dict[tuple[str, str], str]:
    scope = Scope(tenant_id)
    rows = session.scalars(scope.select(EntityMatchDecision))
    return {(r.supplier_name, r.entity_id): r.decision for r in rows}


def list_decisions(
    session: Session, scope: Scope, limit: int, offset: int
) -> list[EntityMatchDecision]:
    statement = scope.select(EntityMatchDecision).order_by(EntityMatchDecision.id.desc())
    return list(session.scalars(statement.limit(limit).offset(offset)))


def save_decision(
    session: Session, *, tenant_id: int, supplier_name: str, entity_id: str, decision: str,
    actor: str, note: str = "",
) -> EntityMatchDecision:
    """Insert or replace the tenant's decision on one (normalised name, entity) pair."""
    row: EntityMatchDecision | None = Scope(tenant_id).get(
        session, EntityMatchDecision, supplier_name=supplier_name, entity_id=entity_id)
    if row is None:
        row = EntityMatchDecision(tenant_id=tenant_id, supplier_name=supplier_name,
                                  entity_id=entity_id)
        session.add(row)
    row.decision = decision
    row.note = note
    row.decided_by = actor
    row.decided_at = now()
    session.flush()
    return row
