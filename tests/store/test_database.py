"""A fresh database is created and migrated on first run; nothing is lost on a second start."""

import sqlite3

from sqlalchemy import inspect

from riskscreen.store import migrations
from riskscreen.store.database import Store
from tests.conftest import make_test_app


def test_first_run_creates_the_sqlite_file_with_every_table(tmp_path):
    app = make_test_app(tmp_path)
    database_file = tmp_path / "instance" / "riskscreen.sqlite3"
    assert database_file.exists()
    store = app.extensions["riskscreen.store"]
    tables = set(inspect(store.engine).get_table_names())
    assert {"tenants", "api_keys", "audit_log", "alembic_version"} <= tables
    assert migrations.current(store.engine) is not None


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
