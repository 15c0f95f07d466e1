"""What several command modules share: the configured store."""

from __future__ import annotations

from riskscreen.config import build_config
from riskscreen.store.database import Store


def configured_store(migrate: bool | None = None) -> Store:
    """The store the service would use (RISKSCREEN_DATABASE_URL or the instance's SQLite).

    Migrated to the newest schema when `migrate` is true, or, when it is None, when
    RISKSCREEN_AUTO_MIGRATE says so (as the service does at start-up).
    """
    config = build_config()
    store = Store(config["DATABASE_URL"])
    if migrate is None:
        migrate = bool(config["AUTO_MIGRATE"])
    if migrate:
        store.upgrade()
    return store
