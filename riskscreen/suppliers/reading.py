"""Reading uploaded tables: CSV (any common encoding and separator) and XLSX.

Forgiving about form (BOMs, UTF-16 and cp1252 from Excel, comma/semicolon/tab separators,
quoted fields with newlines, header case and spacing, common header aliases) and strict about
substance: a file that is not a table, a broken workbook or a missing required column raises
UploadError, which the API turns into a 415 or 422 that names the problem.

Row numbers are the ones the user sees in a spreadsheet: the header is row 1 when it is the
first line, and a quoted field that spans several lines is still one row.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from riskscreen.suppliers.text import key

csv.field_size_limit(16 * 1024 * 1024)

# Our columns, and the headers that mean each (compared after key(): case, accents,
# punctuation and spacing do not matter). The first alias of a field wins over later ones.
FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("supplier name", "supplier", "vendor name", "vendor", "company name", "company",
             "name", "supplier legal name", "legal name", "factory name", "factory",
             "business name", "organisation", "organization"),
    "country": ("country", "country code", "country iso", "iso", "iso code", "country iso code",
                "iso2", "iso3", "iso country", "country name", "country of origin",
                "origin country", "supplier country", "origin"),
    "goods": ("goods", "good", "product", "products", "commodity", "commodities", "sector",
              "hs code", "hs", "hs codes", "product category", "category", "industry",
              "goods or sector", "main product"),
    "address": ("address", "supplier address", "street address", "full address", "location"),
    "identifiers": ("identifiers", "identifier", "registration number", "registration no",
                    "reg no", "company number", "company registration number", "tax id",
                    "tax number", "vat", "vat number", "duns", "duns number", "lei", "ids"),
    "spend": ("spend", "annual spend", "spend usd", "annual spend usd", "total spend",
              "spend amount", "amount"),
    "tier": ("tier", "supplier tier"),
    "audit_findings": ("audit findings", "findings", "audit notes", "audit", "audit comments",
                       "audit summary", "audit finding"),
}
REQUIRED = ("name", "country")
OPTIONAL = tuple(f for f in FIELDS if f not in REQUIRED)


class UploadError(ValueError):
    """A file that cannot be read as a supplier table. `status` is 415 or 422."""

    def __init__(self, status: int, message: str, errors: dict[str, Any] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or {}


@dataclass
class Table:
    """A header and the data rows after it, each with its spreadsheet row number."""

    format: str  # csv | xlsx
    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[str]]]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


@dataclass
class ColumnMap:
    """Which of the file's columns holds each of our fields."""

    columns: dict[str, int]  # field -> column index
    headers: dict[str, str]  # field -> the header as the file spells it
    unused: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------- file type


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, .doc
BINARY_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image",
                b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
                b"\x1f\x8b": "a gzip archive", b"Rar!": "a RAR archive",
                b"7z\xbc\xaf": "a 7-Zip archive"}


def open_table(data: bytes, filename: str | None = None) -> Table:
    """Sniff the format and open the table; UploadError if it is not a CSV or XLSX table."""
    if not data.strip():
        raise UploadError(422, "The file is empty.", {"file": ["empty file"]})
    if data.startswith(ZIP_MAGIC):
        return _open_xlsx(data)
    if data.startswith(OLE_MAGIC):
        raise UploadError(415, "This is a legacy Excel .xls (or another OLE) file: save it as "
                          ".xlsx or CSV and upload again.", {"file": ["legacy .xls not supported"]})
    for magic, what in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise UploadError(415, f"The file is {what}, not a CSV or XLSX table.",
                              {"file": [f"{what} is not a table"]})
    text, encoding = decode(data)
    if "\x00" in text[:65536]:
        raise UploadError(415, "The file is binary, not a CSV or XLSX table.",
                          {"file": ["binary content"]})
    return _open_csv(text, encoding)


# ---------------------------------------------------------------------------- CSV


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: BOMs first, then UTF-8, then Windows-1252 (Excel)."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise UploadError(422, f"The file starts with a {encoding} byte-order mark but "
                                  f"is not valid {encoding} at byte {exc.start}.",
                                  {"file": ["broken text encoding"]}) from None
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a byte-order mark: NULs on every other byte
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(text: str) -> str:
    """The separator of the header line: the candidate that occurs most outside quotes."""
    first = ""
    quoted = False
    for line in text.splitlines():
        if not quoted and not line.strip():
            continue
        first += line + "\n"
        quoted = (first.count('"') % 2) == 1
        if not quoted:
            break
    counts: dict[str, int] = {}
    inside = False
    for ch in first:
        if ch == '"':
            inside = not inside
        elif not inside and ch in DELIMITERS:
            counts[ch] = counts.get(ch, 0) + 1
    if not counts:
        return ","
    return max(DELIMITERS, key=lambda d: (counts.get(d, 0), -DELIMITERS.index(d)))


def _open_csv(text: str, encoding: str) -> Table:
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = _numbered(reader)
    header_row, header = _first_nonblank(records)
    return Table("csv", header, header_row, records, encoding=encoding, delimiter=delimiter)


def _numbered(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            yield number, record
    except csv.Error as exc:
        raise UploadError(422, f"The CSV cannot be read after row {number}: {exc}.",
                          {"file": [f"unreadable CSV after row {number}"]}) from None


def _first_nonblank(records: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    for number, cells in records:
        if any(cell.strip() for cell in cells):
            return number, [cell.strip().lstrip("\ufeff") for cell in cells]
    raise UploadError(422, "The file has no header row.", {"file": ["no header row"]})


# ---------------------------------------------------------------------------- XLSX


def _open_xlsx(data: bytes) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadError(422, f"The file looks like an XLSX workbook but is broken ({exc}).",
                          {"file": ["broken XLSX"]}) from None
    if "xl/workbook.xml" not in names:
        what = "an OpenDocument file" if "mimetype" in names else "a ZIP archive"
        raise UploadError(415, f"The file is {what}, not an XLSX workbook or a CSV file.",
                          {"file": [f"{what} is not a table"]})
    try:
        sheet_name, rows = _calamine_rows(data)
    except ImportError:
        sheet_name, rows = _openpyxl_rows(data)
    except Exception as exc:  # calamine's errors for damaged parts
        raise UploadError(422, f"The XLSX workbook cannot be read ({exc}).",
                          {"file": ["broken XLSX"]}) from None
    try:
        header_row, header = _first_nonblank(rows)
    except UploadError:
        raise
    except Exception as exc:
        raise UploadError(422, f"The XLSX workbook cannot be read ({type(exc).__name__}: {exc}).",
                          {"file": ["broken XLSX"]}) from None
    return Table("xlsx", header, header_row, _guarded(rows), sheet=sheet_name)


def _calamine_rows(data: bytes) -> tuple[str, Iterator[tuple[int, list[str]]]]:
    """The first sheet's rows with python-calamine (Rust): about 25x faster than openpyxl."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    # iter_rows yields every row from row 1 (blank rows above the data included; columns
    # start at the first used one, which keeps header and data aligned)
    return sheet.name, _xlsx_rows(sheet.iter_rows(), 1)


def _openpyxl_rows(data: bytes) -> tuple[str, Iterator[tuple[int, list[str]]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged parts
        raise UploadError(422, f"The XLSX workbook cannot be read ({type(exc).__name__}: {exc}).",
                          {"file": ["broken XLSX"]}) from None
    sheet = workbook.worksheets[0]
    return sheet.title, _xlsx_rows(sheet.iter_rows(min_row=1, min_col=1, values_only=True), 1)


def _guarded(rows: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    try:
        yield from rows
    except Exception as exc:
        raise UploadError(422, f"The XLSX workbook is damaged ({type(exc).__name__}: {exc}).",
                          {"file": ["broken XLSX"]}) from None


def _xlsx_rows(rows: Any, first: int) -> Iterator[tuple[int, list[str]]]:
    for number, values in enumerate(rows, start=first):
        yield number, [cell_text(value) for value in values]


def cell_text(value: Any) -> str:
    """A workbook cell as text: 1200.0 -> "1200", dates as ISO, empty as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


# ---------------------------------------------------------------------------- columns


def header_index(header: list[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        index.setdefault(key(name), position)
    return index


def resolve_columns(header: list[str], mapping: Mapping[str, str] | None = None) -> ColumnMap:
    """Our fields -> the file's columns, from the explicit mapping first, then the aliases."""
    by_key = header_index(header)
    columns: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for our, theirs in (mapping or {}).items():
        if our not in FIELDS:
            errors[our] = [f"unknown column {our!r}: map one of {', '.join(FIELDS)}"]
            continue
        if not isinstance(theirs, str) or key(theirs) not in by_key:
            errors[our] = [f"the file has no column {theirs!r} (it has: {', '.join(header)})"]
            continue
        columns[our] = by_key[key(theirs)]
    if errors:
        raise UploadError(422, "The column mapping does not fit the file: `errors` says where.",
                          {"mapping": errors})
    taken = set(columns.values())
    for our, aliases in FIELDS.items():
        if our in columns:
            continue
        for alias in aliases:
            position = by_key.get(alias)
            if position is not None and position not in taken:
                columns[our] = position
                taken.add(position)
                break
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        names = " and ".join(missing)
        raise UploadError(
            422,
            f"No {names} column found. Headers in the file: {', '.join(h for h in header if h)}. "
            f"Name it as documented (e.g. 'supplier name', 'country') or send a `mapping`.",
            {"file": {f: [f"no {f} column (aliases: {', '.join(FIELDS[f][:6])}, ...)"]
                      for f in missing}},
        )
    unused = [h for i, h in enumerate(header) if i not in taken and h]
    return ColumnMap(columns=columns, headers={f: header[i] for f, i in columns.items()},
                     unused=unused)


HEADER_SEARCH_ROWS = 10


def locate_columns(table: Table, mapping: Mapping[str, str] | None = None) -> ColumnMap:
    """Resolve the columns, allowing a few title rows above the header (as reports have).

    The first of the first HEADER_SEARCH_ROWS non-blank rows that has a name and a country
    column is the header; the table is moved to start after it. If none has, the error is the
    one for the first row.
    """
    candidates: list[tuple[int, list[str]]] = [(table.header_row, table.header)]
    first_error: UploadError | None = None
    while True:
        number, header = candidates[-1]
        try:
            columns = resolve_columns(header, mapping)
        except UploadError as exc:
            if exc.errors.get("mapping") or len(candidates) >= HEADER_SEARCH_ROWS:
                raise first_error or exc from None
            first_error = first_error or exc
            following = _next_nonblank(table.rows)
            if following is None:
                raise first_error from None
            candidates.append((following[0], [c.strip() for c in following[1]]))
            continue
        table.header_row, table.header = number, header
        return columns


def _next_nonblank(rows: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]] | None:
    for number, cells in rows:
        if any(cell.strip() for cell in cells):
            return number, cells
    return None


@dataclass(frozen=True)
class RawRow:
    """One data row: its spreadsheet row number and our fields as the file wrote them."""

    row: int
    values: dict[str, str]


def raw_rows(table: Table, columns: ColumnMap) -> Iterator[RawRow]:
    """Every non-blank data row, in file order. Blank rows are skipped (they hold nothing)."""
    for number, cells in table.rows:
        if not any(cell.strip() for cell in cells):
            continue
        values = {}
        for our, position in columns.columns.items():
            values[our] = cells[position].strip() if position < len(cells) else ""
        yield RawRow(number, values)
