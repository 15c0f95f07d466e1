"""The app's job service: one executor per app, runners wired to the text engine, recovery.

Recovery runs in the worker processes (not in gunicorn's preloading master): on the first
request a process serves, and then at most every `SWEEP_SECONDS`, jobs left queued or running
without a live lease are claimed and resumed.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from flask import Flask, current_app

from riskscreen.jobs.executor import Executor, make_executor
from riskscreen.jobs.runner import JobRunner, JobSettings, engine_audit_screen, recover
from riskscreen.store.database import Store
from riskscreen.store.errors import is_unavailable
from riskscreen.store.reference import ensure_starter_goods

log = logging.getLogger("riskscreen.jobs")
EXTENSION = "riskscreen.jobs"
ENGINE = "riskscreen.engine"
SWEEP_SECONDS = 30.0


class JobService:
    def __init__(self, app: Flask, store: Store, executor: Executor) -> None:
        self.store = store
        self.executor = executor
        self.settings = JobSettings(
            chunk_rows=app.config["JOB_CHUNK_ROWS"],
            lease_seconds=app.config["JOB_LEASE_SECONDS"],
            match_threshold=app.config["MATCH_THRESHOLD"],
            review_threshold=app.config["REVIEW_THRESHOLD"],
        )
        self._swept_pid: int | None = None
        self._swept_at = 0.0

    def runner(self, engine: Any) -> JobRunner:
        return JobRunner(self.store, self.settings, engine_audit_screen(engine))

    def submit(self, job_id: int) -> None:
        runner = self.runner(current_app.extensions.get(ENGINE))
        self.executor.submit(runner.task(job_id))

    def sweep(self, force: bool = False) -> list[int]:
        """Resume stale jobs, at most every SWEEP_SECONDS per process (unless forced)."""
        moment = time.monotonic()
        if not force and self._swept_pid == os.getpid() \
                and moment - self._swept_at < SWEEP_SECONDS:
            return []
        self._swept_pid, self._swept_at = os.getpid(), moment
        return recover(self.store, self.executor,
                       self.runner(current_app.extensions.get(ENGINE)))


def job_service() -> JobService:
    service: JobService = current_app.extensions[EXTENSION]
    return service


def init_suppliers(app: Flask) -> None:
    """Executor, starter reference data, upload endpoint, and the recovery sweep."""
    from riskscreen.api.limits import accepts_uploads

    store: Store = app.extensions["riskscreen.store"]
    if app.config["AUTO_MIGRATE"]:
        with store.transaction() as session:
            ensure_starter_goods(session)
    executor = make_executor(app.config["JOB_EXECUTOR"], app.config["JOB_WORKERS"])
    app.extensions[EXTENSION] = JobService(app, store, executor)
    accepts_uploads(app, "supplier_lists.SupplierLists")

    @app.before_request
    def _sweep_stale_jobs() -> None:
        # housekeeping: while the store is down the request itself decides (a probe answers,
        # a route that needs the store gets its 503); the next sweep tries again
        try:
            job_service().sweep()
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            log.warning("job sweep skipped: the store cannot be reached (%s)",
                        type(exc).__name__)
