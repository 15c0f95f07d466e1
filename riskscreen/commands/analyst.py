"""`riskscreen rulesets ...`: stored ruleset versions (list, import, activate, roll back) and
backtests, calling the same functions as the HTTP API (riskscreen.analysis)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from riskscreen import paths
from riskscreen.analysis.backtest import backtest, format_report
from riskscreen.analysis.labelled import LabelledSetError, read_corpus, select
from riskscreen.analysis.rulefiles import DraftError
from riskscreen.analysis.service import import_folder, ruleset_of
from riskscreen.commands.common import configured_store
from riskscreen.engine.classifier import TextClassifier
from riskscreen.engine.document import KINDS
from riskscreen.engine.rules import RuleLoadError, RuleSet, load_ruleset
from riskscreen.engine.screener import Screener
from riskscreen.ml.artefact import ModelLoadError
from riskscreen.ml.registry import ModelRegistry, RegistryError
from riskscreen.store import rulesets as ruleset_store
from riskscreen.store.database import Store


def _store() -> Store:
    """The configured store, migrated, with the rules folder imported as at start-up."""
    store = configured_store()
    try:
        import_folder(store, paths.rules_path())
    except RuleLoadError as exc:
        raise click.ClickException(str(exc)) from exc
    return store


def _ruleset(store: Store, name: str) -> RuleSet:
    """A stored version, 'active', or a rules folder."""
    if Path(name).is_dir():
        try:
            return load_ruleset(Path(name))
        except RuleLoadError as exc:
            raise click.ClickException(str(exc)) from exc
    with store.session() as session:
        try:
            return ruleset_of(session, None if name == "active" else name)
        except ruleset_store.UnknownVersion as exc:
            raise click.ClickException(str(exc)) from exc


def _classifiers(models_dir: Path | None, use_models: bool) -> dict[str, TextClassifier]:
    if not use_models:
        return {}
    registry = ModelRegistry(models_dir or paths.models_path())
    found: dict[str, TextClassifier] = {}
    for kind in KINDS:
        try:
            version = registry.active(kind)
            if version:
                found[kind] = registry.load(version)
        except (RegistryError, ModelLoadError) as exc:
            raise click.ClickException(str(exc)) from exc
    return found


@click.group("rulesets")
def analyst_group() -> None:
    """Stored ruleset versions: list, import, activate, roll back, backtest."""


@analyst_group.command("list")
def list_command() -> None:
    """Every stored version, newest first (* = active)."""
    store = _store()
    with store.session() as session:
        active = ruleset_store.active_version(session)
        rows, _ = ruleset_store.list_versions(session, limit=1000, offset=0)
        for row in rows:
            mark = "*" if row.version == active else " "
            click.echo(f"{mark} {row.version}  {row.created_at:%Y-%m-%d %H:%M}  "
                       f"{row.rule_count:3} rules  {row.created_by:14} {row.note}")


@analyst_group.command("import")
@click.option("--path", "rules_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Rules folder (default: RISKSCREEN_RULES_PATH or rules/).")
@click.option("--activate", is_flag=True, help="Make the imported version active.")
def import_command(rules_dir: Path | None, activate: bool) -> None:
    """Store a rules folder as a version (validated as at start-up)."""
    store = _store()
    try:
        version = import_folder(store, rules_dir or paths.rules_path(), actor="cli")
    except RuleLoadError as exc:
        raise click.ClickException(str(exc)) from exc
    if activate:
        with store.transaction() as session:
            ruleset_store.activate(session, version, actor="cli")
    click.echo(f"stored {version}" + ("  [active]" if activate else ""))


@analyst_group.command("activate")
@click.argument("version")
def activate_command(version: str) -> None:
    """Make VERSION active (every worker picks it up within RULESET_POLL_SECONDS)."""
    store = _store()
    try:
        with store.transaction() as session:
            previous = ruleset_store.activate(session, version, actor="cli")
    except ruleset_store.RulesetStoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"active ruleset: {version} (was {previous})")


@analyst_group.command("rollback")
def rollback_command() -> None:
    """Undo the newest activation."""
    store = _store()
    try:
        with store.transaction() as session:
            restored, rolled_back = ruleset_store.rollback(session, actor="cli")
    except ruleset_store.RulesetStoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"active ruleset: {restored} (rolled back {rolled_back})")


@analyst_group.command("backtest")
@click.option("--version", "version", default="active", show_default=True,
              help="Stored version, 'active', or a rules folder.")
@click.option("--against", default=None, help="Version (or folder) to compare with.")
@click.option("--data", "data", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Labelled JSONL file or folder (repeatable; default: data/corpus).")
@click.option("--split", type=click.Choice(("all", "train", "test")), default="all",
              show_default=True)
@click.option("--kind", type=click.Choice(KINDS), default=None)
@click.option("--rules-only", is_flag=True, help="Leave the classifiers out of the scores.")
@click.option("--models-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
def backtest_command(version: str, against: str | None, data: tuple[Path, ...], split: str,
                     kind: str | None, rules_only: bool, models_dir: Path | None,
                     as_json: bool) -> None:
    """Run a ruleset over labelled data: per rule, per indicator, overall, and the changes
    against another version."""
    store = _store()
    candidate = _ruleset(store, version)
    baseline = _ruleset(store, against) if against else None
    try:
        items = select(read_corpus(list(data) or [paths.corpus_path()]), split, kind)
    except (LabelledSetError, DraftError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    if not items:
        raise click.ClickException("no labelled records to run on")
    classifiers = _classifiers(models_dir, not rules_only)
    result = backtest(Screener(candidate, classifiers), items,
                      Screener(baseline, classifiers) if baseline else None)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(format_report(result["report"], result["comparison"]))
