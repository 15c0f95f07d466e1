"""The compiled floor of rule matching: what RE2 and spaCy alone cost per text.

    .venv/bin/python bench/bench_rules_floor.py [--texts 4000] [--words 200] [--rounds 3]

Matching a text runs compiled code (spaCy's tokenizer and phrase matchers, RE2's sets and
searches) and Python glue around it (token table, sentences, negation scope, hit objects).
This script replays only the compiled calls, on the same texts as bench_rules.py, with the
same arguments the engine passes, and prints their sum beside the tokenizer alone. The
sum is the least matching can cost with the present design, however fast the glue gets:
a ratio target below it needs fewer RE2 passes, not faster Python.

It reads the matcher's private attributes on purpose (it measures their internals); it is
information, not a target, and exits 0.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _texts import compose
from bench_rules import corpus_sentences


def record_span_searches(ruleset: Any, documents: list[Any]) -> list[tuple[Any, bytes, int]]:
    """Every (RE2 object, bytes, position) span search that matching these documents makes."""
    from riskscreen.engine.rules import regex, token_stream

    calls: list[tuple[Any, bytes, int]] = []
    original = regex.search_span

    def recording(compiled: Any, data: bytes, pos: int = 0) -> tuple[int, int] | None:
        calls.append((compiled._regexp, data, pos))
        return original(compiled, data, pos)

    regex.search_span = token_stream.search_span = recording
    try:
        ruleset.match_many(documents)
    finally:
        regex.search_span = token_stream.search_span = original
    return calls


def best_of(rounds: int, count: int, work: Callable[[], object]) -> float:
    """The fastest of `rounds` runs of work(), in microseconds per text."""
    fastest = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        fastest = min(fastest, time.perf_counter() - started)
    return fastest / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=4000)
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    from spacy.attrs import ORTH

    from riskscreen import paths
    from riskscreen.engine.document import Document
    from riskscreen.engine.rules import load_ruleset
    from riskscreen.engine.rules.negation import negator_for
    from riskscreen.engine.rules.regex import _UNANCHORED

    ruleset = load_ruleset(paths.rules_path())
    texts = compose(corpus_sentences(paths.corpus_path()), args.texts, args.words, seed=13)
    documents = [Document(t, kind="job_ad", language="en") for t in texts]
    ruleset.match_many(documents)  # warms the tokenizer cache and every DFA
    matcher: Any = ruleset._matchers["en"]
    searches = record_span_searches(ruleset, documents)

    docs = list(matcher.pipe(texts))
    blobs = [text.encode("utf-8") for text in texts]
    stream = matcher._tokens._stream
    token_blobs = [stream._utf8[matcher.letters(d, d.to_array(ORTH))].tobytes() for d in docs]
    regex_sets = [regex_set for _, regex_set in matcher._regexes._sets]
    stream_sets = [regex_set for _, regex_set in stream._sets]
    phrase_matchers = [m for m in (matcher._lower, matcher._lemma) if len(m)]
    cue_matcher = negator_for(matcher.nlp)._matcher
    tokenizer: Any = matcher.nlp.tokenizer

    parts: dict[str, Callable[[], object]] = {
        "tokenizer (as matching runs it)": lambda: deque(tokenizer.pipe(texts), maxlen=0),
        "ORTH column (to_array)": lambda: [d.to_array(ORTH) for d in docs],
        f"rule regexes: {len(regex_sets)} RE2 sets": lambda: [
            s.Match(b) for s in regex_sets for b in blobs
        ],
        f"token patterns: {len(stream_sets)} RE2 sets": lambda: [
            s.Match(b) for s in stream_sets for b in token_blobs
        ],
        f"span searches ({len(searches) / len(texts):.1f} a text)": lambda: [
            r.Match(_UNANCHORED, b, p, len(b)) for r, b, p in searches
        ],
        "phrase matchers": lambda: [m(d) for m in phrase_matchers for d in docs],
        "negation cue matcher": lambda: [cue_matcher(d) for d in docs],
    }
    if matcher.needs_lemma:
        print("note: the rules need lemmas; the lemmatizer is not in the floor below")
    count = len(texts)
    timings = {name: best_of(args.rounds, count, work) for name, work in parts.items()}
    tokenizer_us = next(iter(timings.values()))
    floor = sum(timings.values())
    matching = best_of(args.rounds, count, lambda: ruleset.match_many(documents))

    print(f"{count} texts of about {args.words} words, one core; microseconds per text")
    for name, value in timings.items():
        print(f"  {name:38} {value:7.1f}")
    rows = [
        ("compiled floor (sum)", floor, f"{floor / tokenizer_us:.2f} x tokenizer"),
        ("match_many as it runs", matching, f"{matching / tokenizer_us:.2f} x tokenizer"),
        ("of which Python glue", matching - floor, ""),
    ]
    for name, value, note in rows:
        print(f"  {name:38} {value:7.1f}   {note}")


if __name__ == "__main__":
    main()
