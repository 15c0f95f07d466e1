"""Request limits: body size (413), JSON content type (415) and per-key rate limits (429)."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from riskscreen.api.auth import bearer_token
from riskscreen.api.errors import abort
from riskscreen.store.keys import parse_key_id

BODY_METHODS = {"POST", "PUT", "PATCH"}
# Endpoints that take multipart uploads instead of JSON register here (see accepts_uploads).
UPLOAD_ENDPOINTS_KEY = "riskscreen.upload_endpoints"


def rate_limit_key() -> str:
    """Count per API key id when one is sent, else per client address."""
    token = bearer_token()
    key_id = parse_key_id(token) if token else None
    return f"key:{key_id}" if key_id else f"ip:{get_remote_address()}"


UNLIMITED_PATHS = ("/health", "/ready", "/v1/docs", "/v1/openapi.json")


def _unlimited() -> bool:
    """Probes and documentation are never rate limited."""
    return request.path.startswith(UNLIMITED_PATHS)


def accepts_uploads(app: Flask, endpoint: str) -> None:
    app.extensions.setdefault(UPLOAD_ENDPOINTS_KEY, set()).add(endpoint)


def _check_body() -> None:
    """413 for a declared size over the limit (before reading it), 415 for a wrong type."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None and request.content_length > limit:
        abort(413, message=f"The body is {request.content_length} bytes; the limit is {limit}.")
    if request.method not in BODY_METHODS or request.endpoint is None:
        return
    has_body = bool(request.content_length) or bool(request.headers.get("Transfer-Encoding"))
    if not has_body:
        return
    uploads = current_app.extensions.get(UPLOAD_ENDPOINTS_KEY, set())
    if request.endpoint in uploads and request.mimetype == "multipart/form-data":
        return
    if not request.is_json:
        expected = "application/json or multipart/form-data" if request.endpoint in uploads \
            else "application/json"
        abort(415, message=f"Send the body as {expected}, not {request.mimetype or 'nothing'}.")


def init_limits(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_REQUEST_BYTES"]
    app.config["RATELIMIT_DEFAULT"] = app.config["RATE_LIMIT"]
    app.config["RATELIMIT_STORAGE_URI"] = app.config["RATE_LIMIT_STORAGE_URL"]
    app.config["RATELIMIT_HEADERS_ENABLED"] = True
    app.config.setdefault("RATELIMIT_ENABLED", True)
    app.before_request(_check_body)
    # one Limiter per app: its limits and storage come from that app's configuration
    limiter = Limiter(key_func=rate_limit_key, app=app)
    limiter.request_filter(_unlimited)
    app.extensions["riskscreen.limiter"] = limiter
