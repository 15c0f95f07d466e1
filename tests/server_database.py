"""App tests on a database server instead of SQLite, when RISKSCREEN_TEST_DATABASE_URL is set.

The URL names a PostgreSQL server and a database the tests may connect to (for example
postgresql+psycopg://riskscreen@/postgres?host=/tmp/pg). Each test instance folder gets a
database of its own on that server, created on first use and dropped when the session
ends; two apps made on the same folder (a restart, a second worker) share it, as they
share the SQLite file otherwise. `make test-servers` (and so CI) runs the whole suite this
way beside a throwaway server (scripts/with-postgres). Needs PostgreSQL 13 or later (DROP
DATABASE ... WITH (FORCE)); an interrupted run leaves its riskscreen_test_* databases behind.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

SERVER_URL = os.environ.get("RISKSCREEN_TEST_DATABASE_URL", "")
_databases: dict[Path, str] = {}  # instance folder -> database URL
_admin: Engine | None = None


def _admin_engine() -> Engine:
    global _admin
    if _admin is None:
        _admin = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    return _admin


def database_url_for(instance: Path) -> str:
    """The URL of the fresh server database that belongs to this instance folder."""
    instance = instance.resolve()
    if instance not in _databases:
        name = f"riskscreen_test_{uuid.uuid4().hex[:12]}"
        with _admin_engine().connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(SERVER_URL).set(database=name)
        _databases[instance] = url.render_as_string(hide_password=False)
    return _databases[instance]


def drop_all() -> None:
    """Drop every database this session created (FORCE closes connections left open)."""
    if _admin is None:
        return
    with _admin.connect() as connection:
        for url in _databases.values():
            name = make_url(url).database
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    _databases.clear()
    _admin.dispose()
