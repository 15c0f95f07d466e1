"""API keys: creation, verification and revocation. Only SHA-256 hashes of secrets are stored.

A key looks like ``rs_<key_id>_<secret>``: key_id is 12 hex characters (public, used to find
the row and to name the key in logs), secret is 256 random bits. The secret is shown once.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from riskscreen.store import audit
from riskscreen.store.models import ApiKey, Tenant
from riskscreen.store.tenancy import Scope

ROLES = ("partner", "analyst", "admin")
KEY_PATTERN = re.compile(r"^rs_(?P<key_id>[0-9a-f]{12})_(?P<secret>[A-Za-z0-9_-]{43})$")


class KeyOperationError(ValueError):
    """A key operation that cannot be done (unknown role, unknown key)."""


class KeyAlreadyRevoked(KeyOperationError):
    """Revoking a key twice: the first revocation stands."""


@dataclass(frozen=True)
class Principal:
    """Who is calling: resolved from a valid, unrevoked key."""

    key_id: str
    tenant_id: int
    tenant_name: str
    role: str
    retain_text: bool = False  # the tenant's setting when the key was checked

    @property
    def scope(self) -> Scope:
        return Scope.everything() if self.role == "admin" else Scope(self.tenant_id)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def parse_key_id(raw_key: str) -> str | None:
    """The public key id of a well-formed key, without checking the secret (for rate limits)."""
    match = KEY_PATTERN.match(raw_key.strip())
    return match["key_id"] if match else None


def get_or_create_tenant(session: Session, name: str) -> Tenant:
    tenant = session.scalars(select(Tenant).where(Tenant.name == name)).first()
    if tenant is None:
        tenant = Tenant(name=name)
        session.add(tenant)
        session.flush()
    return tenant


def create_key(
    session: Session, *, tenant_name: str, role: str, label: str = "", actor: str = "cli"
) -> tuple[ApiKey, str]:
    """Create a key; returns the row and the plaintext key, which is never stored."""
    if role not in ROLES:
        raise KeyOperationError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    tenant = get_or_create_tenant(session, tenant_name)
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    row = ApiKey(
        key_id=key_id, secret_sha256=hash_secret(secret), tenant=tenant, role=role, label=label
    )
    session.add(row)
    session.flush()
    audit.record(
        session, actor=actor, action="key.create", target_type="api_key", target_id=key_id,
        tenant_id=tenant.id, detail={"role": role, "tenant": tenant.name},
    )
    return row, f"rs_{key_id}_{secret}"


def _key_lookup() -> Select[Any]:
    """One indexed SELECT of a key and its tenant (Core: no ORM objects on the hot path)."""
    keys, tenants = ApiKey.__table__, Tenant.__table__
    return (
        select(keys.c.secret_sha256, keys.c.revoked_at, keys.c.role, keys.c.tenant_id,
               tenants.c.name, tenants.c.retain_text)
        .join_from(keys, tenants, keys.c.tenant_id == tenants.c.id)
        .where(keys.c.key_id == bindparam("key_id"))
    )


_KEY_LOOKUP = _key_lookup()
_NO_SUCH_KEY = hash_secret("x" * 43)


def authenticate(db: Session | Connection, raw_key: str) -> Principal | None:
    """The Principal for a valid, unrevoked key; None otherwise. Constant-time comparison.

    Read from the database on every call (no cache), so a revoked key stops working at once.
    """
    match = KEY_PATTERN.match(raw_key.strip())
    if match is None:
        return None
    row = db.execute(_KEY_LOOKUP, {"key_id": match["key_id"]}).first()
    expected = row.secret_sha256 if row is not None else _NO_SUCH_KEY
    valid = hmac.compare_digest(expected, hash_secret(match["secret"]))
    if row is None or not valid or row.revoked_at is not None:
        return None
    return Principal(key_id=match["key_id"], tenant_id=row.tenant_id, tenant_name=row.name,
                     role=row.role, retain_text=bool(row.retain_text))


def list_keys(session: Session, scope: Scope) -> list[ApiKey]:
    return list(session.scalars(scope.select(ApiKey).order_by(ApiKey.id)))


def revoke_key(session: Session, scope: Scope, key_id: str, *, actor: str) -> ApiKey:
    row = scope.get(session, ApiKey, key_id=key_id)
    if row is None:
        raise KeyOperationError(f"no key {key_id!r}")
    if row.revoked_at is not None:
        raise KeyAlreadyRevoked(f"key {key_id} was revoked at {row.revoked_at:%Y-%m-%d %H:%M}Z")
    row.revoked_at = datetime.now(UTC)
    audit.record(
        session, actor=actor, action="key.revoke", target_type="api_key", target_id=key_id,
        tenant_id=row.tenant_id,
    )
    return row
