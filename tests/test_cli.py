"""The `riskscreen` command: keys, db upgrade, config."""

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from riskscreen.cli import main
from riskscreen.commands import SUBCOMMANDS


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


# The command line imports a subcommand's module only when it runs (riskscreen.commands).


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_each_listed_summary_is_its_commands_own(name):
    command = SUBCOMMANDS[name].load()
    assert command.name == name
    assert SUBCOMMANDS[name].summary == command.get_short_help_str(limit=10_000)


def test_help_lists_every_command_with_its_summary(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:")[1]
    for name, subcommand in SUBCOMMANDS.items():
        line = next(line for line in listed.splitlines() if line.split()[:1] == [name])
        shown = line.split(None, 1)[1].removesuffix("...")
        assert subcommand.summary.startswith(shown)


def _imported_after(code: str, tmp_path) -> set[str]:
    """The heavy libraries and command modules a fresh interpreter holds after `code`."""
    script = (
        "import sys\n"
        "from riskscreen.cli import main\n"
        f"{code}\n"
        "heavy = ('sklearn', 'pandas', 'spacy', 'sqlalchemy', 'flask', 'skops')\n"
        "found = [m for m in sys.modules if m in heavy or m.startswith('riskscreen.commands.')]\n"
        "print('imported:' + ','.join(found))\n"
    )
    env = {**os.environ, "RISKSCREEN_INSTANCE_PATH": str(tmp_path / "instance")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=120, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("imported:"))
    return set(filter(None, line.removeprefix("imported:").split(",")))


def _run(argv: list[str]) -> str:
    return f"try: main({argv!r}, standalone_mode=False)\nexcept SystemExit: pass"


def test_help_imports_no_command_module(tmp_path):
    assert _imported_after(_run(["--help"]), tmp_path) == set()


def test_rules_check_imports_only_what_rules_need(tmp_path):
    assert _imported_after(_run(["rules", "check"]), tmp_path) == {
        "spacy", "riskscreen.commands.rules"
    }


def test_completing_a_command_name_imports_no_command_module(tmp_path):
    code = (
        "import click\n"
        "names = [i.value for i in main.shell_complete(click.Context(main), 'r')]\n"
        "assert names == ['reference', 'rules', 'rulesets'], names"
    )
    assert _imported_after(code, tmp_path) == set()


def test_unknown_command_is_refused(runner):
    result = runner.invoke(main, ["nonsense"])
    assert result.exit_code == 2 and "No such command" in result.output
