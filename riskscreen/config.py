"""Configuration: defaults, then RISKSCREEN_* environment variables, then a test mapping.

Every setting is declared once in SETTINGS with its type, default and meaning; the README's
configuration table is generated from the same list (`riskscreen config`), so the two cannot
drift apart.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from riskscreen.paths import PROJECT_ROOT, models_path, rules_path

ENV_PREFIX = "RISKSCREEN_"


class ConfigError(ValueError):
    """A RISKSCREEN_* variable that cannot be read."""


def _parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"expected true or false, got {raw!r}")


@dataclass(frozen=True)
class Setting:
    name: str  # the key in app.config, and RISKSCREEN_<name> in the environment
    default: Callable[[], Any] | Any
    parse: Callable[[str], Any]
    meaning: str

    def default_value(self) -> Any:
        return self.default() if callable(self.default) else self.default


SETTINGS: tuple[Setting, ...] = (
    Setting("INSTANCE_PATH", lambda: str(PROJECT_ROOT / "instance"), str,
            "Folder for the SQLite store and other local state; created on first run."),
    Setting("DATABASE_URL", "", str,
            "SQLAlchemy URL of the store. Empty: sqlite:///<INSTANCE_PATH>/riskscreen.sqlite3. "
            "PostgreSQL: postgresql+psycopg://user:pass@host/db."),
    Setting("AUTO_MIGRATE", True, _parse_bool,
            "Apply Alembic migrations when the app starts (else run `riskscreen db upgrade`)."),
    Setting("RULES_PATH", lambda: str(rules_path()), str,
            "Folder of the indicator catalogue and rule files."),
    Setting("MODELS_PATH", lambda: str(models_path()), str,
            "Folder of the model registry (versioned model folders)."),
    Setting("MAX_REQUEST_BYTES", 50 * 1024 * 1024, int,
            "Largest request body accepted (uploads included); larger gets 413."),
    Setting("RATE_LIMIT", "600 per minute", str,
            "Requests allowed per API key (Flask-Limiter syntax); 429 beyond it."),
    Setting("RATE_LIMIT_STORAGE_URL", "memory://", str,
            "Where rate-limit counters live: memory:// per process, or redis://host:6379."),
    Setting("BATCH_LIMIT", 1000, int,
            "Most documents accepted in one screening call."),
    Setting("RULESET_POLL_SECONDS", 1.0, float,
            "How often (seconds) a worker asks the store which ruleset version is active."),
    Setting("TRAINING_THREADS", 1, int,
            "Model training jobs run at once per worker process (POST /v1/models/train)."),
    Setting("LOG_LEVEL", "INFO", str, "Logging level of the service (DEBUG, INFO, WARNING)."),
    Setting("WORKERS", lambda: os.cpu_count() or 1, int,
            "gunicorn worker processes (`riskscreen serve`, gunicorn.conf.py)."),
    Setting("TIMEOUT", 60, int, "gunicorn worker timeout in seconds."),
    Setting("MAX_UPLOAD_BYTES", 50 * 1024 * 1024, int,
            "Largest supplier-list file accepted (POST /v1/supplier-lists); larger gets 413."),
    Setting("JOB_EXECUTOR", "local", str,
            "Where supplier-list jobs run: local (a thread pool per worker) or sync (in the "
            "request; tests)."),
    Setting("JOB_WORKERS", 2, int, "Threads of the local job executor, per worker process."),
    Setting("JOB_CHUNK_ROWS", 5000, int,
            "Rows screened and committed together; progress moves by this much."),
    Setting("JOB_LEASE_SECONDS", 120, int,
            "A running job's lease; a job whose lease ran out (its process died) is resumed."),
    Setting("MATCH_THRESHOLD", 88.0, float,
            "Entity-name match strength (0-100) at or above which a name is a match."),
    Setting("REVIEW_THRESHOLD", 75.0, float,
            "Match strength from which a name is a candidate for an analyst's review."),
)


def settings_from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    """Read every declared setting present in the environment, parsed to its type."""
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = environ.get(ENV_PREFIX + setting.name)
        if raw is None or raw == "":
            continue
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{ENV_PREFIX}{setting.name}: {exc}") from exc
    return values


def build_config(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Defaults, then the environment, then `overrides` (the test mapping)."""
    config = {setting.name: setting.default_value() for setting in SETTINGS}
    config.update(settings_from_env(os.environ if environ is None else environ))
    config.update(overrides or {})
    if not config["DATABASE_URL"]:
        sqlite_file = Path(config["INSTANCE_PATH"]) / "riskscreen.sqlite3"
        # quoted: a folder name with "?" or "#" would otherwise end the path in the URL
        url = URL.create("sqlite", database=str(sqlite_file))
        config["DATABASE_URL"] = url.render_as_string(hide_password=False)
    return config


def configuration_table() -> str:
    """The README's configuration table, in Markdown."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    for setting in SETTINGS:
        default = setting.default_value()
        if setting.name in {"INSTANCE_PATH", "RULES_PATH", "MODELS_PATH"}:
            default = "./" + Path(default).relative_to(PROJECT_ROOT).as_posix()
        elif setting.name == "WORKERS":
            default = "CPU count"
        shown = f"`{default}`" if default != "" else "(empty)"
        lines.append(f"| `{ENV_PREFIX}{setting.name}` | {shown} | {setting.meaning} |")
    return "\n".join(lines)
