"""Database errors: which ones mean "the store cannot be reached just now", and how to log
one without the values it may quote.

A DBAPI error class says little: sqlite3 raises OperationalError both for a locked file and
for a missing table. So the decision reads the driver's own code (SQLite's error name,
PostgreSQL's SQLSTATE). And a driver message can quote row values (PostgreSQL's DETAIL:
"Key (name)=(Maria Smith) already exists", "Failing row contains (...)"), so logs and
stored job errors get describe() instead: class, code, constraint, table and column names.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from sqlalchemy import exc as sql_errors

# SQLite: the file is busy, locked, cannot be opened, or the disk failed or is full.
_SQLITE_UNAVAILABLE = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN", "SQLITE_IOERR",
                       "SQLITE_FULL", "SQLITE_PROTOCOL")
# PostgreSQL SQLSTATE: connection exception (08), insufficient resources (53), operator
# intervention such as a shutdown (57P), serialization failure and deadlock, lock not
# available, statement timeout.
_SQLSTATE_CLASSES = ("08", "53", "57P")
_SQLSTATES = frozenset({"40001", "40P01", "55P03", "57014"})


def is_unavailable(error: BaseException) -> bool:
    """Whether a database error means the store cannot be reached just now (worth retrying
    shortly), rather than a statement or schema that is wrong (a bug: a 500)."""
    if isinstance(error, sql_errors.TimeoutError):  # no pooled connection came free
        return True
    if not isinstance(error, sql_errors.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    orig: Any = error.orig
    if hasattr(orig, "sqlite_errorname"):  # sqlite3 (None: the module's own check failed)
        return str(orig.sqlite_errorname or "").startswith(_SQLITE_UNAVAILABLE)
    if not isinstance(error, (sql_errors.OperationalError, sql_errors.InterfaceError)):
        return False
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate is None:  # failed on the client side: cannot connect, connection lost
        return True
    return str(sqlstate).startswith(_SQLSTATE_CLASSES) or sqlstate in _SQLSTATES


def database_error_in(error: BaseException) -> sql_errors.DBAPIError | None:
    """The database error that is `error` or that it was raised from, if any."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, sql_errors.DBAPIError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def describe(error: sql_errors.DBAPIError) -> str:
    """A one-line description that quotes no values: class, driver code, and the names of
    the constraint, table and column involved when the driver gives them."""
    orig: Any = error.orig
    parts = [type(error).__name__, type(orig).__name__]
    code = getattr(orig, "sqlite_errorname", None) or getattr(orig, "sqlstate", None)
    if code:
        parts.append(str(code))
    diag = getattr(orig, "diag", None)
    for name in ("constraint_name", "table_name", "column_name"):
        value = getattr(diag, name, None) if diag is not None else None
        if value:
            parts.append(f"{name.removesuffix('_name')}={value}")
    return " ".join(parts)


def log_failure(logger: logging.Logger, message: str, error: BaseException,
                extra: dict[str, Any] | None = None) -> None:
    """logger.error with the traceback; for a database error, its frames and describe()
    instead of the driver's message, which can quote row values."""
    database_error = database_error_in(error)
    if database_error is None:
        logger.error(message, exc_info=error, extra=extra)
        return
    frames = "".join(traceback.format_tb(error.__traceback__))
    logger.error("%s: %s (driver message left out: it can quote values)\n%s",
                 message, describe(database_error), frames.rstrip(), extra=extra)
