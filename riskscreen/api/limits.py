"""Request limits: body size (413), JSON content type (415) and per-key rate limits (429)."""

from __future__ import annotations

import threading
import time

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits.storage import MemoryStorage

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


SWEEP_SECONDS = 1.0


class SweepingMemoryStorage(MemoryStorage):
    """memory:// counters that drop expired keys inline, at most once a second.

    limits' MemoryStorage starts a new threading.Timer (a thread) to drop expired keys
    whenever the previous one has run (10 ms earlier), so at a few hundred requests a second
    nearly every request started a thread: ~40 us of CPU on an idle core, and a thread to
    schedule on busy ones. The counts do not depend on the sweep (an expired key reads as 0
    when it is next used); it only frees memory, so once a second on the request thread is
    enough.
    """

    STORAGE_SCHEME = ["riskscreen-memory"]  # noqa: RUF012 (the limits registry reads it)

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str):
        self._next_sweep = 0.0
        self._sweep_lock = threading.Lock()
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces MemoryStorage's (private)
        now = time.monotonic()
        if now < self._next_sweep or not self._sweep_lock.acquire(blocking=False):
            return
        try:
            self._next_sweep = now + SWEEP_SECONDS
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]
        finally:
            self._sweep_lock.release()


def storage_uri(configured: str) -> str:
    """memory:// (the default) is served by SweepingMemoryStorage; other URIs as given."""
    if configured.startswith("memory://") and hasattr(MemoryStorage,
                                                      "_MemoryStorage__schedule_expiry"):
        return "riskscreen-" + configured
    return configured


def init_limits(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_REQUEST_BYTES"]
    app.config["RATELIMIT_DEFAULT"] = app.config["RATE_LIMIT"]
    app.config["RATELIMIT_STORAGE_URI"] = storage_uri(app.config["RATE_LIMIT_STORAGE_URL"])
    app.config["RATELIMIT_HEADERS_ENABLED"] = True
    # A shared counter store (Redis) that cannot be reached must not stop the service: each
    # process then counts the same limit in its own memory, and Flask-Limiter tries the
    # store again with a back-off. Without this every request got a 500 while Redis was down.
    app.config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] = True
    app.config["RATELIMIT_IN_MEMORY_FALLBACK"] = app.config["RATE_LIMIT"]
    app.config["RATELIMIT_SWALLOW_ERRORS"] = True
    app.config.setdefault("RATELIMIT_ENABLED", True)
    app.before_request(_check_body)
    # one Limiter per app: its limits and storage come from that app's configuration
    limiter = Limiter(key_func=rate_limit_key, app=app)
    limiter.request_filter(_unlimited)
    app.extensions["riskscreen.limiter"] = limiter
