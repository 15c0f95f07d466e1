"""Where jobs run. One executor per app, created at start-up.

The interface is one method, `submit(task)`, where a task is a callable with no arguments
that does all its work through the store (it reads its inputs and writes its results and
progress there). So an executor only has to run it somewhere: a thread here, a Dask worker
later (a DaskExecutor would `client.submit(task)`; the task must then be picklable, which
JobTask is: a job id and plain settings).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

from riskscreen.store.errors import log_failure

log = logging.getLogger("riskscreen.jobs")

Task = Callable[[], None]


class Executor(Protocol):
    name: str

    def submit(self, task: Task) -> None: ...

    def shutdown(self, wait: bool = True) -> None: ...


class LocalExecutor:
    """A thread pool in this process (the default). Threads start on the first job."""

    name = "local"

    def __init__(self, workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers),
                                        thread_name_prefix="riskscreen-job")

    def submit(self, task: Task) -> None:
        self._pool.submit(task).add_done_callback(_log_failure)

    def shutdown(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=not wait)


class SyncExecutor:
    """Runs each task at once, in the caller's thread (tests, the CLI, benchmarks)."""

    name = "sync"

    def submit(self, task: Task) -> None:
        try:
            task()
        except Exception as error:
            log_failure(log, "job task failed", error)

    def shutdown(self, wait: bool = True) -> None:
        return None


def _log_failure(future: Future[None]) -> None:
    error = future.exception()
    if error is not None:
        log_failure(log, "job task failed", error)


EXECUTORS: dict[str, Callable[[int], Executor]] = {
    "local": lambda workers: LocalExecutor(workers),
    "sync": lambda workers: SyncExecutor(),
}


def make_executor(name: str, workers: int) -> Executor:
    try:
        return EXECUTORS[name](workers)
    except KeyError:
        raise ValueError(f"unknown job executor {name!r}: choose {', '.join(EXECUTORS)}") from None
