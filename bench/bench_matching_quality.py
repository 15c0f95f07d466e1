"""Entity-name matching quality: precision and recall on generated variants (fixed seed).

    .venv/bin/python bench/bench_matching_quality.py [--entities 3000] [--queries 3000]

Entity names come from bench/_names.py (word lists, seed 20261127), some with accented
words. Each positive query is one entity's name changed the way supplier lists change them:
a typo, reordered words, a different legal form, a transliteration (accents dropped, ü as
ue), upper case, or two of these together. Negative queries are unrelated generated names
(not equal, once normalised, to any entity). A query counts as matched when its best entity
reaches the match threshold (riskscreen.suppliers.matching.MATCH_THRESHOLD):

    precision = right matches / all matches     recall = right matches / positive queries

Target: both >= 0.95 at the chosen threshold. A sweep over thresholds is printed too, with
how many queries land in the review band (REVIEW_THRESHOLD up to the threshold).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _names import LEGAL, company, typo, unique_companies

from riskscreen.suppliers.matching import (
    MATCH_THRESHOLD,
    REVIEW_THRESHOLD,
    EntityIndex,
    normalise_name,
)
from riskscreen.suppliers.reference import EntityRecord

TARGET = 0.95
ACCENTED = ("Müller", "Société", "Çelik", "Đông", "Nguyễn", "São", "Škoda", "Ölçer", "Jürgen",
            "Peña", "Gómez", "Bảo", "Hòa", "Smørrebrød", "Łódź", "Françoise", "Kraków",
            "Dürr", "Öztürk", "Señor")
TRANSLIT = {"ü": "ue", "ö": "oe", "ä": "ae", "ø": "oe", "ß": "ss"}


def with_accents(rng: random.Random) -> str:
    name = company(rng)
    words = name.split()
    words[0] = rng.choice(ACCENTED)
    return " ".join(words)


def transliterate(rng: random.Random, name: str) -> str:
    import unicodedata

    if rng.random() < 0.5:
        for letter, ascii_ in TRANSLIT.items():
            name = name.replace(letter, ascii_).replace(letter.upper(), ascii_.capitalize())
    stripped = unicodedata.normalize("NFKD", name)
    return "".join(c for c in stripped if not unicodedata.combining(c))


def reorder(rng: random.Random, name: str) -> str:
    words = name.split()
    rng.shuffle(words)
    return " ".join(words)


def relegal(rng: random.Random, name: str) -> str:
    words = name.split()
    keep = [w for w in words if normalise_name(w) and normalise_name(w) in normalise_name(name)
            .split()]
    return " ".join([*keep, rng.choice([x for x in LEGAL if x])])


CHANGES = {"typo": typo, "reordered": reorder, "legal form": relegal,
           "transliteration": transliterate, "upper case": lambda rng, n: n.upper()}


def variant(rng: random.Random, name: str) -> tuple[str, str]:
    kinds = rng.sample(sorted(CHANGES), 2) if rng.random() < 0.3 else [rng.choice(sorted(CHANGES))]
    for kind in kinds:
        name = CHANGES[kind](rng, name)
    return name, "+".join(kinds)


def evaluate(index: EntityIndex, queries: list[tuple[str, str | None, str]], threshold: float):
    names = [normalise_name(q) for q, _, _ in queries]
    found = index.match(names)
    right = wrong = review = 0
    missed: dict[str, int] = {}
    positives = sum(1 for _, expected, _ in queries if expected)
    for (_query, expected, kind), name in zip(queries, names, strict=True):
        best = next(iter(found.get(name, [])), None)
        if best is not None and best.strength >= threshold:
            if best.entity_key == expected:
                right += 1
                continue
            wrong += 1
        elif best is not None:
            review += 1
        if expected:
            missed[kind] = missed.get(kind, 0) + 1
    precision = right / (right + wrong) if right + wrong else 1.0
    recall = right / positives if positives else 1.0
    return precision, recall, review, missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=3000)
    parser.add_argument("--queries", type=int, default=3000, help="positives; as many negatives")
    args = parser.parse_args()
    rng = random.Random(20261127)
    names = unique_companies(rng, args.entities)
    taken = {normalise_name(n) for n in names}
    for i in range(0, len(names), 5):  # a fifth of the names carry accented words
        candidate = with_accents(rng)
        if normalise_name(candidate) not in taken:
            taken.discard(normalise_name(names[i]))
            taken.add(normalise_name(candidate))
            names[i] = candidate
    entities = [EntityRecord(f"E{i}", n, (), (), "bench", "") for i, n in enumerate(names)]
    queries: list[tuple[str, str | None, str]] = []
    for _ in range(args.queries):
        i = rng.randrange(len(entities))
        query, kind = variant(rng, entities[i].name)
        queries.append((query, f"bench:E{i}", kind))
    for name in unique_companies(rng, args.queries, avoid=taken):
        queries.append((name, None, "unrelated"))
    index = EntityIndex(entities, match_threshold=MATCH_THRESHOLD,
                        review_threshold=REVIEW_THRESHOLD)
    print("command: .venv/bin/python bench/bench_matching_quality.py")
    print(f"{len(entities):,} entity names; {args.queries:,} changed copies of them and "
          f"{args.queries:,} unrelated names (seed 20261127)")
    print(f"\n{'threshold':>9}  {'precision':>9}  {'recall':>6}  {'for review':>10}")
    for threshold in (80, 84, 86, 88, 90, 92, 95):
        precision, recall, review, _ = evaluate(index, queries, threshold)
        mark = "  <- chosen" if threshold == MATCH_THRESHOLD else ""
        print(f"{threshold:>9}  {precision:>9.3f}  {recall:>6.3f}  {review:>10,}{mark}")
    precision, recall, review, missed = evaluate(index, queries, MATCH_THRESHOLD)
    print(f"\nat the chosen threshold {MATCH_THRESHOLD:g} (review band from "
          f"{REVIEW_THRESHOLD:g}):")
    print(f"  precision {precision:.3f}   target >= {TARGET}")
    print(f"  recall    {recall:.3f}   target >= {TARGET}")
    print(f"  misses by kind of change: {dict(sorted(missed.items()))}")
    ok = precision >= TARGET and recall >= TARGET
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
