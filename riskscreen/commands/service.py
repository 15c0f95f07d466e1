"""`riskscreen serve`, `riskscreen db upgrade` and `riskscreen config`."""

from __future__ import annotations

import importlib.util
import os
import sys

import click

from riskscreen.paths import PROJECT_ROOT


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--dev", is_flag=True, help="Flask's development server instead of gunicorn.")
def serve_command(host: str, port: int, dev: bool) -> None:
    """Start the service (gunicorn with gunicorn.conf.py where available)."""
    if dev or importlib.util.find_spec("gunicorn") is None or os.name != "posix":
        from riskscreen.app import create_app

        create_app().run(host=host, port=port)
        return
    config = str(PROJECT_ROOT / "gunicorn.conf.py")
    argv = ["gunicorn", "-c", config, "--chdir", str(PROJECT_ROOT), "-b", f"{host}:{port}",
            "wsgi:app"]
    click.echo(f"riskscreen on http://{host}:{port} (docs: http://{host}:{port}/v1/docs)")
    os.execvp(sys.executable, [sys.executable, "-m", *argv])


@click.group("db")
def db_group() -> None:
    """The store's schema."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration."""
    from riskscreen.commands.common import configured_store

    configured_store(migrate=True)
    click.echo("database is at the newest revision")


@click.command("config")
def config_command() -> None:
    """Print every RISKSCREEN_* variable with its default and meaning (Markdown)."""
    from riskscreen.config import configuration_table

    click.echo(configuration_table())
