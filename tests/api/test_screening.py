"""POST /v1/screen/job-ads and /v1/screen/audits; GET /v1/screenings."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskscreen.store.models import Tenant

RISKY_AD = ("Factory workers wanted in Malaysia. Each worker pays a recruitment fee of USD 1,500 "
            "before departure. The company keeps your passport during the contract.")
CLEAN_AD = ("Hillside Hospital, Leeds, is hiring a staff nurse. Salary GBP 32,000 a year, "
            "37.5 hours a week. Apply through our careers page.")


@pytest.fixture
def partner(make_key):
    return make_key("acme", "partner")


def screen(client, key, body, path="/v1/screen/job-ads", **query):
    return client.post(path, headers=key["auth"], json=body, query_string=query)


def test_one_job_ad_gets_score_band_reasons_advice_and_versions(client, partner):
    response = screen(client, partner, {"id": "ad-1", "text": RISKY_AD})
    assert response.status_code == 200
    [answer] = response.get_json()["results"]
    assert answer["id"] == "ad-1"
    assert 0 <= answer["score"] <= 100
    assert answer["band"] in {"low", "medium", "high", "critical"}
    found = {i["id"] for i in answer["indicators"]}
    assert {"recruitment_fees", "retention_of_documents"} <= found
    assert {a["indicator"] for a in answer["advice"]} == found
    assert all(a["advice"] for a in answer["advice"])
    assert answer["versions"]["ruleset"].startswith("rules-") and answer["versions"]["model"]
    assert sum(r["contribution"] for r in answer["reasons"]) == pytest.approx(answer["logit"])
    for reason in answer["reasons"]:
        for span in reason["spans"]:
            assert RISKY_AD[span["start"]:span["end"]] == span["evidence"]
    assert "trace" not in answer or answer["trace"] is None


def test_a_list_is_answered_in_order(client, partner):
    documents = [{"id": str(i), "text": text} for i, text in enumerate([CLEAN_AD, RISKY_AD] * 3)]
    results = screen(client, partner, {"documents": documents}).get_json()["results"]
    assert [r["id"] for r in results] == [d["id"] for d in documents]
    assert results[1]["score"] > results[0]["score"]


def test_structured_fields_feed_field_conditions(client, partner):
    plain = screen(client, partner, {"text": CLEAN_AD}).get_json()["results"][0]
    long_hours = screen(client, partner, {"text": CLEAN_AD, "hours_per_week": 84}).get_json()
    answer = long_hours["results"][0]
    assert "excessive_overtime" in {i["id"] for i in answer["indicators"]}
    assert answer["score"] > plain["score"]
    field_reason = next(r for r in answer["reasons"] if r["indicator"] == "excessive_overtime")
    assert field_reason["spans"] == [] and "84" in field_reason["detail"]["field"]


def test_explain_full_gives_the_whole_trace(client, partner):
    text = RISKY_AD + " No recruitment fees are charged to drivers."
    answer = screen(client, partner, {"text": text}, explain="full").get_json()["results"][0]
    trace = answer["trace"]
    assert trace["hits"] and trace["log_odds"]["total"] == pytest.approx(answer["logit"])
    assert any(s["cue"].lower() == "no" for s in trace["suppressed"])


def test_audits_are_screened_with_audit_fields(client, partner):
    body = {"text": "Passports of migrant workers were held by the HR office. Workers work "
                    "7 days a week with no rest day.", "supplier_name": "Acme Garments Ltd",
            "sector": "garments", "audit_date": "2026-03-01", "country": "MY"}
    answer = screen(client, partner, body, path="/v1/screen/audits").get_json()["results"][0]
    assert answer["kind"] == "audit"
    assert "retention_of_documents" in {i["id"] for i in answer["indicators"]}


@pytest.mark.parametrize("body,where", [
    ({"text": ""}, "text"),
    ({"txt": RISKY_AD}, "txt"),
    ({"text": RISKY_AD, "hours_per_week": -3}, "hours_per_week"),
    ({"text": RISKY_AD, "wage": {"amount": 100, "currency": "usd", "period": "month"}}, "wage"),
    ({"documents": []}, "documents"),
    ({"text": RISKY_AD, "language": "xx"}, "language"),
])
def test_bad_documents_are_422_naming_the_field(client, partner, body, where):
    response = screen(client, partner, body)
    assert response.status_code == 422
    assert where in str(response.get_json()["errors"])


def test_batch_limit_is_configurable(tmp_path):
    from riskscreen.store.keys import create_key
    from tests.conftest import make_test_app

    app = make_test_app(tmp_path, BATCH_LIMIT=2)
    with app.extensions["riskscreen.store"].transaction() as session:
        _, key = create_key(session, tenant_name="acme", role="partner")
    response = app.test_client().post(
        "/v1/screen/job-ads", headers={"Authorization": f"Bearer {key}"},
        json={"documents": [{"text": CLEAN_AD}] * 3})
    assert response.status_code == 422
    assert "At most 2" in str(response.get_json()["errors"])


def test_results_are_stored_without_the_text_by_default(client, partner, app):
    marker = "Quillfeather-7731"  # a word only this text holds (rule files are stored too)
    text = f"{RISKY_AD} Ask for {marker}."
    answer = screen(client, partner, {"id": "x", "text": text}).get_json()["results"][0]
    stored = client.get(f"/v1/screenings/{answer['screening_id']}", headers=partner["auth"])
    row = stored.get_json()
    assert row["score"] == pytest.approx(answer["score"]) and row["band"] == answer["band"]
    assert row["text"] is None and len(row["text_sha256"]) == 64
    assert row["ruleset_version"] == answer["versions"]["ruleset"]
    app.extensions["riskscreen.store"].dispose()
    stored_bytes = b"".join(p.read_bytes()
                            for p in Path(app.instance_path).glob("riskscreen.sqlite3*"))
    assert marker.encode() not in stored_bytes


def test_text_is_kept_when_the_tenant_retains_texts(client, partner, app):
    with app.extensions["riskscreen.store"].transaction() as session:
        session.query(Tenant).filter_by(name="acme").update({"retain_text": True})
    answer = screen(client, partner, {"text": RISKY_AD}).get_json()["results"][0]
    row = client.get(f"/v1/screenings/{answer['screening_id']}", headers=partner["auth"])
    assert row.get_json()["text"] == RISKY_AD


def test_listing_filters_pages_and_stays_in_the_tenant(client, partner, make_key):
    other = make_key("other", "partner")
    screen(client, partner, {"documents": [{"text": RISKY_AD}, {"text": CLEAN_AD},
                                           {"text": RISKY_AD}]})
    foreign = screen(client, other, {"text": RISKY_AD}).get_json()["results"][0]

    page = client.get("/v1/screenings?limit=2", headers=partner["auth"]).get_json()
    assert page["total"] == 3 and len(page["items"]) == 2
    rest = client.get("/v1/screenings?limit=2&offset=2", headers=partner["auth"]).get_json()
    assert len(rest["items"]) == 1
    by_indicator = client.get("/v1/screenings?indicator=retention_of_documents",
                              headers=partner["auth"]).get_json()
    assert by_indicator["total"] == 2
    risky_band = by_indicator["items"][0]["band"]
    by_band = client.get(f"/v1/screenings?band={risky_band}", headers=partner["auth"]).get_json()
    assert by_band["total"] >= 2
    later = client.get("/v1/screenings?since=2999-01-01T00:00:00Z", headers=partner["auth"])
    assert later.get_json()["total"] == 0

    assert client.get(f"/v1/screenings/{foreign['screening_id']}",
                      headers=partner["auth"]).status_code == 404
    ids = {i["id"] for i in client.get("/v1/screenings?limit=100",
                                       headers=partner["auth"]).get_json()["items"]}
    assert foreign["screening_id"] not in ids
