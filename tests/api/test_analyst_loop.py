"""The analyst loop, over HTTP alone: a false positive found through feedback, the rule that
caused it changed, the change backtested against the active version, activated, used by the
next screening, and rolled back."""

from __future__ import annotations

import yaml

from tests.analyst_support import (
    FALSE_POSITIVE,
    LABELLED,
    jsonl,
)


def test_the_analyst_loop(api, keys):
    partner, analyst, admin = keys("acme", "partner"), keys("acme", "analyst"), keys("ops", "admin")

    # 1. A partner screens an ad; it comes back medium for a "service fee". They say so.
    screened = api.post("/v1/screen/job-ads", headers=partner["auth"],
                        json={"text": FALSE_POSITIVE}).get_json()["results"][0]
    assert screened["band"] == "medium"
    assert [r["rule_id"] for r in screened["reasons"] if r["source"] == "rule"] == ["fees_terms"]
    active = screened["versions"]["ruleset"]
    feedback = api.post(f"/v1/screenings/{screened['screening_id']}/feedback",
                        headers=partner["auth"],
                        json={"label": "not_risky", "text": FALSE_POSITIVE,
                              "note": "an accountant's fees, not a recruitment fee"})
    assert feedback.status_code == 201

    # 2. The analyst of the tenant finds it, and a backtest on the feedback names the rule.
    found = api.get("/v1/feedback?label=not_risky", headers=analyst["auth"]).get_json()
    assert found["items"][0]["screened_indicators"] == ["recruitment_fees"]
    on_feedback = api.post("/v1/backtests", headers=analyst["auth"],
                           json={"data": ["feedback"]}).get_json()
    culprits = [r["rule_id"] for r in on_feedback["report"]["rules"] if r["against_label"]]
    assert culprits == ["fees_terms"]

    # 3. The analyst changes the rule: reads it, edits it, tries it, proposes and accepts it.
    rule = api.get("/v1/rules/fees_terms", headers=analyst["auth"]).get_json()
    definition = rule["definition"]
    phrases = definition["patterns"][0]["phrases"]
    definition["patterns"][0]["phrases"] = [p for p in phrases if not p.startswith("service")]
    definition["examples"]["match"] = definition["examples"]["match"][:1]
    definition["examples"]["no_match"].append(FALSE_POSITIVE)
    tried = api.post("/v1/rules/try", headers=analyst["auth"],
                     json={"rule": definition, "text": FALSE_POSITIVE}).get_json()
    assert tried["hits"] == [] and tried["example_failures"] == {}
    draft = api.post("/v1/rules/drafts", headers=analyst["auth"],
                     json={"yaml": yaml.safe_dump(definition, sort_keys=False),
                           "note": "service fees are not recruitment fees"}).get_json()
    api.post(f"/v1/rules/drafts/{draft['id']}/accept", headers=analyst["auth"])
    candidate = api.post("/v1/rulesets", headers=analyst["auth"],
                         json={"note": "fees_terms without service fees"}).get_json()["version"]

    # 4. Backtest the change against the active version on the feedback and a labelled upload.
    backtest = api.post("/v1/backtests", headers=analyst["auth"], json={
        "version": candidate, "data": ["feedback", "upload"], "jsonl": jsonl(LABELLED)}).get_json()
    comparison = backtest["comparison"]
    assert comparison["baseline"] == active and comparison["candidate"] == candidate
    fixed = {c["id"]: c for c in comparison["changes"]}
    feedback_id = f"feedback-{feedback.get_json()['id']}"
    assert fixed[feedback_id]["candidate"]["band"] == "low"
    verdict = comparison["verdicts"]["medium_or_above"]
    assert verdict["candidate"]["fp"] < verdict["baseline"]["fp"]

    # 5. Activate it: the next screening uses it.
    assert api.post(f"/v1/rulesets/{candidate}/activate",
                    headers=analyst["auth"]).status_code == 200
    again = api.post("/v1/screen/job-ads", headers=partner["auth"],
                     json={"text": FALSE_POSITIVE}).get_json()["results"][0]
    assert again["versions"]["ruleset"] == candidate
    assert again["band"] == "low" and again["indicators"] == []

    # 6. Roll back: the version before is active again.
    rolled = api.post("/v1/rulesets/rollback", headers=analyst["auth"]).get_json()
    assert rolled == {"active": active, "previous": candidate}
    last = api.post("/v1/screen/job-ads", headers=partner["auth"],
                    json={"text": FALSE_POSITIVE}).get_json()["results"][0]
    assert last["versions"]["ruleset"] == active and last["band"] == "medium"

    # Every change is in the audit log, with who.
    events = api.get("/v1/audit-log", headers=admin["auth"]).get_json()
    trail = [(e["action"], e["actor"]) for e in reversed(events)
             if e["action"].startswith(("rule.", "ruleset."))]
    assert trail == [("ruleset.create", "import"), ("ruleset.activate", "import")] + [
        (action, analyst["key_id"]) for action in ("rule.draft", "rule.draft_accept",
                                                   "ruleset.create", "ruleset.activate",
                                                   "ruleset.rollback")]
