"""Results as CSV and XLSX downloads, with spreadsheet formula injection neutralised.

A text cell that starts with = + - @, a tab or a carriage return would run as a formula in
Excel or LibreOffice; it is written with a leading single quote instead. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    "row", "status", "name", "country_input", "country", "goods_input", "goods",
    "goods_unmapped", "score", "band", "reasons", "entity_matches", "audit", "issues",
    "spend", "tier", "address", "identifiers",
)


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def flat(result: dict[str, Any]) -> list[Any]:
    """One result as a spreadsheet row (lists joined, reasons with their contributions)."""
    audit = result.get("audit")
    values: dict[str, Any] = {
        **result,
        "goods": "; ".join(result.get("goods") or []),
        "goods_unmapped": "; ".join(result.get("goods_unmapped") or []),
        "reasons": "; ".join(f"{r['label']} ({r['contribution']:+.2f})"
                             for r in result.get("reasons") or []),
        "entity_matches": "; ".join(
            f"{m['name']} [{m['list']}] {m['strength']:.0f} {m['status']}"
            for m in result.get("entity_matches") or []),
        "audit": f"{audit['score']:.0f} ({audit['band']})" if audit else "",
        "issues": "; ".join(f"{i['column']}: {i['reason']}" for i in result.get("issues") or []),
    }
    return [neutralise(values.get(column)) for column in COLUMNS]


def csv_lines(results: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The CSV, a few rows at a time (UTF-8 with a BOM, so Excel reads accents right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(COLUMNS)
    for count, result in enumerate(results, start=1):
        writer.writerow(["" if v is None else v for v in flat(result)])
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(results: Iterable[dict[str, Any]]) -> bytes:
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(value: Any) -> Any:
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("results")
    sheet.append(list(COLUMNS))
    for result in results:
        sheet.append([clean(v) for v in flat(result)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
