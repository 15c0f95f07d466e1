"""One JSON error envelope for every error: {code, status, message, errors}.

HTML error pages and stack traces never reach a client. A store that cannot be reached
(database server down, SQLite locked for too long, no pooled connection free: see
store/errors.py) is a 503 with Retry-After, so clients retry; other unexpected exceptions
are logged with the request id (database errors without their values) and answered with a
bare 500.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any, NoReturn

from flask import Flask, Response, g, jsonify
from flask import abort as flask_abort
from marshmallow import Schema, fields
from sqlalchemy import exc as sql_errors
from werkzeug.exceptions import HTTPException, InternalServerError

from riskscreen.store.errors import is_unavailable, log_failure

log = logging.getLogger("riskscreen.errors")


class ErrorSchema(Schema):
    """The error envelope (also published in the OpenAPI document)."""

    code = fields.Integer(required=True, metadata={"description": "HTTP status code"})
    status = fields.String(required=True, metadata={"description": "HTTP status name"})
    message = fields.String(required=True, metadata={"description": "What went wrong"})
    errors = fields.Dict(
        metadata={"description": "Where it went wrong: location -> field -> messages"}
    )
    request_id = fields.String(metadata={"description": "Quote this when reporting a problem"})


def abort(code: int, message: str, errors: Any = None) -> NoReturn:
    """Stop the request with an error that the envelope handler turns into JSON."""
    try:
        flask_abort(code)
    except HTTPException as error:
        error.data = {"message": message, "errors": errors}  # type: ignore[attr-defined]
        raise


_DEFAULT_MESSAGES = {
    404: "Nothing here: check the path and the id.",
    405: "This path does not take that method: see the Allow header.",
    413: "The request body is larger than this service accepts.",
}


def envelope(code: int, message: str, errors: Any = None) -> Response:
    body: dict[str, Any] = {
        "code": code,
        "status": HTTPStatus(code).phrase,
        "message": message,
        "errors": errors or {},
    }
    request_id = g.get("request_id")
    if request_id:
        body["request_id"] = request_id
    response = jsonify(body)
    response.status_code = code
    return response


def _handle_http_exception(error: HTTPException) -> Response:
    code = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = data.get("messages") or data.get("errors")
    message = data.get("message") or _DEFAULT_MESSAGES.get(code) or error.description
    if errors and not data.get("message"):
        message = "The request is not valid: `errors` says where."
    response = envelope(code, str(message), errors)
    for name, value in error.get_headers():
        # keep Allow (405) and Retry-After (429), never the HTML content type
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


STORE_RETRY_AFTER_SECONDS = 5


def _handle_database_error(error: Exception) -> Response:
    if not is_unavailable(error):
        return _handle_unexpected(error)  # a wrong statement or schema: a bug
    reason = error.orig if isinstance(error, sql_errors.DBAPIError) else error
    # the first line of these (connection, lock, timeout) quotes no row's values
    first_line = (str(reason).strip().splitlines() or [""])[0]
    log.warning("store unavailable: %s: %s", type(error).__name__, first_line,
                extra={"request_id": g.get("request_id")})
    response = envelope(503, "The store cannot be reached just now; try again shortly.")
    response.headers["Retry-After"] = str(STORE_RETRY_AFTER_SECONDS)
    return response


def _handle_unexpected(error: Exception) -> Response:
    if isinstance(error, HTTPException):
        return _handle_http_exception(error)
    log_failure(log, "unhandled error", error, extra={"request_id": g.get("request_id")})
    return envelope(500, InternalServerError.description)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, _handle_http_exception)
    for error_class in (sql_errors.DBAPIError, sql_errors.TimeoutError):
        app.register_error_handler(error_class, _handle_database_error)
    app.register_error_handler(Exception, _handle_unexpected)
