"""Benchmark the rule engine: start-up, rules-alone throughput, and the spaCy tokenizer floor.

    .venv/bin/python bench/bench_rules.py [--texts 10000] [--words 200] [--rules DIR]

Texts of about 200 words are composed from the corpus sentences (English records), or from
a fixed generator when the corpus is small. Runs on one core (the process is pinned).
Targets: rules >= 1,500 texts/s, < 3x the tokenizer-only time, start-up < 2 s.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _texts import compose

TARGET_RATE = 1500.0
TARGET_RATIO = 3.0
TARGET_STARTUP = 2.0

_FALLBACK = (
    "We are hiring warehouse staff for the night shift in Leeds. Salary is paid monthly. "
    "A placement fee of USD 1,500 is paid before departure. Passports are kept by the company. "
    "No recruitment fees: the employer pays all costs. Overtime is voluntary and paid at 150%. "
    "Workers live in a shared dormitory near the factory. Contact us on WhatsApp only. "
    "Apply through our website with your CV and two references. Training is provided."
)


def corpus_sentences(corpus: Path, label: str | None = None) -> list[str]:
    """English sentences and lines from the corpus records (empty if there is no corpus)."""
    from riskscreen.engine.evaluation import read_records

    files = sorted(corpus.glob("*.jsonl")) if corpus.is_dir() else []
    records = [r for r in read_records(files) if r.get("language", "en") == "en"] if files else []
    if label:
        records = [r for r in records if r.get("label") == label]
    sentences = []
    for record in records:
        for piece in re.split(r"(?<=[.!?])\s+|\n+", record["text"]):
            if len(piece.split()) >= 3:
                sentences.append(piece.strip())
    return sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument("--rules", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=3, help="best of N alternated runs")
    parser.add_argument(
        "--label",
        choices=["risk", "no_risk"],
        default=None,
        help="compose texts only from records with this label (default: all records)",
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    started = time.perf_counter()
    import spacy  # imported first so start-up below is rules alone

    from riskscreen import paths
    from riskscreen.engine.document import Document
    from riskscreen.engine.nlp import get_nlp
    from riskscreen.engine.rules import load_ruleset

    imported = time.perf_counter() - started

    # Start-up ends when the first document of each language is matched: work a matcher
    # defers to its first use (compiling, reading tables) counts too.
    started = time.perf_counter()
    ruleset = load_ruleset(args.rules or paths.rules_path())
    ruleset.match_many([Document("Ready.", language=lang) for lang in ruleset.languages])
    startup = time.perf_counter() - started

    sentences = corpus_sentences(paths.corpus_path(), args.label)
    source = f"{len(sentences)} corpus sentences ({args.label or 'all labels'})"
    if len(sentences) < 200:
        sentences = [s.strip() + "." for s in _FALLBACK.split(".") if s.strip()]
        source = "the fixed generator (corpus too small)"
    texts = compose(sentences, args.texts, args.words, seed=13)
    mean_words = sum(len(t.split()) for t in texts) / len(texts)
    docs = [Document(t, kind="job_ad", language="en") for t in texts]

    nlp = get_nlp("en")
    tokenizer: Any = nlp.tokenizer
    # For information: spaCy's tokenizer as shipped (a 10,000-chunk cache; ours is larger).
    stock: Any = spacy.blank("en").tokenizer
    warm = texts[:1000]
    for _ in tokenizer.pipe(warm, batch_size=256):
        pass
    for _ in stock.pipe(warm, batch_size=256):
        pass
    ruleset.match_many(docs[:1000])

    # Alternate the two measurements and keep the best of each: on a shared machine the
    # load changes from second to second, and the minimum is the least disturbed figure.
    tokenizer_s = stock_s = rules_s = float("inf")
    results: list[Any] = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        for _ in tokenizer.pipe(texts, batch_size=256):
            pass
        tokenizer_s = min(tokenizer_s, time.perf_counter() - started)
        started = time.perf_counter()
        for _ in stock.pipe(texts, batch_size=256):
            pass
        stock_s = min(stock_s, time.perf_counter() - started)
        started = time.perf_counter()
        results = ruleset.match_many(docs)
        rules_s = min(rules_s, time.perf_counter() - started)

    started = time.perf_counter()
    detected = [Document(t) for t in texts]
    detect_s = time.perf_counter() - started

    hits = sum(len(h) for h in results)
    with_hits = sum(1 for h in results if h)
    rate = len(texts) / rules_s
    tok_rate = len(texts) / tokenizer_s
    ratio = rules_s / tokenizer_s

    def verdict(ok: bool) -> str:
        return "ok" if ok else "BELOW TARGET"

    langs = ",".join(ruleset.languages)
    print(f"ruleset {ruleset.version}: {len(ruleset.rules)} rules, languages {langs}")
    print(f"texts: {len(texts)} of {mean_words:.0f} words on average, from {source}")
    print(f"hits: {hits} on {with_hits} texts")
    rows = [
        ("import spacy + engine", f"{imported:7.2f} s", "(not part of start-up)"),
        ("start-up (to first match)", f"{startup:7.2f} s", f"target < {TARGET_STARTUP:.0f} s   "
         + verdict(startup < TARGET_STARTUP)),
        ("tokenizer only", f"{tok_rate:7.0f} texts/s", ""),
        ("rules (match_many, 1 core)", f"{rate:7.0f} texts/s", f"target >= {TARGET_RATE:.0f}   "
         + verdict(rate >= TARGET_RATE)),
        ("rules / tokenizer time", f"{ratio:7.2f} x", f"target < {TARGET_RATIO:.0f} x   "
         + verdict(ratio < TARGET_RATIO)),
        ("stock spaCy tokenizer", f"{len(texts) / stock_s:7.0f} texts/s",
         f"(information: rules take {rules_s / stock_s:.2f} x its time)"),
        ("language detection", f"{len(detected) / detect_s:7.0f} texts/s", "(Document(text))"),
    ]  # fmt: skip
    for name, value, note in rows:
        print(f"{name:27} {value:15} {note}")


if __name__ == "__main__":
    main()
