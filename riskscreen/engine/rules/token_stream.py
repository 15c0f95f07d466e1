"""Token patterns compiled to RE2 regexes over a document spelled one character per token.

Most rule token patterns test a token's lower-case form or its exact text against a few
words ("none of these words" included) and a few lexical flags (IS_SPACE, LIKE_NUM, ...),
with quantifiers. Such a pattern is a regular language over tokens. Here every token is
written as one character of a small alphabet, so a pattern becomes an ordinary regex of
character classes, run inside RE2's DFA:

* the alphabet has one character per word named in any pattern (with its flags), and one
  per combination of flags for every other token;
* a token spec becomes the class of the characters that satisfy it;
* a document becomes a string as long as it has tokens (the letter of each word is cached
  in an OrthMap, and the UTF-8 bytes of each letter in a table), and a match from
  character i to j is the token span [i, j).

One RE2 set per group of patterns says which patterns match at all; only those are searched
for spans. Patterns with anything else (LEMMA, REGEX, LENGTH, other flags) stay on the
anchored walker in tokens.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import re2  # type: ignore[import-untyped]
from spacy.attrs import ORTH
from spacy.tokens import Doc
from spacy.vocab import Vocab

from riskscreen.engine.rules.anchors import op_bounds
from riskscreen.engine.rules.orthmap import OrthMap
from riskscreen.engine.rules.regex import compile_set, error_reason, search_span

# Lexical flags carried by every character, one bit each. All but IS_TITLE do not depend on
# case, so a named word's flags can be read from the word itself; IS_TITLE (CASE_BITS) is
# read from each token, and a word named by its lower-case form gets a letter for each case.
FLAG_BITS = {
    "IS_SPACE": 1, "IS_PUNCT": 2, "LIKE_NUM": 4, "IS_DIGIT": 8, "IS_ALPHA": 16, "IS_CURRENCY": 32,
    "IS_TITLE": 64,
}  # fmt: skip
CASE_BITS = FLAG_BITS["IS_TITLE"]
WORD_ATTRS = {"LOWER": "lower", "ORTH": "orth", "TEXT": "orth"}
# Code points from U+0800 up are three bytes in UTF-8, so byte offset // 3 is the token.
_BASE, _WIDTH, _LAST = 0x0800, 3, 0xD7FF
SET_SIZE = 32  # as for rule regexes: small sets keep each DFA in the CPU cache


class TokenPatternError(ValueError):
    """Token patterns that cannot be compiled together (beyond the alphabet's size)."""


@dataclass(frozen=True)
class Letter:
    """What a character of the alphabet stands for: a named word (or None) and flags."""

    orth: str | None  # the exact text, when some pattern names it as ORTH
    lower: str | None  # the lower-case form, when some pattern names it as LOWER
    bits: int


class Alphabet:
    """Every letter as columns (index i is letter i), so that a token spec is tested
    against all letters at once: the alphabet has thousands of letters and the rules
    hundreds of specs, and one Python call per pair took seconds at start-up."""

    def __init__(self, letters: Sequence[Letter]) -> None:
        self.size = len(letters)
        self.bits = np.array([letter.bits for letter in letters], dtype=np.uint8)
        self._indexes: dict[str, dict[str, list[int]]] = {"orth": {}, "lower": {}}
        for i, letter in enumerate(letters):
            for field in ("orth", "lower"):
                word = getattr(letter, field)
                if word is not None:
                    self._indexes[field].setdefault(word, []).append(i)

    def named(self, field: str, words: frozenset[str]) -> np.ndarray:
        """Which letters name one of the words in `field` ("orth" or "lower")."""
        mask = np.zeros(self.size, dtype=bool)
        index = self._indexes[field]
        for word in words:
            mask[index.get(word, [])] = True
        return mask

    def flagged(self, bit: int) -> np.ndarray:
        """Which letters carry the flag bit."""
        return (self.bits & bit) != 0


Test = Callable[[Alphabet], np.ndarray]  # which letters satisfy a spec, as booleans


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False
    options.longest_match = True  # the longest match from each start: see __call__
    options.never_capture = True
    return options


_OPTIONS = _options()


def _word_test(attr: str, value: Any) -> tuple[Test, set[str]] | None:
    """A test on a letter's word for one LOWER/ORTH value, and the words it names."""
    field = WORD_ATTRS[attr]
    if isinstance(value, str):
        value = {"==": value}
    if not isinstance(value, dict) or not value:
        return None
    tests: list[Test] = []
    named: set[str] = set()
    for op, arg in value.items():
        op = str(op).upper()
        if op in ("IN", "NOT_IN") and isinstance(arg, list):
            if not all(isinstance(word, str) for word in arg):
                return None
            words = frozenset(arg)
        elif op in ("==", "!=") and isinstance(arg, str):
            words = frozenset([arg])
        else:
            return None  # REGEX and the like stay on the walker
        named |= words
        tests.append(_membership(field, words, inside=op in ("IN", "==")))
    return _all(tests), named


def _membership(field: str, words: frozenset[str], inside: bool) -> Test:
    def test(alphabet: Alphabet) -> np.ndarray:
        named = alphabet.named(field, words)
        return named if inside else ~named

    return test


def _has_flag(bit: int, want: bool) -> Test:
    def test(alphabet: Alphabet) -> np.ndarray:
        flagged = alphabet.flagged(bit)
        return flagged if want else ~flagged

    return test


def _all(tests: list[Test]) -> Test:
    def test(alphabet: Alphabet) -> np.ndarray:
        satisfied = np.ones(alphabet.size, dtype=bool)
        for each in tests:
            satisfied &= each(alphabet)
        return satisfied

    return test


@dataclass(frozen=True)
class _Spec:
    test: Test
    negated: bool
    least: int
    most: int | None


def _spec(spec: dict[str, Any], lower: set[str], orth: set[str]) -> _Spec | None:
    """One token spec as a test on letters (adding the words it names), or None."""
    tests: list[Test] = []
    op = None
    for key, value in spec.items():
        attr = str(key).upper()
        if attr == "OP":
            op = value
        elif attr in WORD_ATTRS:
            found = _word_test(attr, value)
            if found is None:
                return None
            tests.append(found[0])
            (lower if WORD_ATTRS[attr] == "lower" else orth).update(found[1])
        elif attr in FLAG_BITS and isinstance(value, bool):
            tests.append(_has_flag(FLAG_BITS[attr], value))
        else:
            return None
    least, most = op_bounds(op)
    negated = op == "!"
    if negated:
        least, most = 1, 1

    return _Spec(_all(tests), negated, least, most)


def _char_class(codes: list[int]) -> str:
    """A character class of code points, written as ranges."""
    if not codes:
        return "[^\\x00-\\x{10FFFF}]"  # no token satisfies the spec
    ranges: list[tuple[int, int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    parts = [f"\\x{{{a:x}}}" if a == b else f"\\x{{{a:x}}}-\\x{{{b:x}}}" for a, b in ranges]
    return "[" + "".join(parts) + "]"


def _quantified(atom: str, least: int, most: int | None) -> str:
    if (least, most) == (1, 1):
        return atom
    if most is None:
        return atom + ("*" if least == 0 else "+" if least == 1 else f"{{{least},}}")
    if (least, most) == (0, 1):
        return atom + "?"
    return atom + (f"{{{least}}}" if least == most else f"{{{least},{most}}}")


_FLAG_ATTRS = tuple((name.lower(), bit) for name, bit in FLAG_BITS.items())


def _flag_bits(lexeme: Any) -> int:
    """The FLAG_BITS a spaCy lexeme has."""
    return sum(bit for attr, bit in _FLAG_ATTRS if getattr(lexeme, attr))


def pattern_compiles(pattern: Sequence[dict[str, Any]]) -> bool:
    """Whether a token pattern is in the subset this module compiles."""
    return bool(pattern) and all(_spec(spec, set(), set()) is not None for spec in pattern)


def compile_problem(vocab: Vocab, pattern: Sequence[dict[str, Any]]) -> str | None:
    """Why a pattern in this module's subset cannot be compiled (an RE2 limit, such as a
    repetition above 1,000 tokens), or None.

    Loading asks it of every token pattern, so that the error names the rule file instead
    of surfacing when the whole rule set compiles.
    """
    if not pattern_compiles(pattern):
        return None
    matcher = TokenStreamMatcher(vocab)
    matcher.add("check", pattern)
    try:
        matcher.compile()
    except (re2.error, TokenPatternError) as exc:
        return f"does not compile to RE2 over tokens: {error_reason(exc)}"
    return None


class TokenStreamMatcher:
    """Token patterns as RE2 regexes over the one-character-per-token spelling of a Doc.

    Calling it on a Doc returns (key, start token, end token) for the longest match from
    every token where a match starts. Every shorter match lies inside the longest one from
    its start, so once overlapping spans of a rule are merged (as the rule set does) the
    result is the same as spaCy's Matcher gives.
    """

    def __init__(self, vocab: Vocab) -> None:
        self._vocab = vocab
        self._keys: list[str] = []
        self._specs: list[list[_Spec]] = []
        self._lower: set[str] = set()
        self._orth: set[str] = set()
        self._compiled: list[Any] | None = None
        self._sets: list[tuple[int, Any]] = []
        # (orth, lower) of each named word -> its flags that do not depend on case
        self._letters: dict[tuple[str | None, str | None], int] = {}
        self._codes: dict[tuple[str | None, str | None, int], int] = {}  # letter -> index
        self._bits = np.zeros(0, dtype=np.uint8)  # letter index -> its FLAG_BITS
        self._utf8 = np.zeros((0, _WIDTH), dtype=np.uint8)  # letter index -> its UTF-8 bytes
        self._letters_of = OrthMap(self._letter_index)

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: str, pattern: Sequence[dict[str, Any]]) -> bool:
        """Take the pattern if it can be compiled; False (nothing added) when it cannot."""
        lower: set[str] = set()
        orth: set[str] = set()
        specs = [_spec(spec, lower, orth) for spec in pattern]
        if not specs or None in specs:
            return False
        self._keys.append(key)
        self._specs.append([spec for spec in specs if spec is not None])
        self._lower |= lower
        self._orth |= orth
        self._compiled = None
        return True

    def _build_alphabet(self) -> list[Letter]:
        """Every letter: flag-only ones first, then one per named word, each with its code."""
        letters = [Letter(None, None, bits) for bits in range(1 << len(FLAG_BITS))]
        self._letters = {}
        for word in sorted(self._lower):
            bits = _flag_bits(self._vocab[word]) & ~CASE_BITS
            self._letters[(None, word)] = bits
            letters += [Letter(None, word, bits), Letter(None, word, bits | CASE_BITS)]
        for word in sorted(self._orth):
            lower = word.lower() if word.lower() in self._lower else None
            bits = _flag_bits(self._vocab[word])  # the exact text fixes the case too
            self._letters[(word, lower)] = bits & ~CASE_BITS
            letters.append(Letter(word, lower, bits))
        if _BASE + len(letters) > _LAST:
            raise TokenPatternError("too many distinct words in token patterns for one alphabet")
        self._codes = {(x.orth, x.lower, x.bits): i for i, x in enumerate(letters)}
        self._bits = np.array([x.bits for x in letters], dtype=np.uint8)
        encoded = b"".join(chr(_BASE + i).encode() for i in range(len(letters)))
        self._utf8 = np.frombuffer(encoded, dtype=np.uint8).reshape(-1, _WIDTH)
        self._letters_of = OrthMap(self._letter_index)
        return letters

    def compile(self) -> None:
        """Build the alphabet and the RE2 regexes of the patterns added so far (matching
        does it on first use; a rule set does it at load, so start-up pays for it)."""
        alphabet = Alphabet(self._build_alphabet())
        patterns = []
        for specs in self._specs:
            parts = []
            for spec in specs:
                chosen = np.flatnonzero(spec.test(alphabet) != spec.negated) + _BASE
                parts.append(_quantified(_char_class(chosen.tolist()), spec.least, spec.most))
            patterns.append("".join(parts))
        self._compiled = [re2.compile(p, options=_OPTIONS) for p in patterns]
        self._sets = [
            (offset, compile_set(patterns[offset : offset + SET_SIZE]))
            for offset in range(0, len(patterns), SET_SIZE)
        ]

    def _letter_index(self, orth: int) -> int:
        """The letter of a token, from its lexeme (OrthMap caches it per word)."""
        lexeme = self._vocab[orth]
        text, lower = lexeme.orth_, lexeme.lower_
        key = (text if text in self._orth else None, lower if lower in self._lower else None)
        bits = self._letters.get(key)
        if bits is None:  # a word no pattern names: its flags pick the letter
            bits = _flag_bits(lexeme)
        else:
            bits |= CASE_BITS if lexeme.is_title else 0
        return self._codes[(*key, bits)]

    def letters(self, doc: Doc, orths: np.ndarray | None = None) -> np.ndarray:
        """The letter index of each token (`orths`: the doc's ORTH column, if read)."""
        if self._compiled is None:
            self.compile()
        if orths is None:
            orths = doc.to_array(ORTH)
        return self._letters_of(orths)

    def flags(self, letters: np.ndarray) -> np.ndarray:
        """The FLAG_BITS of each token, from its letter."""
        return self._bits[letters]

    def __call__(
        self, doc: Doc, letters: np.ndarray | None = None
    ) -> list[tuple[str, int, int]]:
        """(key, start token, end token) matches; `letters`: from letters(doc), if read."""
        if not self._keys or not len(doc):
            return []
        if letters is None:
            letters = self.letters(doc)
        blob = self._utf8[letters].tobytes()
        found: list[tuple[str, int, int]] = []
        assert self._compiled is not None
        for offset, regex_set in self._sets:
            for index in regex_set.Match(blob) or ():
                regex, key = self._compiled[offset + index], self._keys[offset + index]
                pos = 0
                while (span := search_span(regex, blob, pos)) is not None:
                    start, end = span
                    if end > start:
                        found.append((key, start // _WIDTH, end // _WIDTH))
                    pos = start + _WIDTH
                    if pos > len(blob):
                        break
        return found
