"""`riskscreen bands`: what share of each band is truly risky on labelled data."""

from __future__ import annotations

import click

from riskscreen.analysis.bands import band_table, choose_cutoffs, format_table
from riskscreen.commands.screen import build_screener
from riskscreen.engine.document import Document
from riskscreen.engine.scoring import BANDS
from riskscreen.ml.corpus import load_records, split_of
from riskscreen.paths import corpus_path


@click.command("bands")
@click.option("--split", type=click.Choice(["train", "test", "all"]), default="test",
              show_default=True)
def bands_command(split: str) -> None:
    """Score the corpus split; print the band table for the current cut-offs and a proposal."""
    records = [r for r in load_records([corpus_path()]) if split == "all" or split_of(r) == split]
    screener = build_screener()
    scores, labels = [], []
    for kind in ("job_ad", "audit"):
        subset = [r for r in records if r.kind == kind]
        answers = screener.screen_many(
            [Document(r.text, kind=kind, language=r.language, fields=r.fields) for r in subset])
        scores += [a.score for a in answers]
        labels += [r.label for r in subset]
    click.echo(f"{len(scores)} documents of the {split} split, {sum(labels)} truly risky\n")
    click.echo("current cut-offs:")
    click.echo(format_table(band_table(scores, labels, BANDS)))
    proposal = choose_cutoffs(scores, labels)
    click.echo("\ncut-offs that meet the targets on this split:")
    click.echo(format_table(band_table(scores, labels, proposal)))
