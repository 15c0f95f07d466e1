"""Which database errors mean "unavailable", and logging them without the values they quote."""

import logging

import pytest
from sqlalchemy import exc, text

from riskscreen.store.database import Store
from riskscreen.store.errors import describe, is_unavailable, log_failure


class DriverError(Exception):
    """Stands for a psycopg error: what matters is its sqlstate (None: client side)."""

    def __init__(self, message: str, sqlstate: str | None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def sqlite_error(tmp_path, sql: str) -> exc.DBAPIError:
    store = Store(f"sqlite:///{tmp_path}/errors.sqlite3")
    with pytest.raises(exc.DBAPIError) as caught, store.connect() as connection:
        connection.execute(text(sql))
    return caught.value


def test_a_missing_table_or_a_syntax_error_on_sqlite_is_a_bug_not_an_outage(tmp_path):
    assert not is_unavailable(sqlite_error(tmp_path, "SELECT * FROM no_such_table"))
    assert not is_unavailable(sqlite_error(tmp_path, "SELEC 1"))


def test_a_file_that_cannot_be_opened_or_is_locked_is_an_outage(tmp_path):
    missing = Store(f"sqlite:///{tmp_path}/x.sqlite3")
    (tmp_path / "x.sqlite3").mkdir()  # a folder where the file should be
    with pytest.raises(exc.DBAPIError) as caught, missing.connect() as connection:
        connection.execute(text("SELECT 1"))
    assert is_unavailable(caught.value)

    store = Store(f"sqlite:///{tmp_path}/locked.sqlite3?timeout=0")
    with store.engine.connect() as holder:
        holder.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        holder.commit()
        holder.exec_driver_sql("BEGIN EXCLUSIVE")
        with pytest.raises(exc.DBAPIError) as locked, store.engine.connect() as other:
            other.exec_driver_sql("PRAGMA busy_timeout=0")
            other.exec_driver_sql("INSERT INTO t VALUES (1)")
        holder.rollback()
    assert is_unavailable(locked.value)


@pytest.mark.parametrize(("error_class", "sqlstate", "unavailable"), [
    (exc.OperationalError, None, True),      # could not connect, connection lost
    (exc.OperationalError, "08006", True),   # connection failure
    (exc.OperationalError, "57P01", True),   # the server is shutting down
    (exc.OperationalError, "53300", True),   # too many connections
    (exc.OperationalError, "40P01", True),   # deadlock: retrying is right
    (exc.OperationalError, "57014", True),   # statement timeout
    (exc.OperationalError, "42P01", False),  # undefined table: a bug
    (exc.InterfaceError, None, True),        # connection already closed
    (exc.IntegrityError, "23505", False),    # duplicate key: a statement's fault
    (exc.ProgrammingError, "42703", False),  # undefined column
])
def test_server_errors_are_classified_by_sqlstate(error_class, sqlstate, unavailable):
    error = error_class("INSERT ...", {}, DriverError("message", sqlstate))
    assert is_unavailable(error) is unavailable


def test_a_pool_timeout_is_an_outage_and_other_errors_are_not():
    assert is_unavailable(exc.TimeoutError("QueuePool limit reached"))
    assert not is_unavailable(ValueError("nothing to do with the store"))


def test_logged_database_errors_quote_no_values(app, caplog):
    # On PostgreSQL the driver's message carries "DETAIL: Key (name)=(Maria Smith) already
    # exists"; the log must name the constraint instead. (The server run of the suite puts
    # this app on PostgreSQL; on SQLite the message has no values to begin with.)
    store = app.extensions["riskscreen.store"]
    with store.begin() as connection:
        connection.execute(text("CREATE TABLE people (name VARCHAR(50) CONSTRAINT "
                                "people_name_unique UNIQUE)"))
        connection.execute(text("INSERT INTO people VALUES ('Maria Smith')"))
    with pytest.raises(exc.IntegrityError) as caught, store.begin() as connection:
        connection.execute(text("INSERT INTO people VALUES ('Maria Smith')"))
    error = caught.value
    if store.engine.dialect.name == "postgresql":
        assert "Maria Smith" in str(error.orig)  # what would have been logged
        assert "people_name_unique" in describe(error)
    with caplog.at_level(logging.ERROR, logger="test.errors"):
        try:
            raise RuntimeError("saving failed") from error
        except RuntimeError as wrapped:
            log_failure(logging.getLogger("test.errors"), "saving a decision failed", wrapped)
    assert "IntegrityError" in caplog.text
    assert "Maria Smith" not in caplog.text
    assert "test_store_errors.py" in caplog.text  # the frames are kept
