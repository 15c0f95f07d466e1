"""`riskscreen screen`: plain text in, one answer out; JSONL in, JSONL out in order."""

import json

import pytest
from click.testing import CliRunner

from riskscreen.cli import main

RISKY = "Pay the agency fee of USD 900 before you travel. The company keeps your passport."
CLEAN = "Riverside Library is hiring a part-time assistant, 20 hours a week. Apply online."


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("RISKSCREEN_INSTANCE_PATH", str(tmp_path / "instance"))
    return CliRunner()


def test_plain_text_gives_one_answer(runner):
    result = runner.invoke(main, ["screen", "job-ad", "-"], input=RISKY)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert {"recruitment_fees", "retention_of_documents"} <= {i["id"] for i in answer["indicators"]}
    assert answer["versions"]["ruleset"].startswith("rules-")


def test_jsonl_gives_jsonl_in_the_same_order(runner, tmp_path):
    source = tmp_path / "ads.jsonl"
    records = [{"id": f"ad-{i}", "text": text} for i, text in enumerate([CLEAN, RISKY, CLEAN])]
    records.append({"id": "ad-3", "text": CLEAN, "fields": {"hours_per_week": 80}})
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["screen", "job-ad", str(source)])
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["id"] for a in answers] == ["ad-0", "ad-1", "ad-2", "ad-3"]
    assert answers[1]["score"] > answers[0]["score"]
    assert "excessive_overtime" in {i["id"] for i in answers[3]["indicators"]}


def test_a_bad_jsonl_line_is_named(runner, tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": 1, "text": "fine"}\n{"id": 2, "txt": "oops"}\n', encoding="utf-8")
    result = runner.invoke(main, ["screen", "audit", str(source)])
    assert result.exit_code != 0
    assert "line 2" in result.output
