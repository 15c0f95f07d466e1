"""`riskscreen rules check|test|evaluate` (riskscreen/commands/rules.py)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from riskscreen.commands.rules import rules_group
from tests.engine.support import BROKEN, FIXTURES

OK = str(FIXTURES / "rules_ok")


def test_check_ok() -> None:
    result = CliRunner().invoke(rules_group, ["check", "--path", OK])
    assert result.exit_code == 0, result.output
    assert "8 rules, 6 indicators" in result.output
    assert "recruitment_fees" in result.output and "6/6 indicators covered" in result.output


def test_check_broken_prints_every_error_and_fails() -> None:
    result = CliRunner().invoke(rules_group, ["check", "--path", str(BROKEN / "many_errors")])
    assert result.exit_code != 0
    assert (
        "fees_b.yaml: indicator: unknown indicator 'nope': not in indicators.yaml" in result.output
    )
    assert "fees_a.yaml: severity: unknown key" in result.output
    assert "4 error(s)" in result.output


def test_test_command_reports_gaps() -> None:
    result = CliRunner().invoke(rules_group, ["test", "--path", OK])
    assert result.exit_code == 0, result.output
    assert "known gap fees_phrase-gap-0" in result.output


def test_test_command_fails_on_failing_example(tmp_path: Path) -> None:
    for file in Path(OK).rglob("*.yaml"):
        target = tmp_path / file.relative_to(OK)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file.read_text())
    rule = tmp_path / "fees_regex.yaml"
    rule.write_text(rule.read_text().replace('"Fee-free recruitment."', '"A fee of $30."'))
    result = CliRunner().invoke(rules_group, ["test", "--path", str(tmp_path)])
    assert result.exit_code != 0
    assert "FAIL fees_regex-no_match-0" in result.output


def test_evaluate(tmp_path: Path) -> None:
    data = tmp_path / "c.jsonl"
    rows = [
        {
            "id": "a",
            "kind": "job_ad",
            "text": "A placement fee of $300.",
            "label": "risk",
            "indicators": ["recruitment_fees"],
            "language": "en",
        },
        {
            "id": "b",
            "kind": "job_ad",
            "text": "A nice job.",
            "label": "no_risk",
            "indicators": [],
            "language": "en",
        },
    ]
    data.write_text("\n".join(json.dumps(r) for r in rows))
    result = CliRunner().invoke(
        rules_group, ["evaluate", "--path", OK, "--data", str(data), "--verbose"]
    )
    assert result.exit_code == 0, result.output
    assert "recruitment_fees" in result.output and "2 records" in result.output
    result = CliRunner().invoke(
        rules_group, ["evaluate", "--path", OK, "--data", str(data), "--split", "test"]
    )
    assert result.exit_code != 0 or "records" in result.output
