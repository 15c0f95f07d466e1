"""`riskscreen rulesets ...`: list, activate, roll back and backtest from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from riskscreen.cli import main
from riskscreen.engine.rules import load_ruleset
from tests.analyst_support import LABELLED, RULES, jsonl


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"RISKSCREEN_INSTANCE_PATH": str(tmp_path / "instance"),
            "RISKSCREEN_RULES_PATH": str(RULES), "RISKSCREEN_LOG_LEVEL": "WARNING",
            "RISKSCREEN_MODELS_PATH": str(tmp_path / "models")}


def test_backtest_a_folder_against_the_active_version(env, tmp_path):
    data = tmp_path / "labelled.jsonl"
    data.write_text(jsonl(LABELLED), encoding="utf-8")
    runner = CliRunner()
    listed = runner.invoke(main, ["rulesets", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    assert f"* {load_ruleset(RULES).version}" in listed.output
    other = Path(__file__).parents[1] / "engine" / "fixtures" / "rules_ok"
    result = runner.invoke(main, ["rulesets", "backtest", "--version", str(other),
                                  "--against", "active", "--data", str(data), "--json"],
                           env=env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["report"]["overall"]["records"] == len(LABELLED)
    assert report["comparison"]["baseline"] == load_ruleset(RULES).version
    text = runner.invoke(main, ["rulesets", "backtest", "--data", str(data), "--rules-only"],
                         env=env)
    assert "fees_terms" in text.output and "medium_or_above" in text.output


def test_activate_and_roll_back(env):
    runner = CliRunner()
    assert runner.invoke(main, ["rulesets", "rollback"], env=env).exit_code == 1
    other = Path(__file__).parents[1] / "engine" / "fixtures" / "rules_ok"
    imported = runner.invoke(main, ["rulesets", "import", "--path", str(other), "--activate"],
                             env=env)
    assert imported.exit_code == 0 and "[active]" in imported.output
    rolled = runner.invoke(main, ["rulesets", "rollback"], env=env)
    assert load_ruleset(RULES).version in rolled.output
    unknown = runner.invoke(main, ["rulesets", "activate", "rules-000000000000"], env=env)
    assert unknown.exit_code == 1 and "no ruleset version" in unknown.output
