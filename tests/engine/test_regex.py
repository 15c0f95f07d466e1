"""RE2 regexes: what is rejected, and that matching stays linear."""

from __future__ import annotations

import time

import pytest

from riskscreen.engine.rules.regex import RegexError, RegexScanner, compile_linear, compile_set


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(a)\1", "does not compile with RE2"),  # backreference
        (r"(a+)+\1$", "does not compile with RE2"),
        (r"fee(?= of)", "does not compile with RE2"),  # lookahead
        (r"(?<!no )fee", "does not compile with RE2"),  # lookbehind
        (r"[unclosed", "missing ]"),
        (r"a*", "empty string"),
        (r"(?i)(fee)?", "empty string"),
    ],
)
def test_rejected(pattern: str, reason: str) -> None:
    with pytest.raises(RegexError, match=reason.replace("]", r"\]")):
        compile_linear(pattern)


def test_catastrophic_for_backtracking_is_linear_in_re2() -> None:
    compiled = compile_linear(r"(a+)+$")
    text = "a" * 200_000 + "b"
    started = time.perf_counter()
    assert compiled.search(text) is None
    assert time.perf_counter() - started < 1.0  # Python's re would not finish


def test_spans_are_character_offsets() -> None:
    compiled = compile_linear(r"(?i)fee of rm\s?\d+")
    text = "😀é\r\nA fee of RM 500"
    match = compiled.search(text)
    assert match is not None
    assert text[match.start() : match.end()] == "fee of RM 500"


def test_set_reports_which_patterns_match() -> None:
    regex_set = compile_set([r"(?i)fee", r"passport", r"x+y"])
    assert sorted(regex_set.Match(b"Fee and passport")) == [0, 1]
    assert not regex_set.Match(b"nothing")


def test_scanner_finds_every_match_with_character_offsets() -> None:
    patterns = [r"(?i)fee of rm\s?\d+", r"passports?", r"(?i)(a)(b)?c"]
    patterns += [rf"\bword{i}\b" for i in range(70)]
    scanner = RegexScanner(patterns)
    text = "😀 Fee of RM 500, fee of rm 20; passport 家 passports ABC word69 é word3"
    found = scanner.scan(text)
    spans = [(patterns[i], text[s:e]) for i, s, e in found]
    assert sorted(spans) == sorted(
        [
            (patterns[0], "Fee of RM 500"),
            (patterns[0], "fee of rm 20"),
            (patterns[1], "passport"),
            (patterns[1], "passports"),
            (patterns[2], "ABC"),
            (r"\bword69\b", "word69"),
            (r"\bword3\b", "word3"),
        ]
    )
    assert scanner.scan("nothing to see") == []
