"""Ruleset versions: created from accepted drafts, immutable, activated and rolled back, and
picked up by another app instance (another worker) on the same database without a restart."""

from __future__ import annotations

from pathlib import Path

from tests.analyst_support import (
    FALSE_POSITIVE,
    FIXED_FEES_RULE,
    RULES,
    analyst_config,
    key_maker,
)
from tests.conftest import make_test_app


def accepted_draft(api, auth, rule=FIXED_FEES_RULE) -> str:
    draft = api.post("/v1/rules/drafts", headers=auth, json={"rule": rule}).get_json()
    api.post(f"/v1/rules/drafts/{draft['id']}/accept", headers=auth)
    return str(draft["id"])


def test_the_rules_folder_is_the_first_version(api, keys):
    listed = api.get("/v1/rulesets", headers=keys()["auth"]).get_json()
    assert listed["total"] == 1
    [first] = listed["items"]
    assert first["active"] and first["created_by"] == "import"
    assert listed["active"] == first["version"]
    from riskscreen.engine.rules import load_ruleset
    assert first["version"] == load_ruleset(RULES).version


def test_create_a_version_from_accepted_drafts(api, keys):
    auth = keys()["auth"]
    draft_id = accepted_draft(api, auth)
    response = api.post("/v1/rulesets", headers=auth, json={"note": "fees fix"})
    assert response.status_code == 201
    version = response.get_json()
    assert not version["active"] and version["diff"] == {"added": [], "removed": [],
                                                         "changed": ["fees_terms"]}
    assert version["changes"]["drafts"] == [draft_id]
    draft = api.get(f"/v1/rules/drafts/{draft_id}", headers=auth).get_json()
    assert draft["status"] == "included" and draft["included_in"] == version["version"]
    rule = api.get(f"/v1/rules/fees_terms?version={version['version']}", headers=auth).get_json()
    assert "service fee" not in rule["definition"]["patterns"][0]["phrases"]
    # an included draft is final
    assert api.post(f"/v1/rules/drafts/{draft_id}/reject", headers=auth).status_code == 409


def test_same_content_is_the_same_version(api, keys):
    auth = keys()["auth"]
    accepted_draft(api, auth)
    first = api.post("/v1/rulesets", headers=auth, json={}).get_json()
    accepted_draft(api, auth)
    again = api.post("/v1/rulesets", headers=auth, json={})
    assert again.status_code == 200 and again.get_json()["version"] == first["version"]


def test_remove_a_rule(api, keys):
    auth = keys()["auth"]
    created = api.post("/v1/rulesets", headers=auth, json={"remove": ["hidden_employer"]})
    assert created.status_code == 201
    assert created.get_json()["diff"]["removed"] == ["hidden_employer"]


def test_nothing_to_change_or_bad_drafts_are_422(api, keys):
    auth = keys()["auth"]
    empty = api.post("/v1/rulesets", headers=auth, json={})
    assert empty.status_code == 422 and "drafts" in empty.get_json()["errors"]["json"]
    proposed = api.post("/v1/rules/drafts", headers=auth,
                        json={"rule": FIXED_FEES_RULE}).get_json()
    response = api.post("/v1/rulesets", headers=auth, json={"drafts": [proposed["id"]]})
    assert response.status_code == 422 and "drafts[0]" in response.get_json()["errors"]["json"]
    unknown_base = api.post("/v1/rulesets", headers=auth, json={"base": "rules-x"})
    assert unknown_base.status_code == 422


def test_activate_and_roll_back_with_audit(api, keys):
    analyst, admin = keys(), keys("ops", "admin")
    auth = analyst["auth"]
    first = api.get("/v1/rulesets", headers=auth).get_json()["active"]
    accepted_draft(api, auth)
    new = api.post("/v1/rulesets", headers=auth, json={}).get_json()["version"]

    activated = api.post(f"/v1/rulesets/{new}/activate", headers=auth).get_json()
    assert activated == {"active": new, "previous": first}
    screened = api.post("/v1/screen/job-ads", headers=auth, json={"text": FALSE_POSITIVE})
    assert screened.get_json()["results"][0]["versions"]["ruleset"] == new

    rolled = api.post("/v1/rulesets/rollback", headers=auth).get_json()
    assert rolled == {"active": first, "previous": new}
    screened = api.post("/v1/screen/job-ads", headers=auth, json={"text": FALSE_POSITIVE})
    assert screened.get_json()["results"][0]["versions"]["ruleset"] == first
    assert api.post("/v1/rulesets/rollback", headers=auth).status_code == 409

    events = api.get("/v1/audit-log", headers=admin["auth"]).get_json()
    ours = [(e["action"], e["target_id"], e["actor"]) for e in events
            if e["action"].startswith("ruleset.")]
    assert ours[:3] == [("ruleset.rollback", first, analyst["key_id"]),
                        ("ruleset.activate", new, analyst["key_id"]),
                        ("ruleset.create", new, analyst["key_id"])]


def test_unknown_versions_and_roles(api, keys):
    auth = keys()["auth"]
    assert api.post("/v1/rulesets/rules-000000000000/activate", headers=auth).status_code == 404
    assert api.get("/v1/rulesets/rules-000000000000", headers=auth).status_code == 404
    partner = keys("acme", "partner")["auth"]
    for path in ("/v1/rulesets", "/v1/rulesets/rollback"):
        assert api.post(path, headers=partner, json={}).status_code == 403
    assert api.get("/v1/rulesets", headers=partner).status_code == 403


def test_another_worker_uses_an_activation_without_a_restart(tmp_path: Path):
    """Two app instances on one database stand for two gunicorn workers."""
    worker_a = make_test_app(tmp_path, **analyst_config(tmp_path))
    worker_b = make_test_app(tmp_path, **analyst_config(tmp_path))
    client_a, client_b = worker_a.test_client(), worker_b.test_client()
    auth = key_maker(worker_a)()["auth"]

    before = client_b.post("/v1/screen/job-ads", headers=auth, json={"text": FALSE_POSITIVE})
    old = before.get_json()["results"][0]
    assert "recruitment_fees" in [i["id"] for i in old["indicators"]]

    accepted_draft(client_a, auth)
    new = client_a.post("/v1/rulesets", headers=auth, json={}).get_json()["version"]
    assert client_a.post(f"/v1/rulesets/{new}/activate", headers=auth).status_code == 200

    after = client_b.post("/v1/screen/job-ads", headers=auth, json={"text": FALSE_POSITIVE})
    answer = after.get_json()["results"][0]
    assert answer["versions"]["ruleset"] == new
    assert answer["indicators"] == [] and answer["score"] < old["score"]


def test_a_new_rules_folder_is_stored_but_not_activated(tmp_path: Path):
    """After the first start, activations belong to analysts: a changed folder is only stored."""
    import shutil

    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    app = make_test_app(tmp_path, **analyst_config(tmp_path, RULES_PATH=str(folder)))
    auth = key_maker(app)()["auth"]
    client = app.test_client()
    first = client.get("/v1/rulesets", headers=auth).get_json()["active"]
    (folder / "hidden_employer.yaml").unlink()
    again = make_test_app(tmp_path, **analyst_config(tmp_path, RULES_PATH=str(folder)))
    listed = again.test_client().get("/v1/rulesets", headers=auth).get_json()
    assert listed["total"] == 2 and listed["active"] == first


def test_a_draft_written_on_an_older_version_may_not_undo_a_change(api, keys):
    auth = keys()["auth"]
    stale = api.post("/v1/rules/drafts", headers=auth,
                     json={"rule": {**FIXED_FEES_RULE, "weight": 1.5}}).get_json()
    first = accepted_draft(api, auth)  # another change to fees_terms, activated first
    newer = api.post("/v1/rulesets", headers=auth, json={"drafts": [first]}).get_json()
    api.post(f"/v1/rulesets/{newer['version']}/activate", headers=auth)
    api.post(f"/v1/rules/drafts/{stale['id']}/accept", headers=auth)
    response = api.post("/v1/rulesets", headers=auth, json={"drafts": [stale["id"]]})
    assert response.status_code == 422
    assert "changed between" in response.get_json()["errors"]["json"]["drafts[0]"][0]
