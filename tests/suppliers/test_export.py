"""Downloads: formula-like cells neutralised in CSV and XLSX, numbers kept as numbers."""

import csv
import io

import pytest

from riskscreen.suppliers.export import COLUMNS, csv_lines, neutralise, xlsx_bytes
from tests.suppliers.helpers import read_xlsx


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+SUM(A1)", "'+SUM(A1)"), ("-2+3", "'-2+3"), ("@cmd", "'@cmd"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Acme", "Acme"), ("a=b", "a=b"), (-5.0, -5.0),
    (None, None),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


RESULT = {"row": 2, "status": "ok", "name": '=HYPERLINK("http://x","click")',
          "country_input": "@SUM(1)", "country": None, "goods_input": "+cmd", "goods": [],
          "goods_unmapped": ["-2+3"], "score": 12.5, "band": "low", "reasons": [],
          "entity_matches": [], "audit": None, "issues": [], "spend": -300.0, "tier": "\t1",
          "address": "\rA", "identifiers": "ok"}


def test_csv_download_neutralises_cells():
    text = "".join(csv_lines([RESULT]))
    assert text.startswith("\ufeff")
    header, row = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header == list(COLUMNS)
    cells = dict(zip(header, row, strict=True))
    assert cells["name"] == '\'=HYPERLINK("http://x","click")'
    assert cells["country_input"] == "'@SUM(1)"
    assert cells["goods_input"] == "'+cmd"
    assert cells["goods_unmapped"] == "'-2+3"
    assert cells["tier"] == "'\t1"
    assert cells["address"] == "'\rA"
    assert cells["spend"] == "-300.0"  # a number, not text


def test_xlsx_download_neutralises_cells_and_keeps_numbers():
    header, row = read_xlsx(xlsx_bytes([RESULT]))
    cells = dict(zip(header, row, strict=True))
    assert cells["name"] == '\'=HYPERLINK("http://x","click")'
    assert cells["country_input"] == "'@SUM(1)"
    assert cells["spend"] == -300
    assert cells["score"] == 12.5
