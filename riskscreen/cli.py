"""The `riskscreen` command. Each subcommand calls the same functions as the HTTP API."""

from __future__ import annotations

import importlib.util
import os
import sys

import click
from flask import Flask

from riskscreen.config import configuration_table
from riskscreen.paths import PROJECT_ROOT
from riskscreen.store.keys import ROLES, KeyOperationError, create_key, list_keys, revoke_key
from riskscreen.store.tenancy import Scope


def _app() -> Flask:
    from riskscreen.app import create_app

    return create_app()


@click.group()
def main() -> None:
    """riskscreen: screen job ads, audits and supplier lists for forced-labour risk."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--dev", is_flag=True, help="Flask's development server instead of gunicorn.")
def serve(host: str, port: int, dev: bool) -> None:
    """Start the service (gunicorn with gunicorn.conf.py where available)."""
    if dev or importlib.util.find_spec("gunicorn") is None or os.name != "posix":
        _app().run(host=host, port=port)
        return
    config = str(PROJECT_ROOT / "gunicorn.conf.py")
    argv = ["gunicorn", "-c", config, "--chdir", str(PROJECT_ROOT), "-b", f"{host}:{port}",
            "wsgi:app"]
    click.echo(f"riskscreen on http://{host}:{port} (docs: http://{host}:{port}/v1/docs)")
    os.execvp(sys.executable, [sys.executable, "-m", *argv])


@main.group()
def db() -> None:
    """The store's schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration."""
    from riskscreen.config import build_config
    from riskscreen.store.database import Store

    store = Store(build_config({"AUTO_MIGRATE": False})["DATABASE_URL"])
    store.upgrade()
    click.echo("database is at the newest revision")


@main.group()
def keys() -> None:
    """API keys: create, list, revoke."""


@keys.command("create")
@click.option("--tenant", required=True, help="Tenant (organisation) name; created if new.")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--label", default="", help="A note to recognise the key by.")
def keys_create(tenant: str, role: str, label: str) -> None:
    """Create a key and print it once. Only its hash is stored."""
    store = _app().extensions["riskscreen.store"]
    with store.transaction() as session:
        row, secret = create_key(session, tenant_name=tenant, role=role, label=label)
        click.echo(f"key id:  {row.key_id}", err=True)
        click.echo("The key is shown once; store it now:", err=True)
        click.echo(secret)


@keys.command("list")
@click.option("--tenant", help="Only this tenant's keys.")
def keys_list(tenant: str | None) -> None:
    """List keys (never their secrets)."""
    store = _app().extensions["riskscreen.store"]
    with store.session() as session:
        for row in list_keys(session, Scope.everything()):
            if tenant and row.tenant.name != tenant:
                continue
            state = "active" if row.active else f"revoked {row.revoked_at:%Y-%m-%d}"
            click.echo(f"{row.key_id}  {row.tenant.name:<24} {row.role:<8} {state}  {row.label}")


@keys.command("revoke")
@click.argument("key_id")
def keys_revoke(key_id: str) -> None:
    """Revoke a key by its id; it stops working at once."""
    store = _app().extensions["riskscreen.store"]
    try:
        with store.transaction() as session:
            revoke_key(session, Scope.everything(), key_id, actor="cli")
    except KeyOperationError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"revoked {key_id}")


@main.command("config")
def show_config() -> None:
    """Print every RISKSCREEN_* variable with its default and meaning (Markdown)."""
    click.echo(configuration_table())


def _register_command_groups() -> None:
    """Command groups that live beside their own modules."""
    from riskscreen.commands import command_groups

    for group in command_groups():
        main.add_command(group)


_register_command_groups()

if __name__ == "__main__":
    main()
