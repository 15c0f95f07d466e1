"""The Flask application factory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from riskscreen.api import audit_log, health, keys, screening
from riskscreen.api.docs import RiskscreenApi, openapi_config, register_swagger_assets
from riskscreen.api.errors import register_error_handlers
from riskscreen.api.limits import init_limits
from riskscreen.api.request_log import configure_logging, init_request_log
from riskscreen.api.health import READINESS_CHECKS_KEY
from riskscreen.config import build_config
from riskscreen.runtime import EngineHolder, folder_source, registry_source
from riskscreen.store.database import Store

BLUEPRINTS = (health.blp, keys.blp, audit_log.blp, screening.blp)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Defaults, then RISKSCREEN_* environment variables, then `config` (the test mapping)."""
    settings = build_config(config)
    instance_path = Path(settings["INSTANCE_PATH"]).resolve()
    instance_path.mkdir(parents=True, exist_ok=True)

    app = Flask("riskscreen", instance_path=str(instance_path))
    app.config.update(settings)
    app.config.update(openapi_config())
    app.json.sort_keys = False  # type: ignore[attr-defined]
    configure_logging(app.config["LOG_LEVEL"])

    store = Store(app.config["DATABASE_URL"])
    if app.config["AUTO_MIGRATE"]:
        store.upgrade()
    app.extensions["riskscreen.store"] = store

    engine = EngineHolder(folder_source(Path(app.config["RULES_PATH"])),
                          registry_source(Path(app.config["MODELS_PATH"])))
    engine.current()  # a broken rule file or model stops the start-up here, with its name
    app.extensions["riskscreen.engine"] = engine
    app.extensions.setdefault(READINESS_CHECKS_KEY, {})["engine"] = engine.readiness

    init_request_log(app)
    init_limits(app)
    api = RiskscreenApi(app)
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    register_swagger_assets(app)
    register_error_handlers(app)  # after Api, which installs its own handler
    return app
