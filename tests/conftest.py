"""Shared fixtures: an app on a fresh SQLite file (or server database: see
server_database.py), a client, a CLI runner and key makers."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from riskscreen import paths
from riskscreen.app import create_app
from riskscreen.engine.rules import RuleSet, load_ruleset
from riskscreen.store.database import sqlite_file
from riskscreen.store.keys import create_key
from tests import server_database

MakeKey = Callable[..., dict[str, str]]

# tests/servers/ needs a Redis server beside the suite (scripts/with-redis; make test-servers).
collect_ignore = [] if os.environ.get("RISKSCREEN_TEST_REDIS_URL") else ["servers"]


def make_test_app(tmp_path: Path, **overrides: Any) -> Flask:
    config: dict[str, Any] = {
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "RATE_LIMIT": "10000 per minute",
    }
    if server_database.SERVER_URL and "DATABASE_URL" not in overrides:
        config["DATABASE_URL"] = server_database.database_url_for(tmp_path / "instance")
    config.update(overrides)
    app = create_app(config)
    app.config["TESTING"] = True
    return app


@pytest.fixture(scope="session", autouse=True)
def _drop_server_databases() -> Iterator[None]:
    yield
    server_database.drop_all()


@pytest.fixture
def riskscreen_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """caplog that also sees the service's own loggers: "riskscreen" does not propagate to
    the root logger, where caplog listens, once an app has configured logging."""
    logger = logging.getLogger("riskscreen")
    logger.addHandler(caplog.handler)
    yield caplog
    logger.removeHandler(caplog.handler)


@contextmanager
def store_taken_away(app: Flask) -> Iterator[None]:
    """The SQLite store of an app cannot be opened inside the block (its folder is replaced
    by a file), as when a database server is down; it is back afterwards."""
    store = app.extensions["riskscreen.store"]
    database = sqlite_file(store.engine)
    assert database is not None, "needs an app on SQLite: make_test_app(..., DATABASE_URL='')"
    folder = database.parent
    parked = folder.with_name(folder.name + "-away")
    store.dispose()
    folder.rename(parked)
    folder.write_text("not a folder")
    try:
        yield
    finally:
        store.dispose()
        folder.unlink()
        parked.rename(folder)


@pytest.fixture(scope="session")
def shipped_ruleset() -> RuleSet:
    """The shipped rules/ folder, loaded once for the tests that sweep the corpus."""
    return load_ruleset(paths.rules_path())


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    yield make_test_app(tmp_path)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_key(app: Flask) -> MakeKey:
    """make_key(tenant, role) -> {"key": secret, "key_id": id, "auth": header dict}."""

    def make(tenant: str = "acme", role: str = "partner") -> dict[str, Any]:
        store = app.extensions["riskscreen.store"]
        with store.transaction() as session:
            row, secret = create_key(session, tenant_name=tenant, role=role)
            key_id = row.key_id
        return {"key": secret, "key_id": key_id, "auth": {"Authorization": f"Bearer {secret}"}}

    return make
