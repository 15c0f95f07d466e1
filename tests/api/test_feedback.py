"""Feedback on screenings: labels kept per tenant, and a labelled set only where texts exist."""

from __future__ import annotations

from riskscreen.store.models import Tenant
from tests.analyst_support import (
    FALSE_POSITIVE,
    RISKY,
)


def screen(api, auth, text=FALSE_POSITIVE) -> str:
    response = api.post("/v1/screen/job-ads", headers=auth, json={"text": text})
    return str(response.get_json()["results"][0]["screening_id"])


def test_a_partner_labels_its_own_screening(api, keys):
    partner = keys("acme", "partner")
    sid = screen(api, partner["auth"])
    response = api.post(f"/v1/screenings/{sid}/feedback", headers=partner["auth"],
                        json={"label": "not_risky", "note": "an accounting firm's fees"})
    assert response.status_code == 201
    feedback = response.get_json()
    assert feedback["label"] == "not_risky" and feedback["screening_id"] == sid
    assert feedback["screened_indicators"] == ["recruitment_fees"]
    assert feedback["has_text"] is False  # acme does not retain texts and sent none
    listed = api.get(f"/v1/screenings/{sid}/feedback", headers=partner["auth"]).get_json()
    assert [f["id"] for f in listed["items"]] == [feedback["id"]]


def test_another_tenant_gets_404(api, keys):
    acme, other = keys("acme", "partner"), keys("other", "analyst")
    sid = screen(api, acme["auth"])
    body = {"label": "risk_confirmed"}
    assert api.post(f"/v1/screenings/{sid}/feedback", headers=other["auth"],
                    json=body).status_code == 404
    assert api.get(f"/v1/screenings/{sid}/feedback", headers=other["auth"]).status_code == 404
    api.post(f"/v1/screenings/{sid}/feedback", headers=acme["auth"], json=body)
    assert api.get("/v1/feedback", headers=other["auth"]).get_json()["total"] == 0
    assert api.get("/v1/feedback", headers=acme["auth"]).get_json()["total"] == 1
    admin = keys("ops", "admin")
    assert api.get("/v1/feedback", headers=admin["auth"]).get_json()["total"] == 1


def test_the_text_sent_must_be_the_screened_text(api, keys):
    auth = keys()["auth"]
    sid = screen(api, auth)
    wrong = api.post(f"/v1/screenings/{sid}/feedback", headers=auth,
                     json={"label": "not_risky", "text": "something else"})
    assert wrong.status_code == 422 and "text" in wrong.get_json()["errors"]["json"]
    right = api.post(f"/v1/screenings/{sid}/feedback", headers=auth,
                     json={"label": "not_risky", "text": FALSE_POSITIVE})
    assert right.status_code == 201 and right.get_json()["has_text"] is True


def test_bad_labels_and_indicators_are_named(api, keys):
    auth = keys()["auth"]
    sid = screen(api, auth)
    bad_label = api.post(f"/v1/screenings/{sid}/feedback", headers=auth, json={"label": "meh"})
    assert bad_label.status_code == 422 and "label" in bad_label.get_json()["errors"]["json"]
    bad_indicator = api.post(f"/v1/screenings/{sid}/feedback", headers=auth, json={
        "label": "risk_confirmed", "indicators": ["recruitment_fees", "made_up"]})
    assert bad_indicator.status_code == 422
    assert "indicators.1" in bad_indicator.get_json()["errors"]["json"]
    assert api.post("/v1/screenings/nope/feedback", headers=auth,
                    json={"label": "not_risky"}).status_code == 404


def test_feedback_becomes_a_labelled_set_where_texts_exist(analyst_app, api, keys):
    """Retained texts and texts sent with feedback join backtests; others are only counted."""
    with analyst_app.extensions["riskscreen.store"].transaction() as session:
        session.add(Tenant(name="keeper", retain_text=True))
    keeper, forgetful = keys("keeper", "analyst"), keys("acme", "analyst")
    kept = screen(api, keeper["auth"], RISKY)
    api.post(f"/v1/screenings/{kept}/feedback", headers=keeper["auth"], json={
        "label": "risk_confirmed", "indicators": ["recruitment_fees", "retention_of_documents"]})
    backtest = api.post("/v1/backtests", headers=keeper["auth"],
                        json={"data": ["feedback"]}).get_json()
    assert backtest["data"]["feedback"] == 1 and backtest["data"]["feedback_without_text"] == 0
    indicators = {i["indicator"]: i for i in backtest["report"]["indicators"]}
    assert indicators["retention_of_documents"]["tp"] == 1
    assert indicators["hidden_employer"]["fp"] == 1  # the reviewer did not confirm it

    lost = screen(api, forgetful["auth"])
    api.post(f"/v1/screenings/{lost}/feedback", headers=forgetful["auth"],
             json={"label": "not_risky"})
    response = api.post("/v1/backtests", headers=forgetful["auth"], json={"data": ["feedback"]})
    assert response.status_code == 422  # no text: nothing to run on
