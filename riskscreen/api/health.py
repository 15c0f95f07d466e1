"""Liveness and readiness probes (unauthenticated, never rate limited)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import fields

from riskscreen.api.schemas import StrictSchema

blp = Blueprint("health", __name__, url_prefix="/", description="Service probes")
READINESS_CHECKS_KEY = "riskscreen.readiness_checks"


class HealthSchema(StrictSchema):
    status = fields.String(required=True)


class ReadySchema(StrictSchema):
    status = fields.String(required=True, metadata={"description": "ready or not_ready"})
    checks = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


@blp.route("/health")
@blp.response(200, HealthSchema)
def health() -> dict[str, str]:
    """The process is up and answering."""
    return {"status": "ok"}


@blp.route("/ready")
@blp.response(200, ReadySchema)
@blp.alt_response(503, schema=ReadySchema, description="A dependency is not ready")
def ready() -> Any:
    """The database answers and every loaded component (rules, models) is ready."""
    checks = {"database": "ok" if current_app.extensions["riskscreen.store"].ping() else "down"}
    for name, check in current_app.extensions.get(READINESS_CHECKS_KEY, {}).items():
        checks[name] = check()
    ok = all(value == "ok" or value.startswith("ok") for value in checks.values())
    body = {"status": "ready" if ok else "not_ready", "checks": checks}
    return (body, 200) if ok else (body, 503)
