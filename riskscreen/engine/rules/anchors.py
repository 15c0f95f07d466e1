"""Anchoring token patterns: the required token with the fewest, rarest allowed words.

Most patterns have a required token whose value is one of a few words (the anchor). The
token matcher (tokens.py) looks those words up and tries the pattern only from the starts
the anchor allows: at most `before` tokens earlier (None: any earlier start).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from riskscreen.engine.rules.wordfreq import DEFAULT_LOGPROB

# Matcher attribute -> the token column that holds it.
ANCHOR_ATTRS = {"LOWER": "LOWER", "LEMMA": "LEMMA", "ORTH": "ORTH", "TEXT": "ORTH", "NORM": "NORM"}
_RANGE = re.compile(r"^\{\s*(\d*)\s*(,?)\s*(\d*)\s*\}$")


@dataclass(frozen=True)
class Anchor:
    """Where a token pattern is anchored: attribute, words, and how far it can stretch."""

    index: int  # which token spec of the pattern
    attr: str  # LOWER, LEMMA, ORTH or NORM
    words: tuple[str, ...]
    before: int | None  # most tokens a match can have before the anchor token (None: no limit)
    after: int | None  # most tokens after it


def op_bounds(op: Any) -> tuple[int, int | None]:
    """(least, most) tokens a spec with this OP consumes; most None means unbounded."""
    if op is None or op in ("1",):
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, None
    if op == "+":
        return 1, None
    if op == "!":
        return 1, 1  # one token that does not match
    found = _RANGE.match(str(op))
    if found:
        low, comma, high = found.groups()
        least = int(low) if low else 0
        if not comma:
            return least, least
        return least, int(high) if high else None
    return 0, None


def _words(value: Any) -> tuple[str, ...] | None:
    """The finite set of values a token attribute must take, if it is one."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, dict):
        if isinstance(value.get("IN"), list) and all(isinstance(v, str) for v in value["IN"]):
            return tuple(value["IN"])
        if isinstance(value.get("=="), str):
            return (value["=="],)
    return None


def _sum(bounds: Sequence[int | None]) -> int | None:
    total = 0
    for b in bounds:
        if b is None:
            return None
        total += b
    return total


def choose_anchor(
    pattern: Sequence[dict[str, Any]], logprob: Mapping[str, float] | None = None
) -> Anchor | None:
    """The best anchor of a token pattern, or None when no required token has a finite value.

    Best: not a repeated token with an open start (it would have to be tried from every
    earlier token), then the lowest expected number of occurrences, the sum of the words'
    probabilities (`logprob`: word -> log-probability; unlisted words are rare).
    """
    logprob = logprob or {}
    upper = [{str(k).upper(): v for k, v in spec.items()} for spec in pattern]
    most = [op_bounds(spec.get("OP"))[1] for spec in upper]
    best: tuple[tuple[int, float, int], Anchor] | None = None
    for i, spec in enumerate(upper):
        least, high = op_bounds(spec.get("OP"))
        if least < 1 or spec.get("OP") == "!":
            continue
        for key, attr in ANCHOR_ATTRS.items():
            words = _words(spec.get(key))
            if not words:
                continue
            repeats = high != 1  # "+" or a range: the anchor token may be any of several
            before = None if repeats else _sum(most[:i])
            after = None if repeats else _sum(most[i + 1 :])
            frequency = sum(math.exp(logprob.get(w.lower(), DEFAULT_LOGPROB)) for w in words)
            # An exactly-once anchor can be matched outwards, so an open start costs nothing.
            score = (int(before is None and repeats), frequency, len(words))
            if best is None or score < best[0]:
                best = (score, Anchor(i, attr, words, before, after))
    return best[1] if best else None
