"""Classifier benchmark: training time, scoring + explanation throughput and latency, quality.

    .venv/bin/python bench/bench_classifier.py [--docs 20000] [--models DIR] [--corpus DIR]

Runs on one core (affinity pinned, BLAS threads 1). The 20,000 training documents are the
job_ad corpus plus generated records (riskscreen.ml.generate: sentence mixing of train-split
records, marked generated). Quality is measured with the active models on the corpus test
split. Each figure is printed beside its target.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import string  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from riskscreen import paths  # noqa: E402
from riskscreen.engine.screener import TOP_TERMS  # noqa: E402
from riskscreen.ml.candidates import FAST_CANDIDATES  # noqa: E402
from riskscreen.ml.corpus import Record, load_records, split_records  # noqa: E402
from riskscreen.ml.generate import generate  # noqa: E402
from riskscreen.ml.metrics import binary_metrics  # noqa: E402
from riskscreen.ml.registry import LoadedModel, ModelRegistry  # noqa: E402
from riskscreen.ml.train import fit_pipeline, train_model  # noqa: E402

BATCH = 1000


def line(name: str, value: str, target: str, ok: bool | None) -> None:
    mark = "" if ok is None else ("  OK" if ok else "  MISSED")
    print(f"  {name:58} {value:>14}   target {target}{mark}")


def compose(records: list[Record], n: int, seed: int = 0) -> list[Record]:
    job_ads = [r for r in records if r.kind == "job_ad"]
    return job_ads + generate(job_ads, max(0, n - len(job_ads)), seed=seed)


def with_novel_tokens(texts: list[str], share: float, seed: int = 1) -> list[str]:
    """Replace ``share`` of the tokens by random strings (never seen by the token cache)."""
    rng = random.Random(seed)
    out = []
    for text in texts:
        toks = text.split()
        for i in range(len(toks)):
            if rng.random() < share:
                toks[i] = "".join(
                    rng.choices(string.ascii_lowercase + string.digits, k=rng.randint(4, 10))
                )
        out.append(" ".join(toks))
    return out


def bench_training(docs: list[Record]) -> None:
    texts, y = [r.text for r in docs], np.array([r.label for r in docs])
    generated = sum(r.generated for r in docs)
    print(f"\ntraining on {len(docs):,} job_ad documents ({generated:,} generated)")
    start = time.perf_counter()
    fit_pipeline(texts, y, FAST_CANDIDATES[0], seed=0)
    seconds = time.perf_counter() - start
    line(f"fit features + {FAST_CANDIDATES[0].name}", f"{seconds:.1f} s", "< 60 s", seconds < 60)
    start = time.perf_counter()
    train_model(docs, "job_ad", seed=0, candidates=FAST_CANDIDATES)
    seconds = time.perf_counter() - start
    line(
        "train(): 5-fold CV + threshold + fit + test (--fast)",
        f"{seconds:.1f} s",
        "< 60 s",
        seconds < 60,
    )


def throughput(model: LoadedModel, texts: list[str]) -> tuple[float, float, float]:
    """docs/s: wall clock over all batches (incl. the cold first one), wall clock after the
    first batch, and CPU time over all batches (what one free core would do)."""
    times = []
    cpu_start = time.process_time()
    for i in range(0, len(texts), BATCH):
        start = time.perf_counter()
        model.explain_batch(texts[i : i + BATCH], top_k=10)
        times.append(time.perf_counter() - start)
    cpu = len(texts) / (time.process_time() - cpu_start)
    steady = (len(texts) - BATCH) / sum(times[1:]) if len(times) > 1 else float("nan")
    return len(texts) / sum(times), steady, cpu


def bench_scoring(registry: ModelRegistry, texts: list[str]) -> None:
    version = registry.active("job_ad")
    if version is None:
        print("\nno active job_ad model: scoring benchmark skipped")
        return
    print(f"\nscoring with explanation (top 10 terms + spans), model {version}, one core")
    model = registry.load(version)
    overall, steady, cpu = throughput(model, texts)
    line(
        f"batches of {BATCH}: docs/s over {len(texts):,} (cold cache)",
        f"{overall:,.0f}/s",
        ">= 1,000/s",
        overall >= 1000,
    )
    line(
        f"  same, by CPU time (load average {os.getloadavg()[0]:.1f})",
        f"{cpu:,.0f}/s",
        ">= 1,000/s",
        cpu >= 1000,
    )
    line(
        f"batches of {BATCH}: docs/s after the first batch",
        f"{steady:,.0f}/s",
        ">= 1,000/s",
        steady >= 1000,
    )
    novel = with_novel_tokens(texts[:5000], 0.10)
    fresh = registry.load(version)
    overall, _, cpu = throughput(fresh, novel)
    line(
        f"batches of {BATCH}: 10% never-seen tokens, 5,000 docs",
        f"{overall:,.0f}/s",
        ">= 1,000/s",
        overall >= 1000,
    )
    line("  same, by CPU time", f"{cpu:,.0f}/s", ">= 1,000/s", cpu >= 1000)
    latencies, cpu_latencies = [], []
    for text in novel[:1000]:
        start, cpu_start = time.perf_counter(), time.process_time()
        model.explain(text, top_k=10)
        latencies.append((time.perf_counter() - start) * 1000)
        cpu_latencies.append((time.process_time() - cpu_start) * 1000)
    p50 = statistics.median(latencies)
    p95 = float(np.percentile(latencies, 95))
    line("single document explain: median latency", f"{p50:.2f} ms", "< 3 ms", p50 < 3)
    line("single document explain: p95 latency", f"{p95:.2f} ms", "< 3 ms", p95 < 3)
    cpu50 = statistics.median(cpu_latencies)
    line("single document explain: median CPU time", f"{cpu50:.2f} ms", "< 3 ms", cpu50 < 3)
    start = time.perf_counter()
    for text in novel[:1000]:
        model.predict_proba([text])
    mean = (time.perf_counter() - start) / 1000 * 1000
    line("single document predict_proba (no explanation): mean", f"{mean:.2f} ms", "-", None)
    bench_as_screener(model, texts[:1000])


def bench_as_screener(model: LoadedModel, texts: list[str]) -> None:
    """The calls Screener makes (explain_batch, top 20 terms), on warm-cache texts; and
    explain + log_odds, the classifier floor of bench_screening.py."""
    top_k = 2 * TOP_TERMS + 4
    model.explain_batch(texts, top_k)
    explain = [timed(lambda t=t: model.explain_batch([t], top_k)) for t in texts]
    both = [timed(lambda t=t: (model.explain_batch([t], TOP_TERMS), model.log_odds([t])))
            for t in texts]
    p50 = statistics.median(explain)
    line(f"single document explain_batch, top {top_k}: median", f"{p50:.2f} ms", "-", None)
    p50 = statistics.median(both)
    line("single document explain + log_odds: median", f"{p50:.2f} ms", "<= 0.5 ms", p50 <= 0.5)
    start = time.perf_counter()
    for i in range(0, len(texts), BATCH):
        model.explain_batch(texts[i : i + BATCH], TOP_TERMS)
        model.log_odds(texts[i : i + BATCH])
    rate = len(texts) / (time.perf_counter() - start)
    line(f"batches of {BATCH}: explain + log_odds, docs/s", f"{rate:,.0f}/s", ">= 2,500/s",
         rate >= 2500)


def timed(call: Callable[[], object]) -> float:
    """Milliseconds of one call."""
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def bench_quality(registry: ModelRegistry, records: list[Record]) -> None:
    print("\nquality of the active models on the corpus test split")
    for kind in ("job_ad", "audit"):
        version = registry.active(kind)
        if version is None:
            print(f"  {kind}: no active model")
            continue
        model = registry.load(version)
        _, test = split_records([r for r in records if r.kind == kind])
        y = np.array([r.label for r in test])
        m = binary_metrics(y, model.predict_proba([r.text for r in test]), model.threshold)
        print(f"  {kind} ({version}, {m['n']} test docs, {m['n_risk']} risk)")
        line("ROC-AUC", f"{m['roc_auc']:.3f}", "-", None)
        line("PR-AUC", f"{m['pr_auc']:.3f}", "-", None)
        r85 = m["recall_at_precision_0.85"]
        line("recall at precision 0.85", f"{r85:.3f}", ">= 0.85", r85 >= 0.85)
        line(
            f"at threshold {model.threshold:.3f}: precision / recall",
            f"{m['precision']:.3f} / {m['recall']:.3f}",
            "-",
            None,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--models", type=Path, default=paths.models_path())
    parser.add_argument("--corpus", type=Path, default=paths.corpus_path())
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    records = load_records([args.corpus])
    docs = compose(records, args.docs)
    print(f"riskscreen classifier benchmark: {len(records)} corpus records, one core")
    if not args.skip_training:
        bench_training(docs)
    registry = ModelRegistry(args.models)
    bench_scoring(registry, [r.text for r in docs])
    bench_quality(registry, records)


if __name__ == "__main__":
    main()
