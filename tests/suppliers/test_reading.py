"""Reading uploads: forgiving about form, strict about substance."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from riskscreen.suppliers.reading import (
    UploadError,
    locate_columns,
    open_table,
    raw_rows,
    resolve_columns,
    sniff_delimiter,
)
from tests.suppliers.helpers import xlsx


def rows_of(data: bytes, mapping: dict[str, str] | None = None):
    table = open_table(data)
    columns = locate_columns(table, mapping)
    return table, columns, list(raw_rows(table, columns))


BASIC = "Supplier Name,Country,Product\nAcme Café,France,cotton\nBeta,Thailand,shrimp\n"


@pytest.mark.parametrize("encoded,encoding", [
    (BASIC.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + BASIC.encode("utf-8"), "utf-8-sig"),
    (BASIC.encode("utf-16"), "utf-16"),  # Python writes the BOM
    (codecs.BOM_UTF16_BE + BASIC.encode("utf-16-be"), "utf-16"),
    (BASIC.encode("cp1252"), "cp1252"),
])
def test_encodings_from_excel_are_read(encoded, encoding):
    table, _, rows = rows_of(encoded)
    assert table.encoding == encoding
    assert table.header == ["Supplier Name", "Country", "Product"]
    assert rows[0].values["name"] == "Acme Café"
    assert [r.row for r in rows] == [2, 3]


@pytest.mark.parametrize("separator", [",", ";", "\t", "|"])
def test_separators_are_sniffed(separator):
    text = BASIC.replace(",", separator)
    table, _, rows = rows_of(text.encode())
    assert table.delimiter == separator
    assert rows[1].values == {"name": "Beta", "country": "Thailand", "goods": "shrimp"}


def test_semicolon_csv_with_decimal_commas_keeps_its_columns():
    text = "Lieferant;Land;Spend;Supplier\nX;DE;1.234,50;Müller GmbH\n"
    assert sniff_delimiter(text) == ";"
    _, columns, rows = rows_of(text.encode("cp1252"), {"country": "Land"})
    assert rows[0].values["name"] == "Müller GmbH"
    assert rows[0].values["spend"] == "1.234,50"
    assert columns.unused == ["Lieferant"]


def test_quoted_newlines_stay_in_one_row_and_row_numbers_follow_the_spreadsheet():
    text = ('name,country,audit findings\n'
            '"Acme, Inc.",US,"line one\nline two\nline three"\n'
            'Beta,GB,ok\n')
    _, _, rows = rows_of(text.encode())
    assert rows[0].values["audit_findings"] == "line one\nline two\nline three"
    assert rows[0].values["name"] == "Acme, Inc."
    assert [r.row for r in rows] == [2, 3]  # not 2 and 5


def test_blank_rows_are_skipped_but_still_counted_in_row_numbers():
    text = "name,country\n\nAcme,US\n,\nBeta,GB\n"
    _, _, rows = rows_of(text.encode())
    assert [(r.row, r.values["name"]) for r in rows] == [(3, "Acme"), (5, "Beta")]


@pytest.mark.parametrize("header,field", [
    ("Vendor", "name"), ("  COMPANY   NAME ", "name"), ("supplier_name", "name"),
    ("Supplier", "name"), ("Country Code", "country"), ("ISO", "country"),
    ("country_iso", "country"), ("Goods", "goods"), ("Commodity", "goods"),
    ("Sector", "goods"), ("HS Code", "goods"), ("Address", "address"),
    ("Registration Number", "identifiers"), ("Tax ID", "identifiers"), ("DUNS", "identifiers"),
    ("Annual Spend", "spend"), ("Tier", "tier"), ("Audit Notes", "audit_findings"),
    ("Findings", "audit_findings"),
])
def test_header_aliases(header, field):
    other = {"name": "Country", "country": "Vendor"}.get(field, "Vendor,Country")
    text = f"{header},{other}\nx,y\n" if field in ("name", "country") else \
        f"{header},Vendor,Country\nx,Acme,US\n"
    table = open_table(text.encode())
    columns = resolve_columns(table.header)
    assert columns.columns[field] == 0


def test_explicit_mapping_wins_over_aliases_and_ignores_case():
    text = "Name,Country,Legal Entity,Origin ISO\nTrade name,XX,Acme Ltd,US\n"
    _, columns, rows = rows_of(text.encode(), {"name": "legal entity", "country": "ORIGIN ISO"})
    assert rows[0].values["name"] == "Acme Ltd"
    assert rows[0].values["country"] == "US"
    assert columns.headers == {"name": "Legal Entity", "country": "Origin ISO"}


def test_mapping_to_a_missing_header_or_unknown_field_is_422():
    table = open_table(b"name,country\nA,US\n")
    with pytest.raises(UploadError) as error:
        resolve_columns(table.header, {"name": "Company", "colour": "name"})
    assert error.value.status == 422
    assert set(error.value.errors["mapping"]) == {"name", "colour"}


def test_missing_required_column_names_it():
    table = open_table(b"Supplier,Product\nAcme,cotton\n")
    with pytest.raises(UploadError) as error:
        resolve_columns(table.header)
    assert error.value.status == 422
    assert "country" in error.value.message
    assert "country" in error.value.errors["file"]


def test_xlsx_is_read_with_its_row_numbers_and_typed_cells():
    data = xlsx([["Vendor", "Country", "Spend"], ["Acme", "Viet Nam", 1200.0],
                 [None, None, None], ["Beta", "DE", 10.5]])
    table, _, rows = rows_of(data)
    assert table.format == "xlsx"
    assert [(r.row, r.values["name"], r.values["spend"]) for r in rows] == [
        (2, "Acme", "1200"), (4, "Beta", "10.5")]


def test_title_rows_above_the_header_are_passed_over():
    data = xlsx([["Supplier report 2026"], [], ["Vendor", "Country"], ["Acme", "US"]])
    table, columns, rows = rows_of(data)
    assert table.header_row == 3
    assert columns.headers == {"name": "Vendor", "country": "Country"}
    assert [(r.row, r.values["name"]) for r in rows] == [(4, "Acme")]


def test_broken_xlsx_is_422():
    data = xlsx([["name", "country"], ["A", "US"]])
    with pytest.raises(UploadError) as error:
        open_table(data[: len(data) // 2])
    assert error.value.status == 422
    assert "XLSX" in error.value.message


def test_zip_that_is_not_a_workbook_is_415():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(UploadError) as error:
        open_table(buffer.getvalue())
    assert error.value.status == 415


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n...", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
    b"\x89PNG\r\n\x1a\n....", bytes(range(256)) * 4,
])
def test_not_a_table_is_415(data):
    with pytest.raises(UploadError) as error:
        open_table(data)
    assert error.value.status == 415


def test_empty_file_is_422():
    with pytest.raises(UploadError) as error:
        open_table(b"  \n")
    assert error.value.status == 422


def test_xlsx_rows_and_columns_keep_their_sheet_positions():
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["C3"], sheet["D3"], sheet["C4"], sheet["D4"] = "Vendor", "Country", "Acme", "US"
    sheet["C6"], sheet["D6"] = "Beta", "GB"
    out = io.BytesIO()
    workbook.save(out)
    table, _, rows = rows_of(out.getvalue())
    assert table.header_row == 3
    assert [(r.row, r.values["name"]) for r in rows] == [(4, "Acme"), (6, "Beta")]


def test_xlsx_reads_the_same_without_python_calamine(monkeypatch):
    import riskscreen.suppliers.reading as reading

    def missing(data):
        raise ImportError("python_calamine")

    data = xlsx([["Report"], [], ["Vendor", "Country", "Spend"], ["Acme", "Viet Nam", 1200.0],
                 [None, None, None], ["Beta", "DE", 10.5]])
    fast = rows_of(data)
    monkeypatch.setattr(reading, "_calamine_rows", missing)
    slow = rows_of(data)
    assert [(r.row, r.values) for r in fast[2]] == [(r.row, r.values) for r in slow[2]] == [
        (4, {"name": "Acme", "country": "Viet Nam", "spend": "1200"}),
        (6, {"name": "Beta", "country": "DE", "spend": "10.5"})]
