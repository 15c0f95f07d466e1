"""`riskscreen model ...`: train, evaluate, list, activate and roll back classifier versions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import numpy as np

from riskscreen import paths
from riskscreen.ml.artefact import ModelLoadError, write_model_folder
from riskscreen.ml.candidates import DEFAULT_CANDIDATES, FAST_CANDIDATES
from riskscreen.ml.corpus import KINDS, CorpusError, load_records, split_of
from riskscreen.ml.metrics import binary_metrics, rounded
from riskscreen.ml.registry import ModelRegistry, RegistryError
from riskscreen.ml.train import TrainingError, train_model


@contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except (CorpusError, TrainingError, RegistryError, ModelLoadError) as exc:
        raise click.ClickException(str(exc)) from None


def _registry(models_dir: Path | None) -> ModelRegistry:
    return ModelRegistry(models_dir or paths.models_path())


def _shown(path: Path) -> str:
    """A data path as recorded in model.json: relative to the project when inside it."""
    try:
        return str(path.resolve().relative_to(paths.PROJECT_ROOT))
    except ValueError:
        return str(path)


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _metrics_lines(name: str, m: dict[str, Any] | None) -> list[str]:
    if not m:
        return [f"{name}: n/a"]
    cm = m["confusion_matrix"]
    return [
        f"{name}: n={m['n']} (risk {m['n_risk']})  ROC-AUC {_num(m['roc_auc'])}  "
        f"PR-AUC {_num(m['pr_auc'])}",
        f"  at threshold {m['threshold']:.4f}: precision {m['precision']:.3f}  "
        f"recall {m['recall']:.3f}  F1 {m['f1']:.3f}  "
        f"recall@precision0.85 {_num(m['recall_at_precision_0.85'])}",
        f"  confusion matrix: tn {cm['tn']}  fp {cm['fp']}  fn {cm['fn']}  tp {cm['tp']}",
    ]


models_dir_option = click.option(
    "--models-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Model registry folder (default: RISKSCREEN_MODELS_PATH or the shipped models/).",
)


@click.group("model")
def model_group() -> None:
    """Train, evaluate and manage the text classifier versions."""


@model_group.command("train")
@click.option("--kind", type=click.Choice(KINDS), required=True, help="Document kind to train.")
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="JSONL or CSV file (repeatable); default: every data/corpus/*.jsonl.",
)
@click.option(
    "--text-column",
    multiple=True,
    default=("text",),
    show_default=True,
    help="CSV text column (repeat to join several).",
)
@click.option(
    "--label-column",
    default="label",
    show_default=True,
    help="CSV label column: risk/no_risk, 1/0, true/false or yes/no.",
)
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--fast", is_flag=True, help="Skip the model comparison (logistic regression only).")
@click.option("--activate", is_flag=True, help="Make the new version active.")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@models_dir_option
def train_command(
    kind: str,
    data: tuple[Path, ...],
    text_column: tuple[str, ...],
    label_column: str,
    seed: int,
    fast: bool,
    activate: bool,
    as_json: bool,
    models_dir: Path | None,
) -> None:
    """Train a new model version of KIND and write its folder."""
    sources = list(data) or [paths.corpus_path()]
    with _user_errors():
        records = load_records(sources, kind, text_column, label_column)
        result = train_model(records, kind, seed, FAST_CANDIDATES if fast else DEFAULT_CANDIDATES)
        registry = _registry(models_dir)
        folder = write_model_folder(registry.path, result, [_shown(s) for s in sources])
        if activate:
            registry.activate(kind, folder.name)
    m = result.metrics
    if as_json:
        click.echo(
            json.dumps(
                {"version": folder.name, **{k: v for k, v in m.items() if k != "timing"}}, indent=2
            )
        )
        return
    click.echo(
        f"version {folder.name}  ({m['estimator']}; {m['n_train']} train / {m['n_test']} test)"
    )
    click.echo(f"threshold {m['threshold']['value']:.4f}: {m['threshold']['method']}")
    for line in _metrics_lines("cv (out-of-fold)", m["cv"]) + _metrics_lines(
        "test split", m["test"]
    ):
        click.echo(line)
    click.echo(f"written to {folder}" + ("  [active]" if activate else ""))


@model_group.command("evaluate")
@click.option("--model", "version", required=True, help="Model version (folder name).")
@click.option(
    "--data", "data", multiple=True, required=True, type=click.Path(exists=True, path_type=Path)
)
@click.option("--text-column", multiple=True, default=("text",), show_default=True)
@click.option("--label-column", default="label", show_default=True)
@click.option(
    "--split",
    type=click.Choice(["all", "train", "test"]),
    default="all",
    show_default=True,
    help="Score only the records of this split (the corpus split rule).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@models_dir_option
def evaluate_command(
    version: str,
    data: tuple[Path, ...],
    text_column: tuple[str, ...],
    label_column: str,
    split: str,
    as_json: bool,
    models_dir: Path | None,
) -> None:
    """Score labelled data with a model version (all records of its kind in the files)."""
    with _user_errors():
        model = _registry(models_dir).load(version)
        records = load_records(list(data), model.kind, text_column, label_column)
        if split != "all":
            records = [r for r in records if split_of(r) == split]
        if not records:
            raise click.ClickException(f"no {model.kind} records in {[str(d) for d in data]}")
        y = np.array([r.label for r in records])
        p = model.predict_proba([r.text for r in records])
        metrics = rounded(binary_metrics(y, p, model.threshold))
    if as_json:
        click.echo(json.dumps({"version": version, **metrics}, indent=2))
        return
    title = f"{version} on {len(records)} {model.kind} records ({split})"
    for line in _metrics_lines(title, metrics):
        click.echo(line)


@model_group.command("list")
@click.option("--kind", type=click.Choice(KINDS), default=None)
@models_dir_option
def list_command(kind: str | None, models_dir: Path | None) -> None:
    """List model versions with their test metrics (* = active)."""
    with _user_errors():
        versions = _registry(models_dir).versions(kind)
    if not versions:
        click.echo("no model versions")
        return
    click.echo(
        f"  {'version':32} {'estimator':32} {'thr':>6} {'ROC-AUC':>8} {'PR-AUC':>7} {'R@P.85':>7}"
    )
    for v in versions:
        t = v.test or {}
        roc, pr, rap = (_num(t.get(k)) for k in ("roc_auc", "pr_auc", "recall_at_precision_0.85"))
        click.echo(
            f"{'*' if v.active else ' '} {v.version:32} {v.estimator[:32]:32} {v.threshold:6.3f} "
            f"{roc:>8} {pr:>7} {rap:>7}"
        )


@model_group.command("activate")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("version")
@models_dir_option
def activate_command(kind: str, version: str, models_dir: Path | None) -> None:
    """Make VERSION the active KIND model."""
    with _user_errors():
        registry = _registry(models_dir)
        registry.load(version)  # refuse a version that would not load
        registry.activate(kind, version)
    click.echo(f"active {kind} model: {version}")


@model_group.command("rollback")
@click.argument("kind", type=click.Choice(KINDS))
@models_dir_option
def rollback_command(kind: str, models_dir: Path | None) -> None:
    """Re-activate the previously active KIND model."""
    with _user_errors():
        version = _registry(models_dir).rollback(kind)
    click.echo(f"active {kind} model: {version} (rolled back)")
