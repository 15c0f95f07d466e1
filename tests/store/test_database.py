"""A fresh database is created and migrated on first run; nothing is lost on a second start."""

import sqlite3
import time

from sqlalchemy import inspect

from riskscreen.store import migrations
from riskscreen.store.database import BACKSTOP_AUTOCHECKPOINT_PAGES, Store
from tests import server_database
from tests.conftest import make_test_app


def test_first_run_creates_the_sqlite_file_with_every_table(tmp_path):
    app = make_test_app(tmp_path, DATABASE_URL="")  # the default store, even on a server run
    database_file = tmp_path / "instance" / "riskscreen.sqlite3"
    assert database_file.exists()
    store = app.extensions["riskscreen.store"]
    tables = set(inspect(store.engine).get_table_names())
    assert {"tenants", "api_keys", "audit_log", "alembic_version"} <= tables
    assert migrations.current(store.engine) is not None


def test_apps_run_on_the_test_server_when_one_is_given(app):
    # Guards the PostgreSQL run of the suite (scripts/with-postgres): without this, a broken
    # set-up would quietly test SQLite twice.
    engine = app.extensions["riskscreen.store"].engine
    expected = "postgresql" if server_database.SERVER_URL else "sqlite"
    assert engine.dialect.name == expected


def test_second_start_keeps_existing_rows(tmp_path, make_key):
    make_key("acme", "partner")
    again = make_test_app(tmp_path)
    with again.extensions["riskscreen.store"].session() as session:
        from riskscreen.store.models import ApiKey

        assert session.query(ApiKey).count() == 1


def test_upgrade_without_auto_migrate(tmp_path):
    url = f"sqlite:///{tmp_path}/manual.sqlite3"
    store = Store(url)
    assert "tenants" not in inspect(store.engine).get_table_names()
    store.upgrade()
    assert "tenants" in inspect(store.engine).get_table_names()


def test_ping_reports_a_broken_database(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/x.sqlite3")
    assert store.ping()
    (tmp_path / "x.sqlite3").write_bytes(b"not a database" * 100)
    store.dispose()
    try:
        sqlite3.connect(tmp_path / "x.sqlite3").execute("select 1 from sqlite_master").fetchall()
        corrupt = False
    except sqlite3.DatabaseError:
        corrupt = True
    assert corrupt
    assert store.ping() is False


def test_background_checkpoints_copy_the_wal_into_the_database(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/wal.sqlite3")
    store.upgrade()
    assert store.start_background_checkpoints(interval=0.05)
    try:
        with store.connect() as connection:
            threshold = connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        assert threshold == BACKSTOP_AUTOCHECKPOINT_PAGES  # the request path no longer does it
        marker = "Checkpointed-Marker-4417"
        with store.begin() as connection:
            connection.exec_driver_sql("INSERT INTO tenants (name, retain_text, created_at) "
                                       f"VALUES ('{marker}', 0, '2026-01-01 00:00:00')")
        database_file = tmp_path / "wal.sqlite3"
        deadline = time.monotonic() + 5
        while marker.encode() not in database_file.read_bytes():
            assert time.monotonic() < deadline, "the WAL was not checkpointed"
            time.sleep(0.05)
        assert not store.start_background_checkpoints()  # once per process
    finally:
        store.stop_background_checkpoints()
        store.dispose()


def _try_lock(path, queue):
    """In another process: can it take the writers' lock right now?"""
    import fcntl

    with open(path, "ab") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            queue.put(False)
        else:
            queue.put(True)


def _lock_free_in_another_process(path) -> bool:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_try_lock, args=(path, queue))
    process.start()
    process.join(10)
    return queue.get(timeout=5)


def test_screening_writes_take_turns_across_processes(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/turns.sqlite3")
    store.upgrade()
    turns = store._writers
    assert turns.path == tmp_path / "turns.sqlite3-writers"
    with store.begin() as connection:
        connection.exec_driver_sql("SELECT 1")
        assert not _lock_free_in_another_process(turns.path)
        with turns.turn():  # a nested turn in the same thread does not wait for itself
            pass
        assert not _lock_free_in_another_process(turns.path)
    assert _lock_free_in_another_process(turns.path)
    store.dispose()


def test_databases_without_a_file_need_no_turns():
    assert Store("sqlite://")._writers.path is None


def test_a_store_in_a_folder_whose_name_needs_quoting_in_a_url(tmp_path):
    # "%" comes back as "%25" in the URL, which Alembic's ConfigParser took for interpolation
    # (a socket folder or a password with "@" in a PostgreSQL URL is quoted the same way);
    # "?" and "#" would end the path of an unquoted URL.
    instance = tmp_path / "100% sure?#1"
    app = make_test_app(tmp_path, INSTANCE_PATH=str(instance), DATABASE_URL="")
    store = app.extensions["riskscreen.store"]
    assert "%25" in store.url
    assert (instance / "riskscreen.sqlite3").is_file()
    assert migrations.current(store.engine) is not None


def test_database_errors_never_quote_the_values_of_a_statement(tmp_path):
    # Error messages are logged; a statement's values can be a submitted text.
    from sqlalchemy import exc, text

    store = Store(f"sqlite:///{tmp_path}/quiet.sqlite3")
    secret = "Call Maria on +44 7700 900123"
    try:
        with store.connect() as connection:
            connection.execute(text("SELECT no_such_column WHERE :value"), {"value": secret})
    except exc.DBAPIError as error:
        message = str(error)
    else:
        raise AssertionError("the statement should have failed")
    assert "no_such_column" in message
    assert secret not in message
