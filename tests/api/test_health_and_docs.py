"""Probes, the OpenAPI document, the offline docs page, request ids and logs."""

import json
import logging

from openapi_spec_validator import validate


def test_health(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_ready_checks_the_database(client, app):
    body = client.get("/ready").get_json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == "ok"
    app.extensions["riskscreen.store"].ping = lambda: False
    response = client.get("/ready")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"] == "down"


def test_openapi_document_validates(client):
    spec = client.get("/v1/openapi.json").get_json()
    validate(spec)
    assert "bearerAuth" in spec["components"]["securitySchemes"]
    assert spec["paths"]["/v1/me"]["get"]["security"] == [{"bearerAuth": []}]
    assert "Error" in spec["components"]["schemas"]


def test_docs_page_uses_local_assets_only(client):
    page = client.get("/v1/docs").get_data(as_text=True)
    assert "/v1/docs-assets/swagger-ui-bundle.js" in page
    assert "http://" not in page and "https://" not in page
    asset = client.get("/v1/docs-assets/swagger-ui-bundle.js")
    assert asset.status_code == 200 and len(asset.data) > 100_000


def test_request_id_is_returned_and_logged_without_secrets(client, make_key, riskscreen_logs):
    caplog = riskscreen_logs
    key = make_key("acme", "partner")
    with caplog.at_level(logging.INFO, logger="riskscreen.requests"):
        response = client.get("/v1/me?email=someone@example.org", headers={
            **key["auth"], "X-Request-ID": "abc12345-req"})
    assert response.headers["X-Request-ID"] == "abc12345-req"
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "riskscreen.requests"]
    assert lines[-1] == {**lines[-1], "request_id": "abc12345-req", "method": "GET",
                         "path": "/v1/me", "status": 200, "key_id": key["key_id"]}
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert key["key"] not in logged and "someone@example.org" not in logged
