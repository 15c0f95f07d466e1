"""`riskscreen rules ...`: check, test and evaluate the rule files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from riskscreen import paths
from riskscreen.engine.evaluation import (
    SPLITS,
    CorpusError,
    evaluate,
    format_evaluation,
    read_records,
    split_of,
)
from riskscreen.engine.rules import RuleLoadError, RuleSet, load_ruleset
from riskscreen.engine.rules.examples import format_report, run_examples

_PATH = click.option(
    "--path",
    "rules_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Rules folder (default: RISKSCREEN_RULES_PATH or the shipped rules/).",
)


def _load(rules_dir: Path | None) -> RuleSet:
    folder = rules_dir or paths.rules_path()
    try:
        return load_ruleset(folder)
    except RuleLoadError as exc:
        for error in exc.errors:
            click.echo(str(error), err=True)
        raise click.ClickException(f"{len(exc.errors)} error(s) in {folder}") from exc


@click.group("rules")
def rules_group() -> None:
    """Check, test and evaluate the rule files."""


@rules_group.command("check")
@_PATH
def check(rules_dir: Path | None) -> None:
    """Validate every rule file (schema and semantics) and summarise coverage."""
    ruleset = _load(rules_dir)
    per_indicator = Counter(rule.indicator for rule in ruleset.rules)
    click.echo(
        f"{ruleset.version}: {len(ruleset.rules)} rules, {len(ruleset.indicators)} indicators"
    )
    for ind in sorted(ruleset.indicators):
        langs = sorted({lang for r in ruleset.rules if r.indicator == ind for lang in r.languages})
        click.echo(f"  {ind:28} {per_indicator.get(ind, 0):3} rules  {','.join(langs) or '-'}")
    uncovered = [ind for ind in ruleset.indicators if not per_indicator.get(ind)]
    click.echo(
        f"{len(ruleset.indicators) - len(uncovered)}/{len(ruleset.indicators)} indicators covered"
    )


@rules_group.command("test")
@_PATH
@click.option("--verbose", "-v", is_flag=True, help="List passing rules too.")
def test(rules_dir: Path | None, verbose: bool) -> None:
    """Run every example of every rule; known gaps are listed, not failed."""
    ruleset = _load(rules_dir)
    report = run_examples(ruleset)
    click.echo(format_report(report, verbose=verbose))
    if report.failures:
        raise click.ClickException(f"{len(report.failures)} example(s) failed")


@rules_group.command("evaluate")
@_PATH
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="JSONL corpus file or folder (repeatable; default: the shipped corpus).",
)
@click.option("--split", type=click.Choice(SPLITS), default="all", show_default=True)
@click.option(
    "--verbose", "-v", is_flag=True, help="List false positives and negatives with record ids."
)
def evaluate_command(
    rules_dir: Path | None, data: tuple[Path, ...], split: str, verbose: bool
) -> None:
    """Precision, recall and F1 of the rules per indicator on labelled records."""
    ruleset = _load(rules_dir)
    try:
        records = read_records(list(data) or [paths.corpus_path()])
    except (CorpusError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    if split != "all":
        records = [r for r in records if split_of(r) == split]
    if not records:
        raise click.ClickException("no records to evaluate")
    result = evaluate(ruleset, records, ruleset.indicators)
    covered = {rule.indicator for rule in ruleset.rules}
    click.echo(f"{ruleset.version}, split {split}")
    click.echo(format_evaluation(result, covered, verbose=verbose))
