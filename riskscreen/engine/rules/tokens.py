"""A token-pattern matcher for the subset of spaCy's Matcher syntax that a blank pipeline
can serve, tried only around anchor words.

Why not spaCy's Matcher: it starts every pattern at every token and evaluates {IN: [...]}
sets in Python, about 40 ms for a 200-word text with a hundred rules; and its REGEX
predicates use Python's backtracking `re`. Here every required token with a finite set of
values (the anchor) is looked up in a dict, patterns are tried only from the few starts an
anchor allows, and REGEX runs on RE2. Rules are still validated by spaCy's Matcher, and a
test checks both matchers agree on the corpus.

Most patterns never reach the walk below: those that test only LOWER/ORTH word lists and
lexical flags are compiled to RE2 over a one-character-per-token spelling of the document
(token_stream.py), which is several times faster. The walk serves the rest.

Supported: ORTH/TEXT, LOWER, NORM, LEMMA (a string, or IN, NOT_IN, ==, !=, REGEX), LENGTH
(a number, or ==, !=, >=, <=, >, <, IN, NOT_IN), the IS_*/LIKE_* flags below, and OP
(?, *, +, !, {n}, {n,m}, {n,}, {,m}).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import re2  # type: ignore[import-untyped]
from spacy.tokens import Doc
from spacy.vocab import Vocab

from riskscreen.engine.rules.anchors import choose_anchor, op_bounds
from riskscreen.engine.rules.regex import compile_quiet
from riskscreen.engine.rules.token_stream import TokenStreamMatcher

TEXT_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "LEMMA": "LEMMA"}
FLAG_ATTRS = (
    "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT",
    "IS_SPACE", "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT",
    "IS_CURRENCY", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL",
)  # fmt: skip
NUMBER_ATTRS = ("LENGTH",)
SUPPORTED = (*TEXT_ATTRS, *FLAG_ATTRS, *NUMBER_ATTRS, "OP")
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, ">=": operator.ge,
    "<=": operator.le, ">": operator.gt, "<": operator.lt,
}  # fmt: skip

Check = tuple[str, Callable[[Any], bool]]  # (column, test on that column's value)


def unsupported(pattern: Sequence[dict[str, Any]]) -> list[str]:
    """Problems that make a (spaCy-valid) token pattern unusable here, as messages."""
    problems = []
    for n, spec in enumerate(pattern):
        for key, value in spec.items():
            attr = str(key).upper()
            if attr not in SUPPORTED:
                problems.append(
                    f"token {n}: {key} is not available (blank pipeline: no tagger, parser or "
                    f"entities; extensions unsupported); use one of {', '.join(SUPPORTED)}"
                )
            elif isinstance(value, dict):
                for op in value:
                    allowed: tuple[str, ...] = ("IN", "NOT_IN", "==", "!=", "REGEX")
                    if attr in NUMBER_ATTRS:
                        allowed = ("IN", "NOT_IN", *_COMPARE)
                    if str(op).upper() not in allowed and op not in allowed:
                        problems.append(f"token {n}: {key}: operator {op} is not supported")
                if "REGEX" in value:
                    try:
                        compile_quiet(str(value["REGEX"]))
                    except re2.error:
                        problems.append(f"token {n}: {key}: REGEX does not compile with RE2")
    return problems


class _Regex:
    """An RE2 search on the string of a hash, cached per hash."""

    def __init__(self, pattern: str, strings: Any) -> None:
        self._regex = compile_quiet(pattern)
        self._strings = strings
        self._cache: dict[int, bool] = {}

    def __call__(self, value: int) -> bool:
        hit = self._cache.get(value)
        if hit is None:
            hit = self._regex.search(self._strings[value]) is not None
            if len(self._cache) < 100_000:
                self._cache[value] = hit
        return hit


def _checks(spec: dict[str, Any], vocab: Vocab) -> list[Check]:
    strings = vocab.strings
    checks: list[Check] = []
    for key, value in spec.items():
        attr = str(key).upper()
        if attr == "OP":
            continue
        if attr in TEXT_ATTRS:
            column = TEXT_ATTRS[attr]
            if isinstance(value, str):
                checks.append((column, _eq(strings.add(value))))
                continue
            for op, arg in value.items():
                op = str(op).upper()
                if op == "IN":
                    checks.append((column, _in(frozenset(strings.add(v) for v in arg))))
                elif op == "NOT_IN":
                    checks.append((column, _not_in(frozenset(strings.add(v) for v in arg))))
                elif op == "==":
                    checks.append((column, _eq(strings.add(arg))))
                elif op == "!=":
                    checks.append((column, _ne(strings.add(arg))))
                elif op == "REGEX":
                    checks.append((column, _Regex(str(arg), strings)))
        elif attr in FLAG_ATTRS:
            checks.append((attr, _eq(bool(value))))
        elif attr in NUMBER_ATTRS:
            if not isinstance(value, dict):
                checks.append((attr, _eq(value)))
                continue
            for op, arg in value.items():
                op = str(op).upper()
                if op == "IN":
                    checks.append((attr, _in(frozenset(arg))))
                elif op == "NOT_IN":
                    checks.append((attr, _not_in(frozenset(arg))))
                else:
                    checks.append((attr, _cmp(_COMPARE[op], arg)))
    return checks


def _finite(spec: dict[str, Any], vocab: Vocab) -> tuple[tuple[str, frozenset[int]], ...]:
    """The text attributes of a spec restricted to a finite set of values, as hashes."""
    out = []
    for key, value in spec.items():
        column = TEXT_ATTRS.get(str(key).upper())
        if column is None:
            continue
        if isinstance(value, str):
            out.append((column, frozenset([vocab.strings.add(value)])))
        elif isinstance(value, dict) and isinstance(value.get("IN"), list):
            out.append((column, frozenset(vocab.strings.add(v) for v in value["IN"])))
    return tuple(out)


def _eq(target: Any) -> Callable[[Any], bool]:
    return lambda v: v == target


def _ne(target: Any) -> Callable[[Any], bool]:
    return lambda v: v != target


def _in(targets: frozenset[Any]) -> Callable[[Any], bool]:
    return targets.__contains__


def _not_in(targets: frozenset[Any]) -> Callable[[Any], bool]:
    return lambda v: v not in targets


def _cmp(op: Callable[[Any, Any], bool], arg: Any) -> Callable[[Any], bool]:
    return lambda v: op(v, arg)


@dataclass(frozen=True)
class _Spec:
    checks: tuple[Check, ...]
    least: int
    most: int | None
    negated: bool  # OP "!": exactly one token that does not match
    required: tuple[tuple[str, frozenset[int]], ...] = ()  # finite value sets (column, hashes)


@dataclass(frozen=True)
class _Entry:
    key: str
    specs: tuple[_Spec, ...]
    before: tuple[int, int | None]  # (least, most) tokens before the anchor token
    anchor: int | None = None  # index of an exactly-once anchor spec: match outwards from it
    # (column, allowed values) of every required spec with a finite value set: a document
    # lacking any of them cannot match, whatever the anchor says.
    required: tuple[tuple[str, frozenset[int]], ...] = ()


class TokenMatcher:
    """Token patterns keyed by a string (the rule id); call on a Doc for (key, start, end).

    Patterns that token_stream.py can compile to RE2 run there; the rest are walked from
    their anchor words here.
    """

    def __init__(self, vocab: Vocab, logprob: Mapping[str, float] | None = None) -> None:
        self._vocab = vocab
        self._logprob = logprob or {}
        self._entries: list[_Entry] = []
        self._anchors: dict[str, dict[int, list[int]]] = {}
        self._unanchored: list[int] = []
        self._columns: set[str] = set()
        self._required_columns: set[str] = set()
        self._stream = TokenStreamMatcher(vocab)

    def __len__(self) -> int:
        return len(self._entries) + len(self._stream)

    @property
    def columns(self) -> set[str]:
        """The token attributes the patterns read (LEMMA means the lemmatizer must run)."""
        return set(self._columns)

    def add(self, key: str, pattern: Sequence[dict[str, Any]]) -> None:
        if self._stream.add(key, pattern):
            return
        specs = []
        for spec in pattern:
            op = next((v for k, v in spec.items() if str(k).upper() == "OP"), None)
            least, most = op_bounds(op)
            negated = op == "!"
            if negated:
                least, most = 1, 1
            checks = tuple(_checks(spec, self._vocab))
            self._columns.update(column for column, _ in checks)
            specs.append(_Spec(checks, least, most, negated, _finite(spec, self._vocab)))
        index = len(self._entries)
        anchor = choose_anchor(pattern, self._logprob)
        if anchor is None:
            self._entries.append(_Entry(key, tuple(specs), (0, None)))
            self._unanchored.append(index)
            return
        least_before = sum(s.least for s in specs[: anchor.index])
        at = specs[anchor.index]
        exact = (at.least, at.most, at.negated) == (1, 1, False)
        # Walking out from the anchor pays off only when the start is not bounded.
        outwards = anchor.index if exact and anchor.before is None else None
        required = tuple(
            (column, values)
            for spec in specs
            if spec.least >= 1 and not spec.negated
            for column, values in spec.required
        )
        self._entries.append(
            _Entry(key, tuple(specs), (least_before, anchor.before), outwards, required)
        )
        self._required_columns.update(column for column, _ in required)
        column = anchor.attr
        self._columns.add(column)
        table = self._anchors.setdefault(column, {})
        for word in anchor.words:
            table.setdefault(self._vocab.strings.add(word), []).append(index)

    def compile(self) -> None:
        """Compile the token-stream patterns now rather than on the first match."""
        self._stream.compile()

    def letters(self, doc: Doc, orths: np.ndarray | None = None) -> np.ndarray:
        """Each token's letter in the token-stream alphabet (`orths`: the ORTH column)."""
        return self._stream.letters(doc, orths)

    def flags(self, letters: np.ndarray) -> np.ndarray:
        """Each token's token_stream.FLAG_BITS, from its letter."""
        return self._stream.flags(letters)

    def __call__(
        self, doc: Doc, letters: np.ndarray | None = None
    ) -> list[tuple[str, int, int]]:
        """Matches as (key, start token, end token); `letters`: from letters(doc)."""
        found = self._stream(doc, letters)
        return found + self._walk(doc) if self._entries else found

    def _walk(self, doc: Doc) -> list[tuple[str, int, int]]:
        """The matches of the patterns kept on the anchored walker."""
        n = len(doc)
        if not n:
            return []
        names: list[int | str] = sorted(self._columns)
        if names:
            array = doc.to_array(names)
            if array.ndim == 1:
                array = array.reshape(-1, 1)
            cols = {str(name): array[:, j].tolist() for j, name in enumerate(names)}
        else:
            cols = {}
        found: list[tuple[str, int, int]] = []
        starts: dict[int, set[int]] = {}
        entries = self._entries
        present = {column: set(cols[column]) for column in self._required_columns}
        possible: dict[int, bool] = {}
        for column, table in self._anchors.items():
            for i, value in enumerate(cols[column]):
                hit = table.get(value)
                if hit is None:
                    continue
                for index in hit:
                    entry = entries[index]
                    ok = possible.get(index)
                    if ok is None:
                        ok = possible[index] = all(
                            not values.isdisjoint(present[column])
                            for column, values in entry.required
                        )
                    if not ok:
                        continue
                    if entry.anchor is not None:
                        span = _around(entry, i, cols, n)
                        if span is not None:
                            found.append((entry.key, *span))
                        continue
                    least, most = entry.before
                    low = 0 if most is None else max(0, i - most)
                    starts.setdefault(index, set()).update(range(low, i - least + 1))
        for index in self._unanchored:
            starts[index] = set(range(n))
        for index, positions in starts.items():
            entry = entries[index]
            first = entry.specs[0]
            for start in positions:
                if first.least and (start >= n or not _matches(first, cols, start)):
                    continue  # cheap rejection before the full walk
                for end in _reach(entry.specs, start, cols, n, forward=True):
                    if end > start:
                        found.append((entry.key, start, end))
        return found


def _around(entry: _Entry, i: int, cols: dict[str, list[Any]], n: int) -> tuple[int, int] | None:
    """The widest match whose anchor spec is token i: the union of every such match.

    Matches are merged per rule downstream, so the union is all that is needed; walking
    out from the anchor costs two walks instead of one per possible start.
    """
    k = entry.anchor
    assert k is not None
    if not _matches(entry.specs[k], cols, i):
        return None
    starts = _reach(entry.specs[:k][::-1], i, cols, n, forward=False)
    if not starts:
        return None
    ends = _reach(entry.specs[k + 1 :], i + 1, cols, n, forward=True)
    if not ends:
        return None
    return min(starts), max(ends)


def _matches(spec: _Spec, cols: dict[str, list[Any]], i: int) -> bool:
    checks = spec.checks
    if len(checks) == 1 and not spec.negated:
        column, test = checks[0]
        return test(cols[column][i])
    for column, test in checks:
        if not test(cols[column][i]):
            return spec.negated
    return not spec.negated


def _reach(
    specs: Sequence[_Spec], origin: int, cols: dict[str, list[Any]], n: int, forward: bool
) -> set[int]:
    """Every boundary a match of specs can reach from `origin`: ends going forward, starts
    going backward (then specs are in reverse order, each consuming tokens to its left)."""
    memo: dict[tuple[int, int], set[int]] = {}
    last = len(specs)

    def walk(k: int, edge: int) -> set[int]:
        if k == last:
            return {edge}
        key = (k, edge)
        if key in memo:
            return memo[key]
        spec = specs[k]
        result: set[int] = set()
        if spec.least == 0:
            result |= walk(k + 1, edge)
        count = 0
        while spec.most is None or count < spec.most:
            token = edge if forward else edge - 1
            if not 0 <= token < n or not _matches(spec, cols, token):
                break
            edge = edge + 1 if forward else edge - 1
            count += 1
            if count >= spec.least:
                result |= walk(k + 1, edge)
        memo[key] = result
        return result

    return walk(0, origin)
