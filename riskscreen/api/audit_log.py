"""The audit log over HTTP (admins only)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import fields

from riskscreen.api.auth import require
from riskscreen.api.schemas import PageArgs, StrictSchema
from riskscreen.store import audit

blp = Blueprint("audit_log", __name__, url_prefix="/v1", description="Audit trail")


class AuditEventSchema(StrictSchema):
    id = fields.Integer(required=True)
    at = fields.DateTime(required=True)
    actor = fields.String(required=True, metadata={"description": "key id, or cli"})
    tenant_id = fields.Integer(allow_none=True)
    action = fields.String(required=True)
    target_type = fields.String(required=True)
    target_id = fields.String(required=True)
    detail = fields.Dict()


class AuditArgs(PageArgs):
    action = fields.String(metadata={"description": "Only events of this action, e.g. key.create"})


@blp.route("/audit-log")
@require("admin")
@blp.arguments(AuditArgs, location="query")
@blp.response(200, AuditEventSchema(many=True))
def audit_log(args: dict[str, Any]) -> list[Any]:
    """Newest first: who changed keys, rules and models, and when."""
    with current_app.extensions["riskscreen.store"].session() as session:
        return audit.recent(
            session, limit=args["limit"], offset=args["offset"], action=args.get("action")
        )
