"""Rules and indicators over HTTP: reading, drafts validated by field, trying a rule."""

from __future__ import annotations

import pytest
import yaml

from riskscreen.analysis.rulefiles import rule_yaml
from tests.analyst_support import (
    FALSE_POSITIVE,
    FIXED_FEES_RULE,
)


def test_rules_and_indicators_of_the_active_version(api, keys):
    auth = keys()["auth"]
    listed = api.get("/v1/rules", headers=auth).get_json()
    assert listed["version"].startswith("rules-")
    assert [r["id"] for r in listed["rules"]] == ["fees_terms", "hidden_employer",
                                                  "hours_over_60", "passports_kept"]
    rule = api.get("/v1/rules/fees_terms", headers=auth).get_json()
    assert rule["indicator"] == "recruitment_fees" and rule["version"] == listed["version"]
    assert yaml.safe_load(rule["yaml"]) == rule["definition"]
    indicators = api.get("/v1/indicators", headers=auth).get_json()["indicators"]
    by_id = {i["id"]: i for i in indicators}
    assert by_id["recruitment_fees"]["rules"] == ["fees_terms"]
    assert by_id["recruitment_fees"]["remediation"]


def test_unknown_rule_or_version_is_404(api, keys):
    auth = keys()["auth"]
    assert api.get("/v1/rules/nope", headers=auth).status_code == 404
    assert api.get("/v1/rules?version=rules-000000000000", headers=auth).status_code == 404


@pytest.mark.parametrize("method,path,body", [
    ("get", "/v1/rules", None),
    ("get", "/v1/indicators", None),
    ("post", "/v1/rules/drafts", {"rule": FIXED_FEES_RULE}),
    ("post", "/v1/rules/try", {"rule": FIXED_FEES_RULE, "text": "x"}),
])
def test_partners_may_not(api, keys, method, path, body):
    partner = keys("acme", "partner")["auth"]
    response = getattr(api, method)(path, headers=partner, json=body)
    assert response.status_code == 403
    assert response.get_json()["code"] == 403


def test_a_draft_as_json_is_stored_and_audited(api, keys):
    analyst, admin = keys(), keys("ops", "admin")
    response = api.post("/v1/rules/drafts", headers=analyst["auth"],
                        json={"rule": FIXED_FEES_RULE, "note": "service fees are not recruiting"})
    assert response.status_code == 201
    draft = response.get_json()
    assert draft["rule_id"] == "fees_terms" and draft["change"] == "changed"
    assert draft["status"] == "proposed" and yaml.safe_load(draft["yaml"]) == FIXED_FEES_RULE
    listed = api.get("/v1/rules/drafts?status=proposed", headers=analyst["auth"]).get_json()
    assert [d["id"] for d in listed["items"]] == [draft["id"]]
    events = api.get("/v1/audit-log?action=rule.draft", headers=admin["auth"]).get_json()
    assert events[0]["actor"] == analyst["key_id"] and events[0]["target_id"] == "fees_terms"


def test_a_draft_as_yaml_text_keeps_its_text(api, keys):
    text = "# new rule\n" + rule_yaml({**FIXED_FEES_RULE, "id": "fees_agency"})
    draft = api.post("/v1/rules/drafts", headers=keys()["auth"], json={"yaml": text}).get_json()
    assert draft["yaml"] == text and draft["change"] == "new"


@pytest.mark.parametrize("change,field", [
    ({"weight": 9}, "rule.weight"),
    ({"indicator": "no_such_indicator"}, "rule.indicator"),
    ({"colour": "red"}, "rule.colour"),
    ({"patterns": [{"regex": "(?=x)fee"}]}, "rule.patterns[0].regex"),
    ({"examples": {"match": ["Nothing to see."]}}, "rule.examples.match[0]"),
    ({"id": "Bad Id"}, "rule.id"),
])
def test_invalid_drafts_get_422_naming_the_field(api, keys, change, field):
    response = api.post("/v1/rules/drafts", headers=keys()["auth"],
                        json={"rule": {**FIXED_FEES_RULE, **change}})
    assert response.status_code == 422
    body = response.get_json()
    assert set(body) >= {"code", "status", "message", "errors"}
    assert field in body["errors"]["json"], body


def test_invalid_yaml_is_named(api, keys):
    response = api.post("/v1/rules/drafts", headers=keys()["auth"],
                        json={"yaml": "id: fees_terms\ntitle: [unclosed\n"})
    assert response.status_code == 422
    assert "yaml" in response.get_json()["errors"]["json"]


def test_both_or_neither_form_is_422(api, keys):
    auth = keys()["auth"]
    assert api.post("/v1/rules/drafts", headers=auth, json={}).status_code == 422
    both = {"rule": FIXED_FEES_RULE, "yaml": rule_yaml(FIXED_FEES_RULE)}
    assert api.post("/v1/rules/drafts", headers=auth, json=both).status_code == 422


def test_an_unchanged_rule_is_not_a_draft(api, keys):
    auth = keys()["auth"]
    current = api.get("/v1/rules/fees_terms", headers=auth).get_json()["yaml"]
    assert api.post("/v1/rules/drafts", headers=auth, json={"yaml": current}).status_code == 422


def test_try_gives_hits_spans_and_suppressed_hits(api, keys):
    auth = keys()["auth"]
    text = "A placement fee of USD 900 applies. No recruitment fees for drivers."
    result = api.post("/v1/rules/try", headers=auth,
                      json={"rule": FIXED_FEES_RULE, "text": text}).get_json()
    assert result["rule_id"] == "fees_terms" and result["language"] == "en"
    [hit] = result["hits"]
    assert text[hit["start"]:hit["end"]] == hit["evidence"] == "placement fee"
    [suppressed] = result["suppressed"]
    assert suppressed["evidence"] == "recruitment fees" and suppressed["cue"].lower() == "no"
    assert api.post("/v1/rules/try", headers=auth,
                    json={"rule": FIXED_FEES_RULE, "text": FALSE_POSITIVE}).get_json()["hits"] == []
    assert api.get("/v1/rules/drafts", headers=auth).get_json()["total"] == 0  # nothing saved


def test_try_a_stored_draft_and_structured_fields(api, keys):
    auth = keys()["auth"]
    rule = {"id": "hours_over_50", "title": "Over 50 hours", "description": "Hours above 50.",
            "indicator": "excessive_overtime", "status": "test", "weight": 1.0,
            "languages": ["en"], "patterns": [{"field": "hours_per_week", "op": "gt",
                                                "value": 50}],
            "examples": {"match": [{"text": "Apply now.", "fields": {"hours_per_week": 55}}]}}
    draft = api.post("/v1/rules/drafts", headers=auth, json={"rule": rule}).get_json()
    result = api.post("/v1/rules/try", headers=auth, json={
        "draft": draft["id"], "text": "Apply now.", "fields": {"hours_per_week": 52}}).get_json()
    assert [h["rule_id"] for h in result["hits"]] == ["hours_over_50"]
    assert result["hits"][0]["start"] is None


def test_try_reports_failing_examples_without_refusing(api, keys):
    rule = {**FIXED_FEES_RULE, "examples": {"match": ["Nothing to see."]}}
    result = api.post("/v1/rules/try", headers=keys()["auth"],
                      json={"rule": rule, "text": "A placement fee."}).get_json()
    assert list(result["example_failures"]) == ["examples.match[0]"] and result["hits"]


def test_accept_and_reject_drafts(api, keys):
    analyst, admin = keys(), keys("ops", "admin")
    draft = api.post("/v1/rules/drafts", headers=analyst["auth"],
                     json={"rule": FIXED_FEES_RULE}).get_json()
    accepted = api.post(f"/v1/rules/drafts/{draft['id']}/accept", headers=admin["auth"])
    assert accepted.get_json()["status"] == "accepted"
    assert accepted.get_json()["decided_by"] == admin["key_id"]
    rejected = api.post(f"/v1/rules/drafts/{draft['id']}/reject", headers=analyst["auth"])
    assert rejected.get_json()["status"] == "rejected"
    assert api.post("/v1/rules/drafts/nope/accept", headers=analyst["auth"]).status_code == 404
    partner = keys("acme", "partner")["auth"]
    assert api.post(f"/v1/rules/drafts/{draft['id']}/accept", headers=partner).status_code == 403
    events = api.get("/v1/audit-log", headers=admin["auth"]).get_json()
    actions = [e["action"] for e in events if e["action"].startswith("rule.")]
    assert actions == ["rule.draft_reject", "rule.draft_accept", "rule.draft"]
