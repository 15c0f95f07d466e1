"""A partner never reaches another tenant's rows, through any route that takes an id.

Tenant A creates one of everything a partner can own; tenant B's partner then calls every
route with A's ids. The last test fails when a route with an id is added without a decision
here about how tenants are kept apart.
"""

from __future__ import annotations

import pytest

from tests.api.supplier_helpers import CSV, upload
from tests.conftest import make_test_app

RISKY = "Workers pay a recruitment fee of USD 1,500 and the company keeps their passports."

# URL variable -> how tenant A's object is found in the `owned` fixture
TENANT_ROUTES = {
    "/v1/keys/<key_id>": ["GET", "DELETE"],
    "/v1/screenings/<screening_id>": ["GET"],
    "/v1/screenings/<screening_id>/feedback": ["GET", "POST"],
    "/v1/supplier-lists/<list_id>": ["GET"],
    "/v1/jobs/<job_id>": ["GET"],
    "/v1/jobs/<job_id>/cancel": ["POST"],
    "/v1/jobs/<job_id>/results": ["GET"],
    "/v1/jobs/<job_id>/results.csv": ["GET"],
    "/v1/jobs/<job_id>/results.xlsx": ["GET"],
}
# Routes whose ids name shared, non-tenant things (analyst-managed rules and models, docs),
# or tenant rows covered by their own module's tests.
NOT_TENANT_DATA = {
    "/v1/docs-assets/<path:filename>": "static documentation assets",
    "/v1/rules/<rule_id>": "the shared ruleset (analysts)",
    "/v1/rules/drafts/<draft_id>": "rule drafts are shared by analysts (docs/analyst.md)",
    "/v1/rules/drafts/<draft_id>/accept": "rule drafts are shared by analysts",
    "/v1/rules/drafts/<draft_id>/reject": "rule drafts are shared by analysts",
    "/v1/rulesets/<version>": "ruleset versions are shared",
    "/v1/rulesets/<version>/activate": "ruleset versions are shared",
    "/v1/models/<version>": "model versions are shared",
    "/v1/models/<version>/card": "model versions are shared",
    "/v1/models/<version>/compare": "model versions are shared",
    "/v1/models/<version>/plots/<name>": "model versions are shared",
    "/v1/models/<kind>/activate": "model versions are shared",
    "/v1/models/<kind>/rollback": "model versions are shared",
    "/v1/models/jobs/<job_id>": "analyst training jobs: tests/api/test_models_api.py",
}


@pytest.fixture
def app(tmp_path):
    return make_test_app(tmp_path, JOB_EXECUTOR="sync")


@pytest.fixture
def owned(client, make_key):
    """One of everything tenant A's partner can own, and B's partner key."""
    a = make_key("tenant-a", "partner")
    b = make_key("tenant-b", "partner")
    screening = client.post("/v1/screen/job-ads", headers=a["auth"], json={"text": RISKY})
    screening_id = screening.get_json()["results"][0]["screening_id"]
    assert client.post(f"/v1/screenings/{screening_id}/feedback", headers=a["auth"],
                       json={"label": "risk_confirmed"}).status_code in (200, 201)
    uploaded = upload(client, a["auth"], CSV.encode("utf-8"))
    assert uploaded.status_code == 202, uploaded.get_json()
    ids = {"key_id": a["key_id"], "screening_id": screening_id,
           "list_id": uploaded.get_json()["list_id"], "job_id": uploaded.get_json()["job_id"]}
    return {"a": a, "b": b, "ids": ids}


def fill(rule: str, ids: dict[str, str]) -> str:
    for name, value in ids.items():
        rule = rule.replace(f"<{name}>", value)
    return rule


@pytest.mark.parametrize("rule", sorted(TENANT_ROUTES))
def test_other_tenants_partner_gets_404_or_403(client, owned, rule):
    path = fill(rule, owned["ids"])
    for method in TENANT_ROUTES[rule]:
        body = {"label": "not_risky"} if method == "POST" else None
        theirs = client.open(path, method=method, headers=owned["b"]["auth"], json=body)
        assert theirs.status_code in (403, 404), (method, path, theirs.status_code)
        if method == "GET":
            mine = client.get(path, headers=owned["a"]["auth"])
            assert mine.status_code == 200, (path, mine.status_code)


@pytest.mark.parametrize("path,field", [
    ("/v1/keys", None), ("/v1/screenings", "items"), ("/v1/supplier-lists", None),
    ("/v1/feedback", "items"), ("/v1/entity-matches/decisions", None),
])
def test_lists_show_only_the_callers_tenant(client, owned, path, field):
    theirs = client.get(path, headers=owned["b"]["auth"]).get_json()
    rows = theirs[field] if field else theirs
    flat = str(rows)
    for value in owned["ids"].values():
        assert value not in flat, (path, value)


def test_every_route_with_an_id_is_accounted_for(app):
    with_ids = {rule.rule for rule in app.url_map.iter_rules() if rule.arguments}
    unaccounted = with_ids - set(TENANT_ROUTES) - set(NOT_TENANT_DATA)
    assert not unaccounted, f"decide how tenants are kept apart on: {sorted(unaccounted)}"
