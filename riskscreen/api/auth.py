"""Bearer-key authentication and role checks, declared once per view with @require."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, g, request

from riskscreen.api.errors import abort
from riskscreen.store.keys import Principal, authenticate

View = TypeVar("View", bound=Callable[..., Any])
ALL_ROLES = ("partner", "analyst", "admin")
BEARER_SCHEME = {"bearerAuth": {"type": "http", "scheme": "bearer"}}


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def current_principal() -> Principal:
    """The caller of the current request; only valid inside a view decorated with @require."""
    principal: Principal = g.principal
    return principal


def require(*roles: str) -> Callable[[View], View]:
    """401 unless a valid key is sent; 403 unless its role is one of `roles`."""
    allowed = roles or ALL_ROLES

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            token = bearer_token()
            if token is None:
                abort(401, message="Send an API key: Authorization: Bearer <key>.")
            with current_app.extensions["riskscreen.store"].connect() as connection:
                principal = authenticate(connection, token)
            if principal is None:
                abort(401, message="The API key is unknown or revoked.")
            g.principal = principal
            g.key_id = principal.key_id
            if principal.role not in allowed:
                abort(403, message=f"The {principal.role} role may not do this.")
            return view(*args, **kwargs)

        # flask-smorest reads this to list the security requirement in the OpenAPI document
        doc = dict(getattr(view, "_apidoc", {}))
        doc["manual_doc"] = {**doc.get("manual_doc", {}), "security": [{"bearerAuth": []}]}
        wrapper._apidoc = doc  # type: ignore[attr-defined]
        wrapper.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
