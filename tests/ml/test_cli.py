from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from riskscreen.commands.model import model_group

from .helpers import make_records, write_jsonl


def test_train_list_activate_rollback_evaluate(tmp_path: Path) -> None:
    data = write_jsonl(
        tmp_path / "corpus.jsonl", make_records("job_ad", 40) + make_records("audit", 10)
    )
    models = tmp_path / "models"
    runner = CliRunner()
    env = {"RISKSCREEN_MODELS_PATH": str(models)}

    first = runner.invoke(
        model_group,
        ["train", "--kind", "job_ad", "--data", str(data), "--fast", "--activate"],
        env=env,
    )
    assert first.exit_code == 0, first.output
    assert "ROC-AUC" in first.output and "confusion matrix" in first.output
    second = runner.invoke(
        model_group,
        ["train", "--kind", "job_ad", "--data", str(data), "--fast", "--seed", "1", "--json"],
        env=env,
    )
    assert second.exit_code == 0, second.output
    v2 = json.loads(second.output)["version"]
    v1 = next(
        p.name
        for p in models.iterdir()
        if p.is_dir() and p.name.startswith("job_ad") and p.name != v2
    )

    listed = runner.invoke(model_group, ["list"], env=env)
    assert listed.exit_code == 0 and f"* {v1}" in listed.output and v2 in listed.output

    assert runner.invoke(model_group, ["activate", "job_ad", v2], env=env).exit_code == 0
    assert json.loads((models / "registry.json").read_text())["active"]["job_ad"] == v2
    back = runner.invoke(model_group, ["rollback", "job_ad"], env=env)
    assert back.exit_code == 0 and v1 in back.output
    again = runner.invoke(model_group, ["rollback", "job_ad"], env=env)
    assert again.exit_code == 1 and "no previous job_ad version" in again.output

    evaluated = runner.invoke(
        model_group, ["evaluate", "--model", v1, "--data", str(data), "--json"], env=env
    )
    assert evaluated.exit_code == 0, evaluated.output
    metrics = json.loads(evaluated.output)
    assert metrics["n"] == 40 and set(metrics["confusion_matrix"]) == {"tn", "fp", "fn", "tp"}
    test_only = runner.invoke(
        model_group,
        ["evaluate", "--model", v1, "--data", str(data), "--split", "test", "--json"],
        env=env,
    )
    assert test_only.exit_code == 0, test_only.output
    assert 0 < json.loads(test_only.output)["n"] < 40


def test_train_on_csv_with_custom_columns(tmp_path: Path) -> None:
    rows = ["posting,fraudulent"] + [
        '"{}",{}'.format(r.text.replace('"', "'"), r.label) for r in make_records("job_ad", 40)
    ]
    data = tmp_path / "jobs.csv"
    data.write_text("\n".join(rows) + "\n")
    result = CliRunner().invoke(
        model_group,
        [
            "train",
            "--kind",
            "job_ad",
            "--data",
            str(data),
            "--text-column",
            "posting",
            "--label-column",
            "fraudulent",
            "--fast",
            "--models-dir",
            str(tmp_path / "m"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "version job_ad-" in result.output


def test_bad_label_is_a_clean_error(tmp_path: Path) -> None:
    data = tmp_path / "jobs.csv"
    data.write_text("text,label\na job,1\nanother,maybe\n")
    result = CliRunner().invoke(
        model_group,
        ["train", "--kind", "job_ad", "--data", str(data), "--models-dir", str(tmp_path / "m")],
    )
    assert result.exit_code == 1
    assert "row 2 (line 3): unknown label 'maybe'" in result.output


def test_activate_unknown_version(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        model_group, ["activate", "audit", "audit-20990101-abcdef", "--models-dir", str(tmp_path)]
    )
    assert result.exit_code == 1 and "no model version" in result.output
