"""gunicorn settings for riskscreen. RISKSCREEN_WORKERS and RISKSCREEN_TIMEOUT override."""

import gc
import os

bind = os.environ.get("RISKSCREEN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("RISKSCREEN_WORKERS") or os.cpu_count() or 1)
# sync: measured against gthread (1 or 2 threads, keep-alive) on POST /v1/screen/job-ads, the
# server's CPU per request was the same (~2.0 ms outside the engine) and latency no better;
# keep-alive only saved the client its connects. More workers than cores did not help either.
worker_class = "sync"
timeout = int(os.environ.get("RISKSCREEN_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
# Load the app (rules, models, spaCy pipelines, migrations) once in the master, then fork.
preload_app = True
# A worker is replaced after this many requests (a guard against slow leaks; none was seen:
# worker RSS stayed at 413 MB over 6,500 screenings each). A replacement costs ~0.2 s of CPU
# (interpreter shutdown, fork, cold start); with 1,000 it raised p99 from ~35 to 170-310 ms,
# and at 10,000 a worker was replaced every 25-50 s at the target rate.
max_requests = 100000
max_requests_jitter = 10000
accesslog = None  # riskscreen logs one structured line per request itself
errorlog = "-"


def when_ready(server):
    """In the master, after the preload and before the first fork: freeze the loaded heap.

    Rules, models and spaCy pipelines are ~350,000 long-lived objects; without this, every
    full garbage collection in a worker walks all of them (~170 ms, a request stalled that
    long), and touching their headers un-shares the forked memory.
    """
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    """Workers must not share the master's database connections."""
    app = getattr(server.app, "callable", None)  # the preloaded Flask app
    store = getattr(app, "extensions", {}).get("riskscreen.store")
    if store is not None:
        store.dispose()
        # WAL checkpoints (and their fsyncs) off the request path, one thread per worker
        store.start_background_checkpoints()
