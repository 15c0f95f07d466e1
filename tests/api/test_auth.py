"""401 for a missing or bad key, 403 for a role that may not, and tenants kept apart."""

import pytest


def test_me_names_the_caller(client, make_key):
    key = make_key("acme", "analyst")
    body = client.get("/v1/me", headers=key["auth"]).get_json()
    assert body == {"key_id": key["key_id"], "tenant": "acme", "role": "analyst"}


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer rs_nope", "Basic dXNlcjpwYXNz"])
def test_missing_or_malformed_key_is_401(client, header):
    headers = {"Authorization": header} if header else {}
    assert client.get("/v1/me", headers=headers).status_code == 401


def test_revoked_key_is_401(client, make_key):
    admin = make_key("ops", "admin")
    partner = make_key("acme", "partner")
    assert client.get("/v1/me", headers=partner["auth"]).status_code == 200
    client.delete(f"/v1/keys/{partner['key_id']}", headers=admin["auth"])
    assert client.get("/v1/me", headers=partner["auth"]).status_code == 401


@pytest.mark.parametrize("role,expected", [("partner", 403), ("analyst", 403), ("admin", 201)])
def test_only_admins_create_keys(client, make_key, role, expected):
    key = make_key("acme", role)
    body = {"tenant": "new", "role": "partner"}
    response = client.post("/v1/keys", headers=key["auth"], json=body)
    assert response.status_code == expected


def test_created_key_is_shown_once_and_works(client, make_key):
    admin = make_key("ops", "admin")
    created = client.post("/v1/keys", headers=admin["auth"],
                          json={"tenant": "beta", "role": "partner", "label": "ci"}).get_json()
    new_auth = {"Authorization": f"Bearer {created['key']}"}
    assert client.get("/v1/me", headers=new_auth).get_json()["tenant"] == "beta"
    listed = client.get("/v1/keys", headers=admin["auth"]).get_json()
    assert all("key" not in row and "secret_sha256" not in row for row in listed)


def test_partner_never_reaches_another_tenants_rows(client, make_key):
    """Every route that exists so far: keys list, key by id, audit log."""
    acme = make_key("acme", "partner")
    other = make_key("other", "partner")
    other_analyst = make_key("other", "analyst")

    listed = client.get("/v1/keys", headers=acme["auth"]).get_json()
    assert {row["tenant"] for row in listed} == {"acme"}
    for foreign in (other, other_analyst):
        response = client.get(f"/v1/keys/{foreign['key_id']}", headers=acme["auth"])
        assert response.status_code == 404  # not 403: existence is not revealed
    assert client.get(f"/v1/keys/{acme['key_id']}", headers=acme["auth"]).status_code == 200
    assert client.get("/v1/audit-log", headers=acme["auth"]).status_code == 403
    assert client.delete(f"/v1/keys/{other['key_id']}", headers=acme["auth"]).status_code == 403


def test_audit_log_records_key_changes_with_who(client, make_key):
    admin = make_key("ops", "admin")
    created = client.post("/v1/keys", headers=admin["auth"],
                          json={"tenant": "beta", "role": "partner"}).get_json()
    client.delete(f"/v1/keys/{created['key_id']}", headers=admin["auth"])
    events = client.get("/v1/audit-log", headers=admin["auth"]).get_json()
    actions = [(e["action"], e["actor"], e["target_id"]) for e in events[:2]]
    assert actions == [("key.revoke", admin["key_id"], created["key_id"]),
                       ("key.create", admin["key_id"], created["key_id"])]
    assert all(created["key"] not in str(e) for e in events)
