"""Fixtures of the analyst API tests (tests/analyst_support.py): analyst_app, api, keys."""

from tests.analyst_support import analyst_app, api, keys  # noqa: F401
