"""API keys and the caller's identity. Admins create and revoke; others see their tenant's."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from riskscreen.api.auth import current_principal, require
from riskscreen.api.errors import abort
from riskscreen.api.schemas import StrictSchema
from riskscreen.store.keys import (
    ROLES,
    KeyAlreadyRevoked,
    KeyOperationError,
    create_key,
    list_keys,
    revoke_key,
)
from riskscreen.store.models import ApiKey

blp = Blueprint("keys", __name__, url_prefix="/v1", description="API keys and identity")


class MeSchema(StrictSchema):
    key_id = fields.String(required=True)
    tenant = fields.String(required=True)
    role = fields.String(required=True)


class KeySchema(StrictSchema):
    key_id = fields.String(required=True)
    tenant = fields.String(required=True)
    role = fields.String(required=True)
    label = fields.String()
    created_at = fields.DateTime(required=True)
    revoked_at = fields.DateTime(allow_none=True)
    active = fields.Boolean(required=True)


class KeyCreateSchema(StrictSchema):
    tenant = fields.String(required=True, validate=validate.Length(1, 200))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    label = fields.String(load_default="", validate=validate.Length(max=200))


class KeyCreatedSchema(KeySchema):
    key = fields.String(
        required=True, metadata={"description": "The secret key. Shown once; store it now."}
    )


def _store():  # type: ignore[no-untyped-def]
    return current_app.extensions["riskscreen.store"]


def key_view(row: ApiKey) -> dict[str, Any]:
    """A key as the API shows it: never the hash, never the secret."""
    return {
        "key_id": row.key_id, "tenant": row.tenant.name, "role": row.role, "label": row.label,
        "created_at": row.created_at, "revoked_at": row.revoked_at, "active": row.active,
    }


@blp.route("/me")
class Me(MethodView):
    @require()
    @blp.response(200, MeSchema)
    def get(self) -> dict[str, str]:
        """Who the key belongs to."""
        principal = current_principal()
        return {"key_id": principal.key_id, "tenant": principal.tenant_name,
                "role": principal.role}


@blp.route("/keys")
class Keys(MethodView):
    @require()
    @blp.response(200, KeySchema(many=True))
    def get(self) -> list[dict[str, Any]]:
        """Keys of the caller's tenant (all tenants for admins), without secrets."""
        with _store().session() as session:
            return [key_view(key) for key in list_keys(session, current_principal().scope)]

    @require("admin")
    @blp.arguments(KeyCreateSchema)
    @blp.response(201, KeyCreatedSchema)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Create a key for a tenant (created if new). The secret is in this answer only."""
        with _store().transaction() as session:
            row, secret = create_key(
                session, tenant_name=body["tenant"], role=body["role"], label=body["label"],
                actor=current_principal().key_id,
            )
            return {**key_view(row), "key": secret}


@blp.route("/keys/<key_id>")
class KeyById(MethodView):
    @require()
    @blp.response(200, KeySchema)
    def get(self, key_id: str) -> dict[str, Any]:
        """One key of the caller's tenant."""
        with _store().session() as session:
            row = current_principal().scope.get(session, ApiKey, key_id=key_id)
            if row is None:
                abort(404, message=f"No key {key_id}.")
            return key_view(row)

    @require("admin")
    @blp.response(200, KeySchema)
    @blp.alt_response(409, description="The key was already revoked")
    def delete(self, key_id: str) -> dict[str, Any]:
        """Revoke a key. It stops working at once; the row stays for the audit trail."""
        with _store().transaction() as session:
            try:
                row = revoke_key(session, current_principal().scope, key_id,
                                 actor=current_principal().key_id)
            except KeyAlreadyRevoked as exc:
                abort(409, message=str(exc))
            except KeyOperationError as exc:
                abort(404, message=str(exc))
            return key_view(row)
