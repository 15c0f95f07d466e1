"""POST /v1/supplier-lists: forgiving reading, strict errors, tenants apart, decisions reused."""

from __future__ import annotations

import codecs
import json

import pytest

from tests.api.supplier_helpers import CSV, add_entities, results, upload
from tests.conftest import make_test_app
from tests.suppliers.helpers import xlsx


@pytest.fixture
def app(tmp_path):
    app = make_test_app(tmp_path, JOB_EXECUTOR="sync", JOB_CHUNK_ROWS=2,
                        MAX_UPLOAD_BYTES=20000)
    add_entities(app)
    return app


@pytest.fixture
def acme(make_key):
    return make_key("acme", "partner")["auth"]


def test_upload_answers_202_and_the_job_screens_every_row_in_order(client, acme):
    response = upload(client, acme, CSV.encode("cp1252"))
    assert response.status_code == 202
    body = response.get_json()
    assert set(body) >= {"job_id", "list_id"}
    assert body["encoding"] == "cp1252" and body["delimiter"] == ";"
    assert body["columns"] == {"name": "Supplier Name", "country": "Country",
                               "goods": "Product", "spend": "Annual Spend",
                               "audit_findings": "Audit findings"}
    job = client.get(f"/v1/jobs/{body['job_id']}", headers=acme).get_json()
    assert job["status"] == "done"
    assert job["progress"] == {"done": 5, "total": 5}
    rows = results(client, acme, body["job_id"]).get_json()
    assert rows["total"] == 5
    assert [(r["row"], r["status"]) for r in rows["results"]] == [
        (2, "ok"), (3, "ok"), (4, "error"), (5, "ok"), (6, "ok")]
    assert rows["results"][1]["name"] == "Café Lumière"
    assert rows["results"][1]["goods"] == ["garments"]
    bad = rows["results"][2]
    assert {(i["row"], i["column"]) for i in bad["issues"]} == {
        (4, "Supplier Name"), (4, "Country"), (4, "Annual Spend")}
    summary = job["summary"]
    assert summary["by_status"] == {"ok": 4, "error": 1}
    assert summary["goods_mapping"]["tee shirts"] == ["garments"]
    assert summary["goods_unmapped"] == {"widgets": 1}
    assert {(i["row"], i["field"]) for i in summary["row_errors"]} == {
        (4, "name"), (4, "country"), (4, "spend")}
    assert summary["reference"][0]["edition"]


def test_first_supplier_matches_the_entity_list_and_reasons_add_up(client, acme):
    job_id = upload(client, acme, CSV.encode()).get_json()["job_id"]
    first = results(client, acme, job_id).get_json()["results"][0]
    assert first["country"] == "CN"
    assert [(m["entity_id"], m["status"]) for m in first["entity_matches"]] == [
        ("demo:e1", "match")]
    assert sum(r["contribution"] for r in first["reasons"]) == pytest.approx(first["logit"])
    assert first["band"] in {"high", "critical"}


@pytest.mark.parametrize("encode", [
    lambda text: codecs.BOM_UTF8 + text.encode(),
    lambda text: text.encode("utf-16"),
    lambda text: text.replace(";", "\t").encode(),
    lambda text: text.replace(";", ",").replace("1.200,50", "1200.50").encode(),
])
def test_encodings_and_separators_over_http(client, acme, encode):
    job_id = upload(client, acme, encode(CSV)).get_json()["job_id"]
    rows = results(client, acme, job_id).get_json()["results"]
    assert [r["name"] for r in rows][:2] == ["Northwind Cotton Spinning Limited", "Café Lumière"]


def test_xlsx_upload(client, acme):
    data = xlsx([["Vendor", "Country Code", "Goods", "Spend"],
                 ["Silverleaf Glove Manufacturing", "MY", "gloves", 1000],
                 ["Dhaka Knit", "BGD", "apparel", 12.5]])
    response = upload(client, acme, data, "list.xlsx")
    assert response.status_code == 202
    assert response.get_json()["format"] == "xlsx"
    rows = results(client, acme, response.get_json()["job_id"]).get_json()["results"]
    assert [(r["row"], r["country"], r["goods"]) for r in rows] == [
        (2, "MY", ["gloves"]), (3, "BD", ["garments"])]


def test_explicit_mapping(client, acme):
    data = b"Trade name,Legal entity,Origin\nX,Silverleaf Glove Manufacturing,Malaysia\n"
    mapping = json.dumps({"name": "legal entity", "country": "Origin"})
    response = upload(client, acme, data, mapping=mapping)
    assert response.status_code == 202
    assert response.get_json()["unused_columns"] == ["Trade name"]
    rows = results(client, acme, response.get_json()["job_id"]).get_json()["results"]
    assert rows[0]["name"] == "Silverleaf Glove Manufacturing"


@pytest.mark.parametrize("data,filename,mapping,status,needle", [
    (b"%PDF-1.4 ...", "x.pdf", None, 415, "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "x.xls", None, 415, ".xls"),
    (b"PK\x03\x04broken", "x.xlsx", None, 422, "XLSX"),
    (b"Supplier,Product\nAcme,cotton\n", "x.csv", None, 422, "country"),
    (b"Country,Product\nUS,cotton\n", "x.csv", None, 422, "name"),
    (b"name,country\nA,US\n", "x.csv", "{not json", 422, "mapping"),
    (b"name,country\nA,US\n", "x.csv", '{"name": "Company"}', 422, "mapping"),
    (b"", "x.csv", None, 422, "empty"),
])
def test_unreadable_uploads_get_the_envelope(client, acme, data, filename, mapping, status,
                                            needle):
    response = upload(client, acme, data, filename, mapping)
    assert response.status_code == status
    body = response.get_json()
    assert body["code"] == status and needle in json.dumps(body)
    assert client.get("/v1/supplier-lists", headers=acme).get_json() == []  # nothing stored


def test_a_file_over_the_upload_limit_is_413(client, acme):
    data = b"name,country\n" + b"Acme Co,US\n" * 3000
    assert upload(client, acme, data).status_code == 413


def test_upload_needs_a_file_field_and_multipart(client, acme):
    response = client.post("/v1/supplier-lists", headers=acme, data={"other": "x"},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    response = client.post("/v1/supplier-lists", headers=acme, json={"file": "x"})
    assert response.status_code == 415
    assert upload(client, {}, b"name,country\nA,US\n").status_code == 401


def test_lists_are_listed_and_read_per_tenant(client, make_key, acme):
    body = upload(client, acme, CSV.encode()).get_json()
    other = make_key("other", "partner")["auth"]
    listed = client.get("/v1/supplier-lists", headers=acme).get_json()
    assert [(x["list_id"], x["job_ids"]) for x in listed] == [(body["list_id"],
                                                               [body["job_id"]])]
    assert client.get("/v1/supplier-lists", headers=other).get_json() == []
    assert client.get(f"/v1/supplier-lists/{body['list_id']}", headers=acme).status_code == 200
    assert client.get(f"/v1/supplier-lists/{body['list_id']}", headers=other).status_code == 404


def test_another_tenants_job_results_and_downloads_are_404(client, make_key, acme):
    job_id = upload(client, acme, CSV.encode()).get_json()["job_id"]
    for role in ("partner", "analyst"):
        other = make_key("other", role)["auth"]
        for path in ("", "/results", "/results.csv", "/results.xlsx"):
            assert client.get(f"/v1/jobs/{job_id}{path}", headers=other).status_code == 404
        assert client.post(f"/v1/jobs/{job_id}/cancel", headers=other).status_code == 404
    admin = make_key("ops", "admin")["auth"]
    assert client.get(f"/v1/jobs/{job_id}", headers=admin).status_code == 200


NEAR = b"name,country\nSilverleap Glove Mfg,Malaysia\nNorthwind Cotton Spinning Ltd,China\n"


def matches_of(client, auth, data=NEAR):
    job_id = upload(client, auth, data).get_json()["job_id"]
    rows = results(client, auth, job_id).get_json()["results"]
    return [[(m["entity_id"], m["status"]) for m in r["entity_matches"]] for r in rows]


def decide(client, auth, name, entity, decision):
    return client.post("/v1/entity-matches/decisions", headers=auth,
                       json={"supplier_name": name, "entity_id": entity, "decision": decision})


def test_decisions_are_reused_on_the_next_upload_of_the_same_tenant_only(client, make_key,
                                                                         acme):
    assert matches_of(client, acme) == [[("demo:e2", "review")], [("demo:e1", "match")]]
    analyst = make_key("acme", "analyst")["auth"]
    assert decide(client, analyst, "SILVERLEAP GLOVE MFG SDN BHD", "demo:e2",
                  "confirm").status_code == 201
    assert decide(client, acme, "Northwind Cotton Spinning Ltd", "demo:e1",
                  "reject").status_code == 201
    assert matches_of(client, acme) == [[("demo:e2", "confirmed")], [("demo:e1", "rejected")]]
    other = make_key("other", "partner")["auth"]
    assert matches_of(client, other) == [[("demo:e2", "review")], [("demo:e1", "match")]]
    listed = client.get("/v1/entity-matches/decisions", headers=acme).get_json()
    assert {(d["supplier_name"], d["decision"]) for d in listed} == {
        ("glove mfg silverleap", "confirm"), ("cotton northwind spinning", "reject")}
    assert client.get("/v1/entity-matches/decisions", headers=other).get_json() == []


def test_a_confirmed_pair_raises_the_score_and_a_rejected_one_lowers_it(client, acme):
    data = b"name,country\nSilverleap Glove Mfg,Germany\n"

    def score():
        job_id = upload(client, acme, data).get_json()["job_id"]
        return results(client, acme, job_id).get_json()["results"][0]["score"]

    review = score()
    decide(client, acme, "Silverleap Glove Mfg", "demo:e2", "confirm")
    confirmed = score()
    decide(client, acme, "Silverleap Glove Mfg", "demo:e2", "reject")
    rejected = score()
    assert confirmed > review > rejected


def test_decisions_validate_and_need_partner_or_analyst(client, make_key, acme):
    assert decide(client, acme, "x", "demo:e1", "maybe").status_code == 422
    unknown = decide(client, acme, "x", "demo:nope", "confirm")
    assert unknown.status_code == 422 and "entity_id" in unknown.get_json()["errors"]["json"]
    admin = make_key("ops", "admin")["auth"]
    assert decide(client, admin, "x", "demo:e1", "confirm").status_code == 403
