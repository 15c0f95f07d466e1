"""`riskscreen reference ...`: import reference data (goods, country indices, entity lists)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import click

from riskscreen.commands.common import configured_store
from riskscreen.store import reference as store_reference
from riskscreen.suppliers.reference import (
    Issue,
    ReferenceFileError,
    parse_country_index,
    parse_entities,
    parse_goods,
)


def _report(issues: Sequence[Issue], limit: int = 20) -> None:
    for issue in issues[:limit]:
        where = f"row {issue.row}" if issue.row else "file"
        click.echo(f"  {where}, {issue.column}: {issue.reason}", err=True)
    if len(issues) > limit:
        click.echo(f"  ... and {len(issues) - limit} more", err=True)


def _read(path: Path) -> bytes:
    return path.read_bytes()


file_argument = click.argument("file", type=click.Path(exists=True, dir_okay=False,
                                                       path_type=Path))
source_option = click.option("--source", help="Who published it (kept as provenance).")
edition_option = click.option("--edition", help="Edition or version (default: today's date).")
licence_option = click.option("--licence", default="", help="Licence of the data.")


@click.group("reference")
def reference_group() -> None:
    """Reference data for supplier screening: DOL goods list, country indices, entity lists."""


@reference_group.command("import-goods")
@file_argument
@source_option
@edition_option
@licence_option
def import_goods(file: Path, source: str | None, edition: str | None, licence: str) -> None:
    """Import the US DOL List of Goods (2022 or older layout, CSV or XLSX); replaces the
    active goods list."""
    content = _read(file)
    try:
        parsed = parse_goods(content)
    except ReferenceFileError as exc:
        raise click.ClickException(str(exc)) from None
    with configured_store().transaction() as session:
        row = store_reference.save_goods(
            session, parsed.records, content=content, layout=parsed.layout,
            source=source or "US Department of Labor, List of Goods Produced by Child Labor "
                             "or Forced Labor",
            edition=edition or date.today().isoformat(), licence=licence, issues=parsed.issues)
    click.echo(f"imported {len(parsed.records)} goods listings ({parsed.layout}), "
               f"edition {row.edition}; {len(parsed.issues)} issues")
    _report(parsed.issues)


@reference_group.command("import-countries")
@file_argument
@click.option("--name", default="country-index", show_default=True,
              help="Name of this index set; importing the same name replaces it.")
@source_option
@edition_option
@licence_option
def import_countries(file: Path, name: str, source: str | None, edition: str | None,
                     licence: str) -> None:
    """Import country-level index values (country, indicator, value, source)."""
    content = _read(file)
    try:
        parsed = parse_country_index(content)
    except ReferenceFileError as exc:
        raise click.ClickException(str(exc)) from None
    with configured_store().transaction() as session:
        row = store_reference.save_country_index(
            session, parsed.records, name=name, content=content, source=source or name,
            edition=edition or date.today().isoformat(), licence=licence, issues=parsed.issues)
    click.echo(f"imported {len(parsed.records)} country index values as {name!r}, "
               f"edition {row.edition}; {len(parsed.issues)} issues")
    _report(parsed.issues)


@reference_group.command("import-entities")
@file_argument
@click.option("--list", "list_name", required=True,
              help="Name of the list (e.g. uflpa); importing the same name replaces it.")
@source_option
@edition_option
@licence_option
def import_entities(file: Path, list_name: str, source: str | None, edition: str | None,
                    licence: str) -> None:
    """Import an entity list: our CSV layout or OpenSanctions targets.simple.csv."""
    content = _read(file)
    try:
        parsed = parse_entities(content, list_name)
    except ReferenceFileError as exc:
        raise click.ClickException(str(exc)) from None
    with configured_store().transaction() as session:
        row = store_reference.save_entities(
            session, parsed.records, list_name=list_name, content=content,
            layout=parsed.layout, source=source or list_name,
            edition=edition or date.today().isoformat(), licence=licence, issues=parsed.issues)
    click.echo(f"imported {len(parsed.records)} entities into {list_name!r} ({parsed.layout}), "
               f"edition {row.edition}; {len(parsed.issues)} issues")
    _report(parsed.issues)


@reference_group.command("list")
def list_sources() -> None:
    """The active reference data, with provenance."""
    with configured_store().session() as session:
        for source in store_reference.active_sources(session):
            click.echo(f"{source.kind:<14} {source.name:<24} {source.edition:<16} "
                       f"{source.row_count:>7} rows  imported {source.imported_at:%Y-%m-%d} "
                       f"by {source.imported_by}  {source.source[:60]}")


@reference_group.command("remove")
@click.argument("kind", type=click.Choice(["goods", "country_index", "entities"]))
@click.argument("name")
def remove(kind: str, name: str) -> None:
    """Stop using a reference source (it stays recorded, inactive)."""
    with configured_store().transaction() as session:
        count = store_reference.deactivate(session, kind, name)
    click.echo(f"deactivated {count} source(s)")
