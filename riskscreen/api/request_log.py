"""One structured log line per request, and the X-Request-ID header.

Logged: request id, method, path (no query string), status, duration and key id. Never
bodies, query strings, headers or secrets: they may hold personal data.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

log = logging.getLogger("riskscreen.requests")
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _start() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
    g.started = time.perf_counter()
    g.key_id = None


def _finish(response: Response) -> Response:
    response.headers["X-Request-ID"] = g.get("request_id", "")
    started = g.get("started")
    duration_ms = (time.perf_counter() - started) * 1000 if started else 0.0
    log.info(
        json.dumps(
            {
                "event": "request",
                "request_id": g.get("request_id"),
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(duration_ms, 2),
                "key_id": g.get("key_id"),
            }
        )
    )
    return response


def init_request_log(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_finish)


def configure_logging(level: str) -> None:
    """Plain message lines on stderr (the request lines are JSON already)."""
    root = logging.getLogger("riskscreen")
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        root.addHandler(handler)
    root.setLevel(level.upper())
    root.propagate = False
