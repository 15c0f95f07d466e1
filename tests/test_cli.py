"""The `riskscreen` command: keys, db upgrade, config."""

import pytest
from click.testing import CliRunner

from riskscreen.cli import main


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("RISKSCREEN_INSTANCE_PATH", str(tmp_path / "instance"))
    return CliRunner()


def test_keys_create_list_revoke(runner):
    created = runner.invoke(main, ["keys", "create", "--tenant", "acme", "--role", "partner",
                                   "--label", "first"])
    assert created.exit_code == 0, created.output
    key = created.stdout.strip().splitlines()[-1]
    assert key.startswith("rs_")
    key_id = key.split("_")[1]

    listed = runner.invoke(main, ["keys", "list"])
    assert key_id in listed.output and "acme" in listed.output and "active" in listed.output
    assert key not in listed.output

    revoked = runner.invoke(main, ["keys", "revoke", key_id])
    assert revoked.exit_code == 0
    assert "revoked" in runner.invoke(main, ["keys", "list"]).output
    again = runner.invoke(main, ["keys", "revoke", key_id])
    assert again.exit_code != 0 and "revoked" in again.output


def test_keys_create_rejects_unknown_role(runner):
    result = runner.invoke(main, ["keys", "create", "--tenant", "acme", "--role", "root"])
    assert result.exit_code != 0


def test_db_upgrade_creates_the_database(runner, tmp_path):
    result = runner.invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "instance" / "riskscreen.sqlite3").exists()


def test_config_prints_the_table(runner):
    result = runner.invoke(main, ["config"])
    assert "RISKSCREEN_DATABASE_URL" in result.output
