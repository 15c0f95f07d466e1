"""Errors raised when the catalogue or the rules cannot be loaded."""

from __future__ import annotations

from typing import NamedTuple


class RuleError(NamedTuple):
    """One problem in one file: `file: field: message`."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field or '-'}: {self.message}"


class RuleLoadError(Exception):
    """Every problem found while loading a rules folder (never only the first)."""

    def __init__(self, errors: list[RuleError]) -> None:
        self.errors = sorted(errors)
        super().__init__("\n".join(str(e) for e in self.errors))
