"""POST /v1/backtests: a version against the active one on uploaded, corpus or feedback data."""

from __future__ import annotations

from tests.analyst_support import (
    FIXED_FEES_RULE,
    LABELLED,
    jsonl,
)


def new_version(api, auth) -> str:
    draft = api.post("/v1/rules/drafts", headers=auth, json={"rule": FIXED_FEES_RULE}).get_json()
    api.post(f"/v1/rules/drafts/{draft['id']}/accept", headers=auth)
    return str(api.post("/v1/rulesets", headers=auth, json={}).get_json()["version"])


def test_a_version_against_the_active_one_on_an_upload(api, keys):
    auth = keys()["auth"]
    version = new_version(api, auth)
    response = api.post("/v1/backtests", headers=auth, json={
        "version": version, "data": ["upload"], "jsonl": jsonl(LABELLED)})
    assert response.status_code == 200
    body = response.get_json()
    assert body["data"]["records"] == len(LABELLED)
    assert body["report"]["ruleset_version"] == version
    fees = next(r for r in body["report"]["rules"] if r["rule_id"] == "fees_terms")
    assert fees["precision"] == 1.0 and fees["against_label"] == []
    comparison = body["comparison"]
    assert comparison["baseline"] == body["baseline"]["ruleset_version"] != version
    assert {c["id"] for c in comparison["changes"]} == {"t-1", "t-2", "t-4"}


def test_the_active_version_alone_on_the_corpus_test_split(api, keys):
    body = api.post("/v1/backtests", headers=keys()["auth"],
                    json={"data": ["corpus"], "split": "test", "kind": "audit"}).get_json()
    assert body["comparison"] is None and body["data"]["corpus"] == body["data"]["records"] > 0


def test_bad_requests_are_named(api, keys):
    auth = keys()["auth"]
    no_jsonl = api.post("/v1/backtests", headers=auth, json={"data": ["upload"]})
    assert no_jsonl.status_code == 422 and "jsonl" in no_jsonl.get_json()["errors"]["json"]
    bad_line = api.post("/v1/backtests", headers=auth,
                        json={"data": ["upload"], "jsonl": jsonl(LABELLED) + "\n{oops"})
    assert bad_line.status_code == 422
    assert "line 8" in bad_line.get_json()["errors"]["json"]["jsonl"][0]
    unknown = api.post("/v1/backtests", headers=auth, json={"version": "rules-000000000000"})
    assert unknown.status_code == 422 and "version" in unknown.get_json()["errors"]["json"]
    partner = keys("acme", "partner")["auth"]
    assert api.post("/v1/backtests", headers=partner, json={}).status_code == 403
