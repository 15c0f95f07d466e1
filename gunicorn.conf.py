"""gunicorn settings for riskscreen. RISKSCREEN_WORKERS and RISKSCREEN_TIMEOUT override."""

import os

bind = os.environ.get("RISKSCREEN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("RISKSCREEN_WORKERS") or os.cpu_count() or 1)
worker_class = "sync"
timeout = int(os.environ.get("RISKSCREEN_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
# Load the app (rules, models, spaCy pipelines, migrations) once in the master, then fork.
preload_app = True
max_requests = 10000
max_requests_jitter = 500
accesslog = None  # riskscreen logs one structured line per request itself
errorlog = "-"


def post_fork(server, worker):
    """Workers must not share the master's database connections."""
    app = getattr(server.app, "callable", None)  # the preloaded Flask app
    store = getattr(app, "extensions", {}).get("riskscreen.store")
    if store is not None:
        store.dispose()
