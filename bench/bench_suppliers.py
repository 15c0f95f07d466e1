"""Supplier-list benchmark, end to end: 100,000 (and 10,000) suppliers x 10,000 entity names.

    .venv/bin/python bench/bench_suppliers.py [--rows 10000 100000] [--entities 10000]
                                              [--audit-share 0.02] [--no-audit]

For each size: a generated CSV (bench/_names.py, fixed seed; semicolons, cp1252, country and
goods variants, spend in mixed formats, a few bad rows, audit findings on a share of rows) is
stored as an upload in a fresh SQLite store with a generated entity list of 10,000 names, and
the job runs in this process exactly as the service runs it (JobRunner: read, normalise
countries and goods, block and match names, score, screen audit text with the text engine,
write results chunk by chunk). Targets, at both sizes: under 30 s, and peak memory (maximum
resident set of the process, the text engine included) under 1.5 GB. The engine's loading
time is printed apart: it happens once per worker, not per job.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _names import company, typo, unique_companies

TARGET_SECONDS_100K = 30.0
TARGET_PEAK_MB = 1500.0
COUNTRIES = ("China", "CN", "Mainland China", "Viet Nam", "Vietnam", "VNM", "Bangladesh", "BD",
             "India", "Malaysia", "Thailand", "Türkiye", "Turkey", "Germany", "USA", "UK",
             "Ivory Coast", "Côte d'Ivoire", "Korea, Republic of", "Indonesia", "Pakistan",
             "Mexico", "Brazil", "Italy", "Cambodia", "Sri Lanka")
GOODS = ("cotton", "tee shirts", "garments", "apparel", "nitrile gloves", "shrimp", "seafood",
         "electronics", "mobile phones", "palm oil", "cocoa beans", "bricks", "solar panels",
         "furniture", "packaging", "6109", "0306", "coffee", "toys", "widgets", "yarn")
AUDIT = (
    "Workers' passports are kept by the factory management. Overtime is compulsory.",
    "No issues found. Wages paid on time; workers keep their documents.",
    "Recruitment fees of USD 1,500 were paid by workers to agents; deductions for housing.",
    "Dormitory doors are locked at night and workers need permission to leave.",
    "Fire exits clear, contracts in the workers' language, grievance box in place.",
)


def spend(rng: random.Random) -> str:
    value = rng.randint(100, 5_000_000)
    return rng.choice((str(value), f"{value:,}", f"{value:,}".replace(",", ".") + ",00",
                       f"$ {value}"))


def make_entities(rng: random.Random, n: int) -> list:
    from riskscreen.suppliers.reference import EntityRecord

    names = unique_companies(rng, n)
    return [EntityRecord(f"E{i:05d}", name, (), ("CN",), "bench", "generated")
            for i, name in enumerate(names)]


def make_csv(rng: random.Random, rows: int, entities: list, audit_share: float) -> bytes:
    lines = ["Supplier Name;Country;Product;Annual Spend;Tier;Audit findings"]
    for i in range(rows):
        roll = rng.random()
        if roll < 0.02:  # a listed entity, written differently
            name = rng.choice(entities).name
            name = typo(rng, name) if rng.random() < 0.5 else name.upper()
        else:
            name = company(rng)
        country = rng.choice(COUNTRIES)
        amount = spend(rng)
        if i % 997 == 0:  # a few rows that cannot be used
            country, amount = "Narnia", "lots"
        audit = rng.choice(AUDIT) if rng.random() < audit_share else ""
        cells = [name, country, rng.choice(GOODS), amount, str(rng.randint(1, 3)), audit]
        lines.append(";".join(f'"{c}"' if ";" in c or '"' in c else c for c in cells))
    return ("\n".join(lines) + "\n").encode("cp1252", errors="replace")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(rows: int, n_entities: int, audit_share: float, screener: object | None) -> dict:
    from riskscreen.jobs.runner import JobRunner, JobSettings, engine_audit_screen
    from riskscreen.store import supplier_lists as q
    from riskscreen.store.database import Store
    from riskscreen.store.keys import get_or_create_tenant
    from riskscreen.store.reference import ensure_starter_goods, save_entities
    from riskscreen.suppliers.reading import locate_columns, open_table

    rng = random.Random(20261127)
    entities = make_entities(rng, n_entities)
    content = make_csv(rng, rows, entities, audit_share)
    folder = Path(tempfile.mkdtemp(prefix="riskscreen-bench-"))
    store = Store(f"sqlite:///{folder / 'bench.sqlite3'}")
    store.upgrade()
    with store.transaction() as session:
        ensure_starter_goods(session)
        save_entities(session, entities, list_name="bench", content=b"bench", source="bench",
                      edition="generated")
        tenant = get_or_create_tenant(session, "bench")
        table = open_table(content)
        columns = locate_columns(table)
        supplier_list = q.create_list(
            session, tenant_id=tenant.id, actor="bench", filename="bench.csv", content=content,
            format=table.format, encoding=table.encoding, delimiter=table.delimiter,
            columns=columns.headers, unused_columns=columns.unused, mapping={})
        job_id = q.create_job(session, supplier_list, "bench").id
    from riskscreen.config import build_config

    config = build_config({})  # the service's defaults (chunk size, lease, thresholds)
    settings = JobSettings(chunk_rows=config["JOB_CHUNK_ROWS"],
                           lease_seconds=config["JOB_LEASE_SECONDS"],
                           match_threshold=config["MATCH_THRESHOLD"],
                           review_threshold=config["REVIEW_THRESHOLD"])
    runner = JobRunner(store, settings, engine_audit_screen(screener))
    started = time.perf_counter()
    status = runner.run(job_id)
    seconds = time.perf_counter() - started
    with store.session() as session:
        counts = q.result_counts(session, job_id)
    return {"rows": rows, "status": status, "seconds": seconds, "counts": counts,
            "csv_mb": len(content) / 1e6}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--audit-share", type=float, default=0.02)
    parser.add_argument("--no-audit", action="store_true", help="skip the text engine")
    args = parser.parse_args()
    print(f"command: .venv/bin/python bench/bench_suppliers.py (entities {args.entities}, "
          f"audit text on {args.audit_share:.0%} of rows)")
    screener = None
    if not args.no_audit:
        started = time.perf_counter()
        from riskscreen.commands.screen import build_screener

        screener = build_screener()
        print(f"text engine loaded once in {time.perf_counter() - started:.1f} s "
              f"(per worker, not per job); peak memory so far {peak_mb():.0f} MB")
    ok = True
    for rows in args.rows:
        result = run(rows, args.entities, 0 if args.no_audit else args.audit_share, screener)
        rate = rows / result["seconds"]
        print(f"\n{rows:,} suppliers ({result['csv_mb']:.1f} MB CSV) x {args.entities:,} "
              f"entity names: job {result['status']}")
        target = TARGET_SECONDS_100K  # the same targets at every size
        print(f"  end to end      {result['seconds']:7.1f} s   target < {target:.0f} s "
              f"({rate:,.0f} rows/s)")
        print(f"  peak memory     {peak_mb():7.0f} MB  target < {TARGET_PEAK_MB:.0f} MB "
              "(process maximum, engine included)")
        print(f"  results         {result['counts']}")
        ok = ok and result["status"] == "done" and result["seconds"] < target \
            and peak_mb() < TARGET_PEAK_MB
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    if load:
        print(f"\nload average during the run: {load[0]:.1f} on {os.cpu_count()} cores "
              "(a shared machine is slower)")
    print("\nall targets met" if ok else "\nTARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
