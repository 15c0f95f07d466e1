"""The in-memory form of a rule file, after validation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES = ("experimental", "test", "stable")
PHRASE_ATTRS = ("LOWER", "LEMMA")
OPS = ("gt", "ge", "lt", "le", "eq", "ne", "present")
MAX_WEIGHT = 4.0


@dataclass(frozen=True)
class PhrasePattern:
    """Whole-token phrases matched on the lower-case form or on lemmas."""

    phrases: tuple[str, ...]
    attr: str = "LOWER"


@dataclass(frozen=True)
class TokenPattern:
    """spaCy Matcher token patterns (each a list of token dicts)."""

    tokens: tuple[tuple[dict[str, Any], ...], ...]


@dataclass(frozen=True)
class RegexPattern:
    """An RE2 regular expression matched on the raw text."""

    regex: str


@dataclass(frozen=True)
class FieldCondition:
    """A condition on a structured field of the document (no text span)."""

    field: str
    op: str
    value: Any = None
    compare_to: str | None = None


Pattern = PhrasePattern | TokenPattern | RegexPattern | FieldCondition


@dataclass(frozen=True)
class Example:
    """One example text (with optional fields, kind and language) attached to a rule."""

    text: str
    fields: dict[str, Any] = field(default_factory=dict)
    kind: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Examples:
    match: tuple[Example, ...]
    no_match: tuple[Example, ...] = ()
    known_gaps: tuple[Example, ...] = ()


@dataclass(frozen=True)
class Rule:
    """One validated rule; `file` is the path relative to the rules folder."""

    id: str
    title: str
    description: str
    indicator: str
    status: str
    weight: float
    languages: tuple[str, ...]
    kinds: tuple[str, ...]
    references: tuple[str, ...]
    negatable: bool
    patterns: tuple[Pattern, ...]
    examples: Examples
    file: str = ""

    @property
    def text_patterns(self) -> tuple[Pattern, ...]:
        return tuple(p for p in self.patterns if not isinstance(p, FieldCondition))

    @property
    def field_conditions(self) -> tuple[FieldCondition, ...]:
        return tuple(p for p in self.patterns if isinstance(p, FieldCondition))
