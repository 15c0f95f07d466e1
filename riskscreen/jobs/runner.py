"""Running a supplier-screening job: claim, read, screen in chunks, commit, finish.

- A job is claimed with a lease (compare-and-set on the job row), renewed with every chunk.
- Each chunk's results and the job's progress commit in one transaction, so a crash leaves a
  prefix of whole chunks and `done` says exactly how long it is.
- A job is `done` only after its last chunk; until then its results are not served.
- After a restart, a job whose lease has run out is claimed again and resumes after its last
  committed chunk; after MAX_ATTEMPTS tries it is marked failed with the reason.
- If the store cannot be reached mid-job (a database restart), the job is not failed: its
  lease is released (or runs out), and the next sweep resumes it as after a restart.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from riskscreen.engine.assessment import Assessment
from riskscreen.jobs.executor import Executor
from riskscreen.store import supplier_lists as q
from riskscreen.store.database import Store
from riskscreen.store.errors import database_error_in, describe, is_unavailable, log_failure
from riskscreen.store.reference import load_reference
from riskscreen.store.supplier_models import Job, SupplierList
from riskscreen.suppliers.reading import UploadError, locate_columns, open_table, raw_rows
from riskscreen.suppliers.screening import AuditScreen, ScreeningContext, screen_rows

log = logging.getLogger("riskscreen.jobs")
MAX_ATTEMPTS = 3
GOODS_SUMMARY_LIMIT = 1000


def engine_audit_screen(engine: Any) -> AuditScreen | None:
    """The text engine as an AuditScreen (batched when it can), or None without an engine."""
    if engine is None:
        return None
    from riskscreen.engine.document import Document

    def screen(texts: Sequence[str]) -> Sequence[Assessment]:
        documents = [Document(text, kind="audit") for text in texts]
        # the app holds an EngineHolder (current() -> Screener); a bare Screener works too
        screener = engine.current() if hasattr(engine, "current") else engine
        if hasattr(screener, "screen_many"):
            return list(screener.screen_many(documents))
        return [screener.screen(document) for document in documents]

    return screen


class LeaseLost(Exception):
    """Another runner holds the job now: this one stops without writing."""


def owner_prefix() -> str:
    """host:pid:random: who holds a lease, so a restarted machine can tell dead owners."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def owner_is_dead(owner: str) -> bool:
    """True for a lease owner that was a process of this machine and no longer exists."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False  # another machine's: wait for its lease to run out
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@dataclass
class JobSettings:
    chunk_rows: int = 5000
    lease_seconds: float = 60.0
    match_threshold: float | None = None
    review_threshold: float | None = None


@dataclass
class JobRunner:
    """Runs supplier jobs against one store. Safe to call from several threads."""

    store: Store
    settings: JobSettings = field(default_factory=JobSettings)
    audit_screen: AuditScreen | None = None
    owner_prefix: str = field(default_factory=lambda: owner_prefix())

    def task(self, job_id: int) -> Any:
        return lambda: self.run(job_id)

    def run(self, job_id: int) -> str | None:
        """Run (or resume) one job. Returns its final status, or None if not ours to run."""
        owner = f"{self.owner_prefix}:{threading.get_ident()}"
        with self.store.transaction() as session:
            if not q.claim(session, job_id, owner, self.settings.lease_seconds):
                return None
            job = session.get(Job, job_id)
            assert job is not None
            if job.attempts > MAX_ATTEMPTS:
                q.finish(session, job_id, owner, "failed",
                         error=f"interrupted {job.attempts - 1} times; not retried again")
                return "failed"
        try:
            return self._run(job_id, owner)
        except UploadError as exc:
            return self._fail(job_id, owner, f"the file cannot be read: {exc.message}")
        except Exception as exc:
            if is_unavailable(exc):
                log.warning("job %s: the store cannot be reached (%s); the job resumes later",
                            job_id, type(exc).__name__)
                self._release(job_id, owner)
                return None
            log_failure(log, f"job {job_id} failed", exc)
            database_error = database_error_in(exc)
            reason = describe(database_error) if database_error else f"{type(exc).__name__}: {exc}"
            return self._fail(job_id, owner, reason)

    def _release(self, job_id: int, owner: str) -> None:
        """Give the lease up so the next sweep resumes the job (if the store answers again
        by then; otherwise the lease runs out by itself)."""
        try:
            with self.store.transaction() as session:
                q.release_lease(session, job_id, owner)
        except Exception as exc:
            if not is_unavailable(exc):
                raise

    def _fail(self, job_id: int, owner: str, reason: str) -> str:
        with self.store.transaction() as session:
            q.finish(session, job_id, owner, "failed", error=reason)
        return "failed"

    def _run(self, job_id: int, owner: str) -> str | None:
        with self.store.session() as session:
            job = session.get(Job, job_id)
            assert job is not None
            supplier_list = session.get(SupplierList, job.list_id)
            assert supplier_list is not None
            content = supplier_list.content
            mapping = dict(supplier_list.mapping or {})
            reference = load_reference(session)
            decisions = q.decisions_for(session, job.tenant_id)
            start = job.done
            tenant_id = job.tenant_id
        table = open_table(content)
        columns = locate_columns(table, mapping)
        rows = list(raw_rows(table, columns))
        ctx = ScreeningContext(
            reference=reference, headers=columns.headers, decisions=decisions,
            audit_screen=self.audit_screen, match_threshold=self.settings.match_threshold,
            review_threshold=self.settings.review_threshold,
        )
        with self.store.transaction() as session:
            if not q.set_total(session, job_id, owner, len(rows)):
                return None
        ctx.match_all(rows[start:])
        chunk = max(1, self.settings.chunk_rows)
        for begin in range(start, len(rows), chunk):
            with self.store.session() as session:
                if q.cancel_requested(session, job_id):
                    with self.store.transaction() as write:
                        q.finish(write, job_id, owner, "cancelled",
                                 error=f"cancelled after {begin} of {len(rows)} rows")
                    return "cancelled"
            results = screen_rows(ctx, rows[begin:begin + chunk])
            try:
                with self.store.transaction() as session:
                    if not q.write_chunk(session, job_id, tenant_id, owner, begin, results,
                                         self.settings.lease_seconds):
                        raise LeaseLost  # rolls the chunk back
            except LeaseLost:
                log.warning("job %s: lease lost at row %s; another runner has it",
                            job_id, begin)
                return None
        with self.store.transaction() as session:
            summary = self._summary(session, job_id, ctx, rows, columns.unused, reference)
            if not q.finish(session, job_id, owner, "done", summary=summary):
                return None
        return "done"

    def _summary(self, session: Any, job_id: int, ctx: ScreeningContext, rows: Sequence[Any],
                 unused: list[str], reference: Any) -> dict[str, Any]:
        mapping: dict[str, list[str]] = {}
        unmapped: dict[str, int] = {}
        for raw in rows:
            cell = raw.values.get("goods", "")
            if not cell:
                continue
            goods = ctx.goods.normalise(cell)
            if len(mapping) < GOODS_SUMMARY_LIMIT:
                mapping.setdefault(cell, list(goods.goods))
            for part in goods.unmapped:
                unmapped[part] = unmapped.get(part, 0) + 1
        counts = q.result_counts(session, job_id)
        return {
            "rows": len(rows),
            "by_status": counts["status"],
            "by_band": counts["band"],
            "row_errors": q.first_errors(session, job_id),
            "goods_mapping": mapping,
            "goods_unmapped": dict(sorted(unmapped.items(), key=lambda kv: -kv[1])[:500]),
            "unused_columns": unused,
            "reference": reference.provenance,
            "thresholds": {"match": ctx.index.match_threshold,
                           "review": ctx.index.review_threshold},
        }


def recover(store: Store, executor: Executor, runner: JobRunner) -> list[int]:
    """Resubmit every job left queued or running with no live lease (e.g. after a restart).

    Leases held by processes of this machine that no longer exist are ended first, so after a
    restart on the same machine the jobs resume at once; a lease held on another machine is
    left to run out (RISKSCREEN_JOB_LEASE_SECONDS)."""
    with store.transaction() as session:
        q.release_dead_leases(session, owner_is_dead)
        q.close_cancelled(session)
        stale = q.stale_jobs(session)
    for job_id in stale:
        executor.submit(runner.task(job_id))
    return stale
