"""The unit the engine screens: a text, its kind, its language and optional structured fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from riskscreen.engine.langdetect import DEFAULT_LANGUAGE, detect_language

KINDS = ("job_ad", "audit")


@dataclass(frozen=True)
class Document:
    """A job ad or audit finding as submitted.

    `text` is kept exactly as sent (CRLF, emoji, non-breaking spaces): every offset the
    engine returns indexes this string. When `language` is None it is guessed from the text.
    """

    text: str
    kind: str = "job_ad"
    language: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"text must be a str, not {type(self.text).__name__}")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if self.language is None:
            object.__setattr__(self, "language", detect_language(self.text))
        if self.fields is None:
            object.__setattr__(self, "fields", {})

    @property
    def lang(self) -> str:
        """The language, resolved (never None after construction)."""
        return self.language or DEFAULT_LANGUAGE
