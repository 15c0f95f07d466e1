"""Regular expressions from rule files, compiled with RE2.

RE2 guarantees matching in time linear in the length of the text: it has no backtracking
and rejects the constructs that need it (backreferences, lookahead, lookbehind). A rule
author's regex can therefore never hang a worker, however it is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import re2  # type: ignore[import-untyped]


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # errors are reported as RuleErrors, not on stderr
    return options


_OPTIONS = _options()


class RegexError(ValueError):
    """A pattern RE2 cannot compile, or one that is unusable as a rule."""


def compile_quiet(pattern: str) -> Any:
    """re2.compile without RE2's own error logging (raises re2.error)."""
    return re2.compile(pattern, options=_OPTIONS)


def error_reason(exc: Exception) -> str:
    """The readable reason of an re2.error (RE2 gives it as bytes)."""
    reason = exc.args[0] if exc.args else str(exc)
    if isinstance(reason, bytes):
        reason = reason.decode("utf-8", "replace")
    return str(reason)


def compile_linear(pattern: str) -> Any:
    """Compile with RE2 or raise RegexError with a readable reason."""
    try:
        compiled = re2.compile(pattern, options=_OPTIONS)
    except re2.error as exc:
        raise RegexError(
            "does not compile with RE2 (linear-time engine; no backreferences or lookaround): "
            + error_reason(exc)
        ) from exc
    if compiled.search("") is not None:
        raise RegexError("matches the empty string; every text would match")
    return compiled


def compile_set(patterns: list[str]) -> Any:
    """An RE2 set that tells in one pass which of the patterns match a text (bytes).

    The extension's own set: its Match(bytes) returns the list of matching indexes
    without the Python wrapper's frame and re-encoding check, which cost as much as
    scanning a short text.
    """
    regex_set = re2.Set.SearchSet(_SET_OPTIONS)
    for pattern in patterns:
        regex_set.Add(pattern)
    regex_set.Compile()
    return getattr(regex_set, "_set", regex_set)


def _set_options() -> Any:
    options = _options()
    options.max_mem = 32 << 20  # room for the DFA of a set of patterns
    return options


_SET_OPTIONS = _set_options()


def _scan_options() -> Any:
    options = _options()
    options.never_capture = True
    return options


_SCAN_OPTIONS = _scan_options()
SET_SIZE = 32  # one DFA for 150 rule regexes thrashes; sets of ~32 scan a text fastest


class RegexScanner:
    """Finds every match of many regexes in a text, with character offsets.

    The text is encoded to UTF-8 once; RE2 sets of SET_SIZE patterns tell which regexes
    match at all, and only those are run for their spans. (The Python wrapper re-encodes a
    str on every call, which costs more than the search itself.)
    """

    def __init__(self, patterns: list[str]) -> None:
        for pattern in patterns:
            compile_linear(pattern)  # the checks, with the rule's own options
        # Spans only (no groups): RE2 can then find them with its DFAs, twice as fast.
        self._compiled = [re2.compile(p, options=_SCAN_OPTIONS) for p in patterns]
        self._sets = [
            (offset, compile_set(patterns[offset : offset + SET_SIZE]))
            for offset in range(0, len(patterns), SET_SIZE)
        ]

    def scan(self, text: str) -> list[tuple[int, int, int]]:
        """(pattern index, start, end) of every non-empty match, offsets in characters."""
        return self.scan_many([text])[0]

    def scan_many(self, texts: Sequence[str]) -> list[list[tuple[int, int, int]]]:
        """scan() for many texts, one regex set at a time over all of them.

        Running each set (and each regex) across the whole batch keeps its DFA warm in the
        CPU cache; alternating seven DFAs per text is several times slower.
        """
        data = [text.encode("utf-8") for text in texts]
        todo: dict[int, list[int]] = {}  # regex index -> texts where it matches
        for offset, regex_set in self._sets:
            for n, blob in enumerate(data):
                for index in regex_set.Match(blob) or ():
                    todo.setdefault(offset + index, []).append(n)
        found: list[list[tuple[int, int, int]]] = [[] for _ in texts]
        for index in sorted(todo):
            regex = self._compiled[index]
            for n in todo[index]:
                blob, ascii_only = data[n], len(data[n]) == len(texts[n])
                for byte_start, byte_end in _spans(regex, blob):
                    start, end = byte_start, byte_end
                    if not ascii_only:
                        start = len(blob[:byte_start].decode("utf-8", "replace"))
                        end = start + len(blob[byte_start:byte_end].decode("utf-8", "replace"))
                    found[n].append((index, start, end))
        return found


def _spans(compiled: Any, data: bytes) -> list[tuple[int, int]]:
    """The non-empty, non-overlapping matches in data, left to right (as finditer)."""
    spans = []
    pos = 0
    while pos <= len(data) and (span := search_span(compiled, data, pos)) is not None:
        start, end = span
        if end > start:
            spans.append(span)
        pos = end if end > start else end + 1
    return spans


def search_span(compiled: Any, data: bytes, pos: int = 0) -> tuple[int, int] | None:
    """(start, end) byte offsets of the first match in data[pos:], or None.

    Calls the extension type under google-re2's Python wrapper when it is there: the
    wrapper's search() builds a Match object through several Python frames, which costs
    more than the search itself on short inputs.
    """
    raw = getattr(compiled, "_regexp", None)
    if raw is None:  # pragma: no cover  (a wrapper without the extension attribute)
        found = compiled.search(data, pos)
        return found.span() if found is not None else None
    start, end = raw.Match(_UNANCHORED, data, pos, len(data))[0]
    return None if start < 0 else (start, end)


_UNANCHORED = re2._Anchor.UNANCHORED
