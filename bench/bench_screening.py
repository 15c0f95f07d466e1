"""In-process screening benchmark: rules + classifier + explanation, one core (issue 5, target 1).

    .venv/bin/python bench/bench_screening.py [--singles 600] [--batch 1000] [--batches 5]

What it measures, on ~200-word English job ads composed from data/corpus (fixed seed,
bench/_texts.py), with the screener the CLI and the API use (build_screener()):

* singles: Screener.screen(Document(text, kind="job_ad")) one call at a time (language
  detected, summary explanation as the API's default), after a warm-up: median, p95, p99.
  Target: median < 5 ms.
* batches: Screener.screen_many on batches of 1,000 documents: texts/s.
  Target: >= 1,000 texts/s on one core.
* the floor beside each: the spaCy tokenizer alone (get_nlp("en").tokenizer) plus the
  classifier alone (explain_batch and the spans of its top TOP_TERMS terms, the part of the
  classifier that Screener shows) on the same texts,
  and the ratio screening / floor. Also rules alone (RuleSet.trace_many), for information.

The process is pinned to one core (CPU 0) and BLAS/OpenMP use one thread. The machine may
be shared: the load average is printed with the results.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy is imported (through the engine)

import argparse  # noqa: E402
import gc  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _texts import job_ads, mean_words  # noqa: E402

COMMAND = ".venv/bin/python bench/bench_screening.py"
TARGET_MEDIAN_MS = 5.0
TARGET_RATE = 1000.0


def pin_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this platform)"
    allowed = os.sched_getaffinity(0)
    cpu = 0 if 0 in allowed else min(allowed)
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed_each(func: Callable[[str], object], texts: list[str]) -> list[float]:
    """Milliseconds of func(text) for each text."""
    out = []
    clock = time.perf_counter
    for text in texts:
        start = clock()
        func(text)
        out.append((clock() - start) * 1000)
    return out


def timed_batches(func: Callable[[list[str]], object], texts: list[str], size: int) -> float:
    """Seconds for func over texts in batches of `size`."""
    total = 0.0
    for i in range(0, len(texts), size):
        chunk = texts[i : i + size]
        start = time.perf_counter()
        func(chunk)
        total += time.perf_counter() - start
    return total


def row(name: str, value: str, target: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("PASS" if ok else "FAIL")
    print(f"  {name:48} {value:>14}  {target:18} {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--singles", type=int, default=600, help="timed single calls (>= 500)")
    parser.add_argument("--warmup", type=int, default=100, help="untimed calls first")
    parser.add_argument("--batch", type=int, default=1000, help="documents per screen_many")
    parser.add_argument("--batches", type=int, default=5, help="timed batches (5 = 5,000 texts)")
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument(
        "--full-calls",
        type=int,
        default=100,
        help="single calls with explain=full (information only; 0 skips)",
    )
    parser.add_argument(
        "--label",
        choices=["risk", "no_risk"],
        default=None,
        help="compose texts only from job ads with this corpus label (default: all job ads)",
    )
    args = parser.parse_args()
    pinned = pin_one_core()

    started = time.perf_counter()
    from riskscreen.commands.screen import build_screener
    from riskscreen.engine.document import Document
    from riskscreen.engine.nlp import get_nlp
    from riskscreen.engine.screener import TOP_TERMS

    screener = build_screener()
    load_s = time.perf_counter() - started
    gc.freeze()  # as `riskscreen screen` and the gunicorn master do once the engine is loaded
    model = screener.classifiers.get("job_ad")
    if model is None:
        print("no active job_ad model: the classifier is part of the target; stopping")
        return 1
    tokenizer = get_nlp("en").tokenizer

    n_single = args.warmup + args.singles
    n_batch = args.batch * args.batches
    texts = job_ads(n_single + args.batch + n_batch, words=args.words, label=args.label)
    warm, singles = texts[: args.warmup], texts[args.warmup : n_single]
    batch_warm = texts[n_single : n_single + args.batch]
    batched = texts[n_single + args.batch :]

    def screen_one(text: str) -> object:
        return screener.screen(Document(text, kind="job_ad"))

    def classify(chunk: list[str]) -> object:
        _, terms = model.explain_batch(chunk, TOP_TERMS)
        return [term.spans for text_terms in terms for term in text_terms]

    def screen_chunk(chunk: list[str]) -> object:
        return screener.screen_many([Document(t, kind="job_ad") for t in chunk])

    def rules_chunk(chunk: list[str]) -> object:
        return screener.ruleset.trace_many([Document(t, kind="job_ad") for t in chunk])

    def tokenize_chunk(chunk: list[str]) -> None:
        for _ in tokenizer.pipe(chunk, batch_size=256):
            pass

    print("riskscreen in-process screening benchmark (issue 5, target 1)")
    reproduce = (
        f"{COMMAND} --singles {args.singles} --warmup {args.warmup} "
        f"--batch {args.batch} --batches {args.batches}"
        + (f" --label {args.label}" if args.label else "")
    )
    print(f"  reproduce: {reproduce}")
    print(
        f"  {pinned}; OMP/OPENBLAS/MKL threads 1; load average before: "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} (machine may be shared)"
    )
    print(
        f"  engine: ruleset {screener.ruleset.version}, model {model.version}; "
        f"build_screener() {load_s:.1f} s"
    )
    print(
        f"  texts: {len(texts):,} job ads of {mean_words(texts):.0f} words on average "
        f"(sentences of {args.label or 'all'} corpus job ads, fixed seed)"
    )

    # ---- singles ------------------------------------------------------------------
    for text in warm:
        screen_one(text)
        tokenizer(text)
        classify([text])
    screen_ms = timed_each(screen_one, singles)
    tok_ms = timed_each(tokenizer, singles)
    clf_ms = timed_each(lambda t: classify([t]), singles)
    floor_ms = [a + b for a, b in zip(tok_ms, clf_ms, strict=True)]
    med = statistics.median(screen_ms)
    floor_med = statistics.median(floor_ms)
    print(f"\nsingle documents: {len(singles)} calls after {len(warm)} warm-up calls")
    single_ok = med < TARGET_MEDIAN_MS
    row("screen(): median", f"{med:.2f} ms", f"< {TARGET_MEDIAN_MS:.0f} ms", single_ok)
    row("screen(): p95", f"{percentile(screen_ms, 95):.2f} ms")
    row("screen(): p99", f"{percentile(screen_ms, 99):.2f} ms")
    row("floor: tokenizer alone, median", f"{statistics.median(tok_ms):.2f} ms")
    row("floor: classifier alone (explain + spans), median", f"{statistics.median(clf_ms):.2f} ms")
    row("floor: tokenizer + classifier, median", f"{floor_med:.2f} ms")
    row("ratio screen() / floor (medians)", f"{med / floor_med:.2f} x")
    if args.full_calls:
        full_ms = timed_each(
            lambda t: screener.screen(Document(t, kind="job_ad"), explain=True),
            singles[: args.full_calls],
        )
        row(
            f"screen(explain=full): median ({args.full_calls} calls)",
            f"{statistics.median(full_ms):.2f} ms",
            "(information)",
        )

    # ---- batches ------------------------------------------------------------------
    screen_chunk(batch_warm)
    tokenize_chunk(batch_warm)
    classify(batch_warm)
    screen_s = timed_batches(screen_chunk, batched, args.batch)
    tok_s = timed_batches(tokenize_chunk, batched, args.batch)
    clf_s = timed_batches(classify, batched, args.batch)
    rules_s = timed_batches(rules_chunk, batched, args.batch)
    rate = len(batched) / screen_s
    floor_rate = len(batched) / (tok_s + clf_s)
    print(f"\nbatches of {args.batch:,}: {len(batched):,} texts after one warm-up batch")
    batch_ok = rate >= TARGET_RATE
    row("screen_many(): texts/s", f"{rate:,.0f}/s", f">= {TARGET_RATE:,.0f}/s", batch_ok)
    row("floor: tokenizer alone (pipe), texts/s", f"{len(batched) / tok_s:,.0f}/s")
    row("floor: classifier alone (explain + spans)", f"{len(batched) / clf_s:,.0f}/s")
    row("floor: tokenizer + classifier, texts/s", f"{floor_rate:,.0f}/s")
    row("ratio screen_many() time / floor time", f"{screen_s / (tok_s + clf_s):.2f} x")
    row(
        "rules alone (RuleSet.trace_many), texts/s",
        f"{len(batched) / rules_s:,.0f}/s",
        "(information)",
    )
    print(
        f"\nsummary: single median {med:.2f} ms (target < {TARGET_MEDIAN_MS:.0f} ms) "
        f"{'PASS' if single_ok else 'FAIL'}; batches {rate:,.0f} texts/s (target >= "
        f"{TARGET_RATE:,.0f}/s) {'PASS' if batch_ok else 'FAIL'}"
    )
    print(f"  load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"  reproduce: {reproduce}")
    return 0 if single_ok and batch_ok else 1


if __name__ == "__main__":
    sys.exit(main())
