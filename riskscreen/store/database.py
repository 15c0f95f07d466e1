"""The Store: one SQLAlchemy engine and session factory per app, attached like an extension."""

from __future__ import annotations

import importlib
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import IO, Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from riskscreen.store import migrations

log = logging.getLogger("riskscreen.store")
fcntl: ModuleType | None = (importlib.import_module("fcntl") if os.name == "posix"
                            else None)  # writers take turns only where flock exists

# SQLite's own default: a committing connection copies the WAL back into the database (and
# fsyncs it) once the WAL holds this many pages.
DEFAULT_AUTOCHECKPOINT_PAGES = 1000
# With background checkpoints on, the committing connection only does so as a backstop.
BACKSTOP_AUTOCHECKPOINT_PAGES = 10000
# Measured under load: checkpoints every 1 s flushed ~20 MB at once and the writers' appends
# stalled up to 90 ms behind that fsync; every 0.25 s the stalls stay under ~15 ms.
CHECKPOINT_SECONDS = 0.25


class Store:
    """Owns the engine; hands out sessions and connections. Knows nothing of HTTP."""

    def __init__(self, database_url: str) -> None:
        self.url = database_url
        is_sqlite = database_url.startswith("sqlite")
        # A local SQLite file cannot go stale; a server connection can. hide_parameters: a
        # database error's message would otherwise quote the statement's values (a submitted
        # text, a supplier's name), and error messages are logged.
        self.engine: Engine = create_engine(
            database_url, pool_pre_ping=not is_sqlite, hide_parameters=True
        )
        database_file = sqlite_file(self.engine)  # the parsed path: the URL may be quoted
        if database_file is not None:
            database_file.parent.mkdir(parents=True, exist_ok=True)
        self.autocheckpoint_pages = DEFAULT_AUTOCHECKPOINT_PAGES
        self._checkpoints: threading.Event | None = None
        self._writers = WriterTurns(database_file)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", self._sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def upgrade(self) -> None:
        """Apply every pending Alembic migration."""
        migrations.upgrade(self.engine)

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A plain (Core) connection for the hot path: cheaper than an ORM session."""
        with self.engine.connect() as connection:
            yield connection

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A Core connection in a transaction: commits on success, rolls back on any error.

        Keep it short: on SQLite it takes the writers' turn (WriterTurns) for its duration.
        """
        with self.engine.connect() as connection, self._writers.turn(), connection.begin():
            yield connection

    def ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    def dispose(self) -> None:
        """Drop pooled connections (after a fork, so workers do not share sockets)."""
        self.engine.dispose(close=False)

    def start_background_checkpoints(self, interval: float = CHECKPOINT_SECONDS) -> bool:
        """Checkpoint the SQLite WAL from a daemon thread every `interval` seconds.

        Otherwise the request whose commit crosses the autocheckpoint threshold copies the
        WAL back and waits for two fsyncs (about 10 ms here, every ~70 screenings), and the
        other worker waits for it. The requests' own connections keep a high threshold as a
        backstop, in case this thread falls behind. Call it in each process (gunicorn's
        post_fork); threads do not survive a fork. Returns False (and does nothing) for
        other databases.
        """
        if self.engine.dialect.name != "sqlite" or self._checkpoints is not None:
            return False
        self.autocheckpoint_pages = BACKSTOP_AUTOCHECKPOINT_PAGES
        self.engine.dispose(close=False)  # new connections read the new threshold
        self._checkpoints = threading.Event()
        thread = threading.Thread(target=self._checkpoint_loop, name="sqlite-checkpoints",
                                  args=(interval, self._checkpoints), daemon=True)
        thread.start()
        return True

    def stop_background_checkpoints(self) -> None:
        if self._checkpoints is not None:
            self._checkpoints.set()
            self._checkpoints = None

    def _checkpoint_loop(self, interval: float, stop: threading.Event) -> None:
        while not stop.wait(interval):
            try:
                with self.engine.connect() as connection:
                    # PASSIVE never waits for readers or writers; sqlite3 releases the GIL
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
            except Exception:  # a failed checkpoint is retried; the backstop still holds
                log.warning("background WAL checkpoint failed", exc_info=True)

    def _sqlite_pragmas(self, dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL stays consistent after a crash of the process; only the last commits
        # can be lost on a power failure, and it saves an fsync on every screening
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute(f"PRAGMA wal_autocheckpoint={int(self.autocheckpoint_pages)}")
        cursor.close()


def sqlite_file(engine: Engine) -> Path | None:
    """The database file of a file-backed SQLite engine, else None."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:" \
            or database.startswith("file:"):
        return None
    return Path(database)


class WriterTurns:
    """Short write transactions on one SQLite file take turns through an flock on a sidecar
    file (<database>-writers), across the worker processes and threads of the app.

    SQLite allows one writer at a time anyway; but a writer that finds the database locked
    sleeps 1 ms, then 2, then 5... before it looks again (busy_timeout), so a screening that
    meets another worker's 0.3 ms commit waited 3 to 8 ms. A blocked flock wakes as soon as
    the lock is released. Other writers (CLI, jobs) still meet SQLite's own lock, as before.
    """

    def __init__(self, database: Path | None) -> None:
        self.path = None if database is None or fcntl is None \
            else database.with_name(database.name + "-writers")
        self._thread_lock = threading.RLock()  # flock is per open file, not per thread
        self._depth = 0  # nested turns of the thread that holds it
        self._file: IO[bytes] | None = None
        self._pid = 0

    def _lock_file(self) -> IO[bytes]:
        """The sidecar file opened by this process (an inherited one would share its lock)."""
        if self._file is None or self._pid != os.getpid():
            assert self.path is not None
            self._file = self.path.open("ab")
            self._pid = os.getpid()
        return self._file

    @contextmanager
    def turn(self) -> Iterator[None]:
        if self.path is None or fcntl is None:
            yield
            return
        with self._thread_lock:
            handle = self._lock_file()
            if self._depth == 0:
                fcntl.flock(handle, fcntl.LOCK_EX)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    fcntl.flock(handle, fcntl.LOCK_UN)
