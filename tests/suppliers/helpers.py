"""Small builders shared by the supplier tests."""

from __future__ import annotations

import io
from typing import Any

import openpyxl


def xlsx(rows: list[list[Any]], title: str = "Suppliers") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read_xlsx(data: bytes) -> list[list[Any]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]
