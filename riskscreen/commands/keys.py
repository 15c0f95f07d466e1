"""`riskscreen keys ...`: create, list and revoke API keys."""

from __future__ import annotations

import click

from riskscreen.commands.common import configured_store
from riskscreen.store.keys import ROLES, KeyOperationError, create_key, list_keys, revoke_key
from riskscreen.store.tenancy import Scope


@click.group("keys")
def keys_group() -> None:
    """API keys: create, list, revoke."""


@keys_group.command("create")
@click.option("--tenant", required=True, help="Tenant (organisation) name; created if new.")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--label", default="", help="A note to recognise the key by.")
def keys_create(tenant: str, role: str, label: str) -> None:
    """Create a key and print it once. Only its hash is stored."""
    with configured_store().transaction() as session:
        row, secret = create_key(session, tenant_name=tenant, role=role, label=label)
        click.echo(f"key id:  {row.key_id}", err=True)
        click.echo("The key is shown once; store it now:", err=True)
        click.echo(secret)


@keys_group.command("list")
@click.option("--tenant", help="Only this tenant's keys.")
def keys_list(tenant: str | None) -> None:
    """List keys (never their secrets)."""
    with configured_store().session() as session:
        for row in list_keys(session, Scope.everything()):
            if tenant and row.tenant.name != tenant:
                continue
            state = "active" if row.active else f"revoked {row.revoked_at:%Y-%m-%d}"
            click.echo(f"{row.key_id}  {row.tenant.name:<24} {row.role:<8} {state}  {row.label}")


@keys_group.command("revoke")
@click.argument("key_id")
def keys_revoke(key_id: str) -> None:
    """Revoke a key by its id; it stops working at once."""
    try:
        with configured_store().transaction() as session:
            revoke_key(session, Scope.everything(), key_id, actor="cli")
    except KeyOperationError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"revoked {key_id}")
