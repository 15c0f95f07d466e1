"""JSON responses encoded with orjson, for the hot paths (a screening answer, the request log).

Same JSON values as Flask's jsonify (compact, a trailing newline, application/json); the
bytes differ only where JSON allows: non-ASCII characters are sent as UTF-8 rather than
\\u escapes, and floats use the shortest exponent form (1e-5 rather than 1e-05).
"""

from __future__ import annotations

from typing import Any

import orjson
from flask import Response, current_app

# numpy scalars and arrays as numbers and lists; int keys as strings (like json.dumps);
# datetimes and dataclasses through Flask's own default, so they look as jsonify makes them
OPTIONS = (orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS
           | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS)


def _default(value: Any) -> Any:
    """What orjson does not encode itself: numpy scalars, then whatever Flask knows."""
    item = getattr(value, "item", None)  # numpy scalars (np.float32, np.int64...)
    if callable(item) and type(value).__module__ == "numpy":
        return item()
    return current_app.json.default(value)  # type: ignore[attr-defined]


def dumps(value: Any) -> bytes:
    return orjson.dumps(value, default=_default, option=OPTIONS)


def json_response(body: Any, status: int = 200) -> Response:
    """A JSON response, as flask.jsonify(body) would answer it but cheaper to encode."""
    return current_app.response_class(dumps(body) + b"\n", status=status,
                                      mimetype="application/json")
