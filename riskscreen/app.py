"""The Flask application factory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from riskscreen.api import (
    audit_log,
    backtests,
    entity_matches,
    feedback,
    health,
    jobs,
    keys,
    models,
    rules,
    rulesets,
    screening,
    supplier_lists,
)
from riskscreen.api.docs import RiskscreenApi, openapi_config, register_swagger_assets
from riskscreen.api.errors import register_error_handlers
from riskscreen.api.health import READINESS_CHECKS_KEY
from riskscreen.api.jobs_service import init_suppliers
from riskscreen.api.limits import init_limits
from riskscreen.api.request_log import configure_logging, init_request_log
from riskscreen.config import build_config
from riskscreen.runtime import EngineHolder, registry_source, store_source
from riskscreen.store.database import Store

BLUEPRINTS = (health.blp, keys.blp, audit_log.blp, screening.blp, supplier_lists.blp, jobs.blp,
              entity_matches.blp,
              rules.blp, rulesets.blp, backtests.blp, feedback.blp, models.blp)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Defaults, then RISKSCREEN_* environment variables, then `config` (the test mapping)."""
    settings = build_config(config)
    instance_path = Path(settings["INSTANCE_PATH"]).resolve()
    instance_path.mkdir(parents=True, exist_ok=True)

    app = Flask("riskscreen", instance_path=str(instance_path), static_folder=None)
    app.config.update(settings)
    app.config.update(openapi_config())
    app.json.sort_keys = False  # type: ignore[attr-defined]
    configure_logging(app.config["LOG_LEVEL"])

    store = Store(app.config["DATABASE_URL"])
    if app.config["AUTO_MIGRATE"]:
        store.upgrade()
    app.extensions["riskscreen.store"] = store

    engine = EngineHolder(store_source(store, Path(app.config["RULES_PATH"]),
                                       app.config["RULESET_POLL_SECONDS"]),
                          registry_source(Path(app.config["MODELS_PATH"])))
    engine.current()  # a broken rule file or model stops the start-up here, with its name
    app.extensions["riskscreen.engine"] = engine
    app.extensions.setdefault(READINESS_CHECKS_KEY, {})["engine"] = engine.readiness

    init_request_log(app)
    init_limits(app)
    init_suppliers(app)
    api = RiskscreenApi(app)
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    register_swagger_assets(app)
    register_error_handlers(app)  # after Api, which installs its own handler
    return app
