"""What the engine needs from a text classifier (riskscreen.ml provides it; the engine
imports nothing from there, so any object with this shape will do)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class TermContributionLike(Protocol):
    term: str
    contribution: float
    spans: list[tuple[int, int]]


class TextClassifier(Protocol):
    version: str
    kind: str
    threshold: float

    def explain_batch(
        self, texts: Sequence[str], top_k: int = 10
    ) -> tuple[Any, list[list[Any]]]:
        """(P(risk) per text, the top_k terms per text by |contribution|, with spans)."""
        ...
