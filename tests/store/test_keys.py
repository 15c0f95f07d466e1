"""Keys are stored only as hashes, compared in constant time, listed without secrets, revoked."""

import pytest

from riskscreen.store.keys import (
    KeyAlreadyRevoked,
    KeyOperationError,
    authenticate,
    create_key,
    hash_secret,
    list_keys,
    parse_key_id,
    revoke_key,
)
from riskscreen.store.tenancy import Scope
from tests.conftest import make_test_app


@pytest.fixture
def store(app):
    return app.extensions["riskscreen.store"]


def test_created_key_authenticates_and_names_its_tenant(store):
    with store.transaction() as session:
        row, secret = create_key(session, tenant_name="acme", role="analyst")
    assert secret.startswith(f"rs_{row.key_id}_")
    assert len(secret.removeprefix(f"rs_{row.key_id}_")) == 43  # 256 bits, URL-safe base64
    with store.session() as session:
        principal = authenticate(session, secret)
    assert principal is not None
    assert (principal.tenant_name, principal.role) == ("acme", "analyst")


def test_no_secret_at_rest(tmp_path):
    # On the SQLite store, where every byte at rest is in the files read below.
    store = make_test_app(tmp_path, DATABASE_URL="").extensions["riskscreen.store"]
    with store.transaction() as session:
        _, secret = create_key(session, tenant_name="acme", role="partner")
    raw_secret = secret[len("rs_0123456789ab_"):]
    store.dispose()
    files = list((tmp_path / "instance").glob("riskscreen.sqlite3*"))
    content = b"".join(path.read_bytes() for path in files)
    assert raw_secret.encode() not in content
    assert secret.encode() not in content
    assert hash_secret(raw_secret).encode() in content


@pytest.mark.parametrize(
    "mangle",
    [
        lambda key: key[:-1] + ("A" if key[-1] != "A" else "B"),  # wrong secret
        lambda key: "rs_000000000000_" + key[16:],  # unknown key id
        lambda key: key[3:],  # malformed
        lambda key: "",
    ],
)
def test_bad_keys_do_not_authenticate(store, mangle):
    with store.transaction() as session:
        _, secret = create_key(session, tenant_name="acme", role="partner")
    with store.session() as session:
        assert authenticate(session, mangle(secret)) is None


def test_revoked_key_stops_working_and_cannot_be_revoked_twice(store):
    with store.transaction() as session:
        row, secret = create_key(session, tenant_name="acme", role="partner")
        key_id = row.key_id
    with store.transaction() as session:
        revoke_key(session, Scope.everything(), key_id, actor="cli")
    with store.session() as session:
        assert authenticate(session, secret) is None
    with pytest.raises(KeyAlreadyRevoked), store.transaction() as session:
        revoke_key(session, Scope.everything(), key_id, actor="cli")


def test_listing_is_scoped_to_the_tenant(store):
    with store.transaction() as session:
        a, _ = create_key(session, tenant_name="acme", role="partner")
        create_key(session, tenant_name="other", role="partner")
        acme_id = a.tenant_id
    with store.session() as session:
        assert {k.tenant.name for k in list_keys(session, Scope(acme_id))} == {"acme"}
        assert len(list_keys(session, Scope.everything())) == 2


def test_unknown_role_is_refused(store):
    with pytest.raises(KeyOperationError, match="unknown role"), store.transaction() as session:
        create_key(session, tenant_name="acme", role="root")


def test_parse_key_id_only_accepts_the_key_shape():
    assert parse_key_id("rs_0123456789ab_" + "a" * 43) == "0123456789ab"
    assert parse_key_id("Bearer nonsense") is None
