"""Reference data: reading the files partners import, and the snapshot a screening job uses.

Three kinds, each read from CSV or XLSX (reading.open_table, so the same encodings and
separators work):

- goods: the US Department of Labor's List of Goods Produced by Child Labor or Forced Labor,
  in its 2022 layout (good, sector, country, region, child_labor, forced_labor,
  forced_child_labor, derived_labor_exploitation, derived_country) or the older one
  (country, good, child_labor, forced_labor); Yes/No values;
- country indices: country, indicator, value, source (optional: direction);
- entity lists: our documented CSV (name, aliases, country, list, reference; optional id) or
  OpenSanctions' targets.simple.csv.

Rows that cannot be used (an unknown country, no name) are returned as issues with their row
number, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from riskscreen.suppliers.countries import normalise_country
from riskscreen.suppliers.reading import UploadError, open_table
from riskscreen.suppliers.text import key

YES = {"yes", "y", "x", "true", "1", "t"}
NO = {"no", "n", "", "false", "0", "f", "-"}


class ReferenceFileError(ValueError):
    """A reference file that cannot be imported at all (wrong layout, unreadable)."""


@dataclass(frozen=True)
class Issue:
    row: int
    column: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass(frozen=True)
class GoodsRecord:
    good: str  # lower case, as the list names it
    country: str  # ISO alpha-2
    child_labor: bool
    forced_labor: bool
    forced_child_labor: bool = False
    sector: str = ""
    region: str = ""
    derived_labor_exploitation: bool = False
    derived_country: str = ""

    @property
    def types(self) -> tuple[str, ...]:
        found = []
        if self.child_labor or self.forced_child_labor:
            found.append("child")
        if self.forced_labor or self.forced_child_labor:
            found.append("forced")
        return tuple(found)


@dataclass(frozen=True)
class IndexRecord:
    country: str
    indicator: str
    value: float
    source: str = ""
    direction: str = "higher_is_riskier"  # or higher_is_safer


@dataclass(frozen=True)
class EntityRecord:
    entity_id: str
    name: str
    aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    list_name: str = ""
    reference: str = ""
    schema: str = ""


@dataclass
class Parsed:
    """Records read from a reference file, the issues met, and what the file looked like."""

    records: list[Any]
    issues: list[Issue]
    layout: str


def _table(data: bytes) -> tuple[dict[str, int], list[str], Any]:
    try:
        table = open_table(data)
    except UploadError as exc:
        raise ReferenceFileError(exc.message) from None
    columns: dict[str, int] = {}
    for position, name in enumerate(table.header):
        columns.setdefault(key(name).replace("labour", "labor"), position)
    return columns, table.header, table.rows


def _need(columns: dict[str, int], names: tuple[str, ...], header: list[str], what: str) -> None:
    missing = [n for n in names if n not in columns]
    if missing:
        raise ReferenceFileError(
            f"not a {what} file: no {', '.join(missing)} column (headers: {', '.join(header)})")


def _cell(cells: list[str], columns: dict[str, int], name: str) -> str:
    position = columns.get(name)
    if position is None or position >= len(cells):
        return ""
    return cells[position].strip()


def _flag(value: str, row: int, column: str, issues: list[Issue]) -> bool:
    folded = value.strip().lower()
    if folded in YES:
        return True
    if folded not in NO:
        issues.append(Issue(row, column, f"expected Yes or No, got {value!r}: read as No"))
    return False


# ---------------------------------------------------------------------------- goods


def parse_goods(data: bytes) -> Parsed:
    """The DOL list, in either layout. One record per (good, country)."""
    columns, header, rows = _table(data)
    _need(columns, ("good", "country", "child labor", "forced labor"), header,
          "DOL goods list (good, country, child_labor, forced_labor)")
    layout = "dol-2022" if "forced child labor" in columns else "dol-legacy"
    records: list[GoodsRecord] = []
    issues: list[Issue] = []
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        good = _cell(cells, columns, "good").lower()
        raw_country = _cell(cells, columns, "country")
        if not good:
            issues.append(Issue(number, "good", "empty good"))
            continue
        country = normalise_country(raw_country)
        if country is None:
            issues.append(Issue(number, "country", f"unknown country {raw_country!r}"))
            continue
        flags = {name: _flag(_cell(cells, columns, name.replace("_", " ")), number, name, issues)
                 for name in ("child_labor", "forced_labor", "forced_child_labor",
                              "derived_labor_exploitation")}
        records.append(GoodsRecord(
            good=" ".join(good.split()), country=country, sector=_cell(cells, columns, "sector"),
            region=_cell(cells, columns, "region"),
            derived_country=_cell(cells, columns, "derived country"), **flags,
        ))
    return Parsed(records, issues, layout)


# ---------------------------------------------------------------------------- country indices


def parse_country_index(data: bytes) -> Parsed:
    columns, header, rows = _table(data)
    _need(columns, ("country", "indicator", "value"), header,
          "country index (country, indicator, value, source)")
    records: list[IndexRecord] = []
    issues: list[Issue] = []
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        raw_country = _cell(cells, columns, "country")
        country = normalise_country(raw_country)
        indicator = _cell(cells, columns, "indicator")
        raw_value = _cell(cells, columns, "value")
        direction = _cell(cells, columns, "direction") or "higher_is_riskier"
        if country is None:
            issues.append(Issue(number, "country", f"unknown country {raw_country!r}"))
            continue
        if not indicator:
            issues.append(Issue(number, "indicator", "empty indicator"))
            continue
        try:
            value = float(raw_value.replace(",", "."))
        except ValueError:
            issues.append(Issue(number, "value", f"not a number: {raw_value!r}"))
            continue
        if direction not in ("higher_is_riskier", "higher_is_safer"):
            issues.append(Issue(number, "direction",
                                "expected higher_is_riskier or higher_is_safer"))
            continue
        records.append(IndexRecord(country, indicator, value, _cell(cells, columns, "source"),
                                   direction))
    return Parsed(records, issues, "country-index")


# ---------------------------------------------------------------------------- entity lists

OPENSANCTIONS_COLUMNS = ("id", "schema", "name", "aliases", "countries", "dataset")
# OpenSanctions schemas that can be a supplier; people and vessels are left out (counted).
ENTITY_SCHEMAS = {"company", "organization", "legalentity", "publicbody"}


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def _countries(raw: str, number: int, issues: list[Issue]) -> tuple[str, ...]:
    found = []
    for part in _split(raw):
        code = normalise_country(part)
        if code is None:
            issues.append(Issue(number, "country", f"unknown country {part!r}: ignored"))
        elif code not in found:
            found.append(code)
    return tuple(found)


def parse_entities(data: bytes, list_name: str) -> Parsed:
    """Our documented layout or OpenSanctions targets.simple.csv (detected by its columns)."""
    columns, header, rows = _table(data)
    opensanctions = all(c in columns for c in OPENSANCTIONS_COLUMNS)
    if not opensanctions:
        _need(columns, ("name",), header, "entity list (name, aliases, country, list, reference)")
    records: list[EntityRecord] = []
    issues: list[Issue] = []
    skipped: dict[str, int] = {}
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        name = _cell(cells, columns, "name")
        if not name:
            issues.append(Issue(number, "name", "empty name"))
            continue
        if opensanctions:
            schema = _cell(cells, columns, "schema")
            if schema.lower() not in ENTITY_SCHEMAS:
                skipped[schema] = skipped.get(schema, 0) + 1
                continue
            records.append(EntityRecord(
                entity_id=_cell(cells, columns, "id") or f"row-{number}", name=name,
                aliases=_split(_cell(cells, columns, "aliases")),
                countries=_countries(_cell(cells, columns, "countries"), number, issues),
                list_name=list_name,
                reference=_cell(cells, columns, "sanctions") or _cell(cells, columns, "dataset"),
                schema=schema,
            ))
        else:
            records.append(EntityRecord(
                entity_id=_cell(cells, columns, "id") or key(name).replace(" ", "-"),
                name=name, aliases=_split(_cell(cells, columns, "aliases")),
                countries=_countries(_cell(cells, columns, "country"), number, issues),
                list_name=_cell(cells, columns, "list") or list_name,
                reference=_cell(cells, columns, "reference"),
            ))
    for schema, count in sorted(skipped.items()):
        issues.append(Issue(0, "schema", f"{count} {schema or 'untyped'} rows left out "
                            "(only companies and organisations are matched)"))
    return Parsed(records, issues, "opensanctions-simple" if opensanctions else "riskscreen")


# ---------------------------------------------------------------------------- snapshot


@dataclass(frozen=True)
class Listing:
    """One country x good listing with where it came from."""

    good: str
    types: tuple[str, ...]  # child, forced
    source: str
    edition: str


@dataclass(frozen=True)
class IndexValue:
    indicator: str
    value: float
    normalised: float  # 0..1, riskier is higher
    source: str
    edition: str


@dataclass
class ReferenceData:
    """Everything a screening needs, loaded once per job (plain data, no database)."""

    goods: dict[str, dict[str, Listing]] = field(default_factory=dict)  # country -> good -> ..
    country_index: dict[str, list[IndexValue]] = field(default_factory=dict)
    entities: list[EntityRecord] = field(default_factory=list)
    provenance: list[dict[str, Any]] = field(default_factory=list)

    @property
    def vocabulary(self) -> set[str]:
        return {good for listings in self.goods.values() for good in listings}

    def add_goods(self, records: list[GoodsRecord], source: str, edition: str) -> None:
        for record in records:
            if not record.types:
                continue
            by_good = self.goods.setdefault(record.country, {})
            previous = by_good.get(record.good)
            types = tuple(sorted(set(record.types) | set(previous.types if previous else ())))
            by_good[record.good] = Listing(record.good, types, source, edition)

    def add_index(self, records: list[IndexRecord], source: str, edition: str) -> None:
        top: dict[str, float] = {}
        low: dict[str, float] = {}
        for record in records:
            top[record.indicator] = max(top.get(record.indicator, record.value), record.value)
            low[record.indicator] = min(low.get(record.indicator, record.value), record.value)
        for record in records:
            span = top[record.indicator] - low[record.indicator]
            scaled = (record.value - low[record.indicator]) / span if span else 1.0
            if record.direction == "higher_is_safer":
                scaled = 1.0 - scaled
            self.country_index.setdefault(record.country, []).append(IndexValue(
                record.indicator, record.value, scaled, record.source or source, edition))
