"""Every error, whatever its class, is the same JSON envelope: never HTML, never a trace."""

import logging
import threading
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient

from riskscreen.api.errors import ErrorSchema
from riskscreen.api.limits import SweepingMemoryStorage
from tests.conftest import make_test_app, store_taken_away


def assert_envelope(response, code: int) -> dict:
    assert response.status_code == code
    assert response.mimetype == "application/json", response.data[:200]
    body = response.get_json()
    assert ErrorSchema().validate(body) == {}
    assert body["code"] == code
    assert body["message"]
    assert "Traceback" not in response.get_data(as_text=True)
    assert body["request_id"] == response.headers["X-Request-ID"]
    return body


def test_400_malformed_json(client, make_key):
    admin = make_key("ops", "admin")
    response = client.post("/v1/keys", headers=admin["auth"], data="{not json",
                           content_type="application/json")
    body = assert_envelope(response, 400)
    assert "json" in body["errors"]


def test_401_without_key(client):
    assert_envelope(client.get("/v1/me"), 401)


def test_403_wrong_role(client, make_key):
    partner = make_key("acme", "partner")
    assert_envelope(client.post("/v1/keys", headers=partner["auth"],
                                json={"tenant": "x", "role": "admin"}), 403)


def test_404_unknown_path_and_unknown_row(client, make_key):
    assert_envelope(client.get("/no/such/path"), 404)
    partner = make_key("acme", "partner")
    assert_envelope(client.get("/v1/keys/ffffffffffff", headers=partner["auth"]), 404)


def test_405_wrong_method_keeps_allow_header(client):
    response = client.put("/health")
    assert_envelope(response, 405)
    assert "GET" in response.headers["Allow"]


def test_409_revoking_twice(client, make_key):
    admin = make_key("ops", "admin")
    target = make_key("acme", "partner")
    assert client.delete(f"/v1/keys/{target['key_id']}", headers=admin["auth"]).status_code == 200
    body = assert_envelope(client.delete(f"/v1/keys/{target['key_id']}", headers=admin["auth"]),
                           409)
    assert "revoked" in body["message"]


def test_413_body_too_large(tmp_path):
    app = make_test_app(tmp_path, MAX_REQUEST_BYTES=1000)
    response = app.test_client().post("/v1/keys", data="x" * 5000,
                                      content_type="application/json")
    assert_envelope(response, 413)


def test_415_not_json(client, make_key):
    admin = make_key("ops", "admin")
    response = client.post("/v1/keys", headers=admin["auth"], data="tenant=x",
                           content_type="application/x-www-form-urlencoded")
    body = assert_envelope(response, 415)
    assert "application/json" in body["message"]


def test_422_names_each_bad_field(client, make_key):
    admin = make_key("ops", "admin")
    response = client.post("/v1/keys", headers=admin["auth"],
                           json={"tenant": "x", "role": "king", "colour": "red"})
    body = assert_envelope(response, 422)
    assert set(body["errors"]["json"]) == {"role", "colour"}


def test_429_rate_limit_per_key(tmp_path):
    app = make_test_app(tmp_path, RATE_LIMIT="3 per minute")
    client = app.test_client()
    from riskscreen.store.keys import create_key

    with app.extensions["riskscreen.store"].transaction() as session:
        _, first = create_key(session, tenant_name="a", role="partner")
        _, second = create_key(session, tenant_name="b", role="partner")
    statuses = [client.get("/v1/me", headers={"Authorization": f"Bearer {first}"}).status_code
                for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert_envelope(client.get("/v1/me", headers={"Authorization": f"Bearer {first}"}), 429)
    # another key has its own budget, and probes are never limited
    assert client.get("/v1/me", headers={"Authorization": f"Bearer {second}"}).status_code == 200
    assert all(client.get("/health").status_code == 200 for _ in range(5))


def test_rate_limits_hold_and_requests_are_served_while_redis_is_down(tmp_path, riskscreen_logs):
    # A shared counter store that cannot be reached (no server at this socket) used to turn
    # every request into a 500; now each process counts the limit in memory meanwhile.
    app = make_test_app(tmp_path, RATE_LIMIT="3 per minute",
                        RATE_LIMIT_STORAGE_URL="redis+unix:///nonexistent/redis.sock")
    client = app.test_client()
    from riskscreen.store.keys import create_key

    with app.extensions["riskscreen.store"].transaction() as session:
        _, secret = create_key(session, tenant_name="a", role="partner")
    auth = {"Authorization": f"Bearer {secret}"}
    with riskscreen_logs.at_level(logging.WARNING):
        statuses = [client.get("/v1/me", headers=auth).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert any("falling back to in-memory" in r.getMessage() for r in riskscreen_logs.records)


def test_503_with_retry_after_while_the_store_cannot_be_reached(tmp_path, riskscreen_logs):
    app = make_test_app(tmp_path, DATABASE_URL="")  # SQLite, so the test can take it away
    client = app.test_client()
    store = app.extensions["riskscreen.store"]
    with store.transaction() as session:
        from riskscreen.store.keys import create_key

        _, secret = create_key(session, tenant_name="a", role="partner")
    auth = {"Authorization": f"Bearer {secret}"}
    body = {"text": "Warehouse staff wanted; the employer pays all recruitment costs."}
    assert client.post("/v1/screen/job-ads", json=body, headers=auth).status_code == 200

    with store_taken_away(app):
        with riskscreen_logs.at_level(logging.WARNING, logger="riskscreen.errors"):
            response = client.post("/v1/screen/job-ads", json=body, headers=auth)
        error = assert_envelope(response, 503)
        # at least our 5 s (Flask-Limiter raises it to the end of the rate-limit window)
        assert int(response.headers["Retry-After"]) >= 5
        assert "try again" in error["message"]
        assert any("store unavailable" in r.getMessage() for r in riskscreen_logs.records)
        assert client.get("/health").status_code == 200  # the process itself is fine
    assert client.post("/v1/screen/job-ads", json=body, headers=auth).status_code == 200


def test_a_schema_that_does_not_match_the_code_is_a_500_not_a_503(tmp_path, riskscreen_logs):
    # sqlite3 raises OperationalError for a missing table too: that is a bug to see, not an
    # outage to retry
    app = make_test_app(tmp_path, DATABASE_URL="")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    store = app.extensions["riskscreen.store"]
    from sqlalchemy import text

    from riskscreen.store.keys import create_key

    with store.transaction() as session:
        _, secret = create_key(session, tenant_name="a", role="partner")
    with store.begin() as connection:
        connection.execute(text("DROP TABLE screening_indicators"))
    with riskscreen_logs.at_level(logging.ERROR, logger="riskscreen.errors"):
        response = app.test_client().post(
            "/v1/screen/job-ads", json={"text": "Passports are kept by the company."},
            headers={"Authorization": f"Bearer {secret}"})
    assert_envelope(response, 500)
    assert any("unhandled error" in r.getMessage() and "SQLITE_ERROR" in r.getMessage()
               for r in riskscreen_logs.records)


@pytest.fixture
def failing_app(tmp_path) -> Flask:
    app = make_test_app(tmp_path)
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():  # pragma: no cover - body only raises
        raise RuntimeError("secret detail that must not leak")

    return app


def test_500_hides_the_exception(failing_app):
    client: FlaskClient = failing_app.test_client()
    response = client.get("/boom")
    body = assert_envelope(response, 500)
    assert "secret detail" not in response.get_data(as_text=True)
    assert "RuntimeError" not in body["message"]


def test_in_memory_rate_limits_start_no_thread_per_request(tmp_path):
    app = make_test_app(tmp_path, RATE_LIMIT="1000 per minute")
    storage = app.extensions["riskscreen.limiter"].storage
    assert isinstance(storage, SweepingMemoryStorage)
    client = app.test_client()
    client.get("/v1/me")
    before = threading.active_count()
    for _ in range(50):
        client.get("/v1/me")
    assert threading.active_count() <= before
    storage.incr("gone", expiry=0.01)
    time.sleep(0.02)
    storage._next_sweep = 0.0  # the next count sweeps expired keys
    storage.incr("other", expiry=60)
    assert "gone" not in storage.storage and storage.get("other") == 1
