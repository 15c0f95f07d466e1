"""Rate limits on a real Redis store, shared by two apps as by two replicas of the service.

Collected only beside a Redis server (scripts/with-redis sets RISKSCREEN_TEST_REDIS_URL;
`make test-servers` and CI run them): see collect_ignore in tests/conftest.py.
"""

import os

import pytest

from riskscreen.store.keys import create_key
from tests.conftest import make_test_app

REDIS_URL = os.environ.get("RISKSCREEN_TEST_REDIS_URL", "")
if not REDIS_URL:
    pytest.fail("RISKSCREEN_TEST_REDIS_URL is not set: run these tests through scripts/with-redis",
                pytrace=False)


def test_two_replicas_share_one_budget_per_key(tmp_path):
    # two apps on the same store and the same Redis, as two replicas behind a balancer
    config = {"RATE_LIMIT": "3 per minute", "RATE_LIMIT_STORAGE_URL": REDIS_URL}
    first, second = make_test_app(tmp_path, **config), make_test_app(tmp_path, **config)
    with first.extensions["riskscreen.store"].transaction() as session:
        _, secret = create_key(session, tenant_name="acme", role="partner")
    auth = {"Authorization": f"Bearer {secret}"}
    one, two = first.test_client(), second.test_client()
    statuses = [client.get("/v1/me", headers=auth).status_code for client in (one, two, one)]
    assert statuses == [200, 200, 200]
    assert two.get("/v1/me", headers=auth).status_code == 429
    assert one.get("/v1/me", headers=auth).status_code == 429
    health = one.get("/health")  # probes are neither counted nor limited
    assert health.status_code == 200
    assert "X-RateLimit-Remaining" not in health.headers


def test_counters_live_in_redis_not_in_the_process(tmp_path):
    config = {"RATE_LIMIT": "2 per minute", "RATE_LIMIT_STORAGE_URL": REDIS_URL}
    app = make_test_app(tmp_path, **config)
    with app.extensions["riskscreen.store"].transaction() as session:
        _, secret = create_key(session, tenant_name="acme", role="partner")
    auth = {"Authorization": f"Bearer {secret}"}
    client = app.test_client()
    assert [client.get("/v1/me", headers=auth).status_code for _ in range(2)] == [200, 200]
    # a restarted process (a new app) still finds the budget spent
    again = make_test_app(tmp_path, **config).test_client()
    response = again.get("/v1/me", headers=auth)
    assert response.status_code == 429
    assert response.headers["X-RateLimit-Remaining"] == "0"
