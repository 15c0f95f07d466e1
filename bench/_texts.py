"""Shared text generator for the benchmarks: ~200-word English job ads from the corpus.

Sentences are taken from the job_ad records of data/corpus/*.jsonl (English only) and
joined, with a fixed seed, until a text reaches the wanted number of words. The same seed
gives the same texts on every run, so figures are comparable between runs.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")


def corpus_sentences(
    corpus: Path = CORPUS, kind: str = "job_ad", label: str | None = None
) -> list[str]:
    """Sentences (or lines) of at least 3 words from the English records of one kind
    (and of one label, "risk" or "no_risk", when given)."""
    sentences: list[str] = []
    for path in sorted(corpus.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                record = json.loads(line)
                if record.get("kind") != kind or record.get("language", "en") != "en":
                    continue
                if label is not None and record.get("label") != label:
                    continue
                for piece in _SPLIT.split(record["text"]):
                    piece = piece.strip()
                    if len(piece.split()) >= 3:
                        sentences.append(piece)
    if not sentences:
        raise SystemExit(f"no {kind} sentences found under {corpus}")
    return sentences


def compose(sentences: list[str], n: int, words: int, seed: int) -> list[str]:
    """n texts of about `words` words each, drawn from the sentences with a fixed seed."""
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        parts: list[str] = []
        count = 0
        while count < words:
            sentence = rng.choice(sentences)
            parts.append(sentence)
            count += len(sentence.split())
        texts.append("\n".join(parts) if rng.random() < 0.5 else " ".join(parts))
    return texts


def job_ads(
    n: int, words: int = 200, seed: int = 20261127, label: str | None = None
) -> list[str]:
    """n texts of about `words` words each (fixed seed: the same texts every run), from
    the sentences of all job ads or of those with one label."""
    return compose(corpus_sentences(label=label), n, words, seed)


def mean_words(texts: list[str]) -> float:
    return sum(len(t.split()) for t in texts) / max(1, len(texts))
