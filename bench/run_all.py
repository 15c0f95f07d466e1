"""Run every bench/bench_*.py in turn (sorted by name) and print their output (`make bench`).

    .venv/bin/python bench/run_all.py [--only NAME ...] [--timeout 1800]

Each benchmark runs in its own process with this interpreter and its default arguments; its
output is streamed as it comes. A benchmark that fails or exceeds --timeout seconds is
stopped and reported, and the others still run. The exit status is 0 only if every
benchmark exited with 0 (benchmarks exit non-zero when a target is missed).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def run(script: Path, timeout: float) -> tuple[int | None, float]:
    """(exit code or None on timeout, seconds)."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, start_new_session=True)
    try:
        code: int | None = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)  # the benchmark's own session only
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        code = None
    except KeyboardInterrupt:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
        raise
    return code, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", nargs="*", default=None, help="names to run, e.g. screening http (default: all)"
    )
    parser.add_argument(
        "--timeout", type=float, default=1800.0, help="seconds before a benchmark is stopped"
    )
    args = parser.parse_args()
    scripts = sorted(BENCH.glob("bench_*.py"))
    if args.only:
        wanted = {n.removeprefix("bench_").removesuffix(".py") for n in args.only}
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in wanted]
    if not scripts:
        print("no benchmarks found")
        return 1
    print(f"running {len(scripts)} benchmarks: {', '.join(s.name for s in scripts)}", flush=True)
    outcomes = []
    for script in scripts:
        print(f"\n{'=' * 78}\n{script.relative_to(ROOT)}\n{'=' * 78}", flush=True)
        code, seconds = run(script, args.timeout)
        outcomes.append((script.name, code, seconds))
    print(f"\n{'=' * 78}\nsummary")
    for name, code, seconds in outcomes:
        state = "timed out" if code is None else ("ok" if code == 0 else f"exit {code}")
        print(f"  {name:32} {state:12} {seconds:7.1f} s")
    return 0 if all(code == 0 for _, code, _ in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
