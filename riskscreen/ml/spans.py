"""Where explanation terms occur in a text: every (start, end) of each term.

The terms are those of :mod:`riskscreen.ml.scoring`: word unigrams and bigrams of the word
tokenizer, and whitespace-token cores (a whitespace token without its edge punctuation,
such as "5,000" or "e-mail"). Matching is case-insensitive: ``text[start:end].lower()``
is the term for one-word terms, except where a character lowers to more than one ("İ" to
"i̇"): a span then covers the whole character, so "Dubaİ" is the span of the term "dubai".
"""

from __future__ import annotations

import re
from collections.abc import Callable

PATTERN_LIMIT = 50_000  # compiled regexes kept per cache

_ALL_WORD = re.compile(r"^\w+$")
_HAS_WORD = re.compile(r"\w")


class SpanFinder:
    """Finds term spans; compiled regexes are cached per term (safe to share between threads:
    the caches only ever gain or drop whole entries)."""

    def __init__(self) -> None:
        self._bigrams: dict[str, re.Pattern[str]] = {}
        self._word_patterns: dict[str, re.Pattern[str]] = {}
        # The last text and its lower-case form: the terms of one text are looked up one
        # after another, and lowering a non-ASCII text costs more than finding a term.
        self._last_lowered: tuple[str, str] = ("", "")

    def find(self, text: str, wanted: set[str]) -> dict[str, list[tuple[int, int]]]:
        """Every (start, end) of each wanted term in text, case-insensitively.

        One-word terms made of word characters occur as whole words; other one-word terms
        (a whitespace token's core, such as "5,000") occur as a whitespace token with only
        punctuation around them; two-word terms run from the first word to the second with
        only what the word tokenizer skips between them.
        """
        low = self._lowered(text)
        if len(low) == len(text):
            return self._find_in(low, wanted)
        # Lowercasing made some characters longer ("İ" -> "i̇", rare): search the lowered
        # text and map each offset back to the character it came from. A character lowers
        # to as many characters alone as in context (only Σ depends on context: σ or ς).
        origin = [i for i, char in enumerate(text) for _ in char.lower()]
        if len(origin) != len(low):  # pragma: no cover  (a Unicode rule we do not know)
            low = "".join(char.lower() for char in text)
        found = self._find_in(low, wanted)
        return {
            term: [(origin[start], origin[end - 1] + 1) for start, end in spans]
            for term, spans in found.items()
        }

    def _find_in(self, low: str, wanted: set[str]) -> dict[str, list[tuple[int, int]]]:
        """find() on the lowercased text."""
        out: dict[str, list[tuple[int, int]]] = {}
        for term in wanted:
            if " " in term:
                out[term] = self._two_words(low, term)
            elif _ALL_WORD.match(term):
                out[term] = [m.span() for m in self._whole_word(term).finditer(low)]
            else:
                edges = _punct_edges if _HAS_WORD.search(term) else _space_edges
                out[term] = _find_all(low, term, edges)
        return out

    def _lowered(self, text: str) -> str:
        last_text, last_low = self._last_lowered  # one tuple: consistent across threads
        if last_text is text:
            return last_low
        low = text.lower()
        self._last_lowered = (text, low)
        return low

    def _bigram(self, term: str) -> re.Pattern[str]:
        """A regex whose group 1 is a word bigram starting where it is matched (see find).

        Between the two words only what the word tokenizer skips: non-word characters and
        one-character words. The lookahead lets occurrences overlap.
        """
        pattern = self._bigrams.get(term)
        if pattern is None:
            if len(self._bigrams) > PATTERN_LIMIT:
                self._bigrams.clear()
            a, b = (re.escape(word) for word in term.split(" "))
            source = rf"(?=(\b{a}\W+(?:\w\W+)*?{b}\b))"
            pattern = self._bigrams[term] = re.compile(source)
        return pattern

    def _whole_word(self, term: str) -> re.Pattern[str]:
        """A regex finding a term of word characters as a whole word in lowercased text.

        The boundary checks come after the literal, so that re scans for the literal
        quickly (a leading lookbehind or \\b would make it try every position). re's \\w
        is str.isalnum() or "_", as in _word_edges, and whole words never overlap.
        """
        pattern = self._word_patterns.get(term)
        if pattern is None:
            if len(self._word_patterns) > PATTERN_LIMIT:
                self._word_patterns.clear()
            literal = re.escape(term)
            source = rf"{literal}(?<!\w{literal})(?!\w)"
            pattern = self._word_patterns[term] = re.compile(source)
        return pattern

    def _two_words(self, low: str, term: str) -> list[tuple[int, int]]:
        """Spans of a word bigram: tried at each occurrence of its first word."""
        pattern = self._bigram(term)
        first = term.split(" ", 1)[0]
        spans = []
        i = low.find(first)
        while i >= 0:
            match = pattern.match(low, i)
            if match is not None:
                spans.append(match.span(1))
            i = low.find(first, i + 1)
        return spans


def _find_all(
    low: str, term: str, edges: Callable[[str, int, int], bool]
) -> list[tuple[int, int]]:
    """Every occurrence of term in low (overlapping ones too) whose edges pass the check."""
    spans = []
    size = len(term)
    i = low.find(term)
    while i >= 0:
        if edges(low, i, i + size):
            spans.append((i, i + size))
        i = low.find(term, i + 1)
    return spans


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _word_edges(low: str, start: int, end: int) -> bool:
    """low[start:end] is a whole word (no word character touches it)."""
    return (start == 0 or not _is_word_char(low[start - 1])) and (
        end == len(low) or not _is_word_char(low[end])
    )


def _space_edges(low: str, start: int, end: int) -> bool:
    """low[start:end] is a whole whitespace token."""
    return (start == 0 or low[start - 1].isspace()) and (end == len(low) or low[end].isspace())


def _punct_edges(low: str, start: int, end: int) -> bool:
    """Only punctuation lies between low[start:end] and the whitespace around it."""
    if not _word_edges(low, start, end):
        return False
    i = start - 1
    while i >= 0 and not low[i].isspace():
        if _is_word_char(low[i]):
            return False
        i -= 1
    i = end
    while i < len(low) and not low[i].isspace():
        if _is_word_char(low[i]):
            return False
        i += 1
    return True
