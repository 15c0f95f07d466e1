"""Where the shipped data lives, and the environment variables that move it."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def rules_path() -> Path:
    """The rules folder: RISKSCREEN_RULES_PATH, or the shipped rules/."""
    return Path(os.environ.get("RISKSCREEN_RULES_PATH") or PROJECT_ROOT / "rules")


def models_path() -> Path:
    """The model registry folder: RISKSCREEN_MODELS_PATH, or the shipped models/."""
    return Path(os.environ.get("RISKSCREEN_MODELS_PATH") or PROJECT_ROOT / "models")


def corpus_path() -> Path:
    """The labelled corpus folder shipped in the repository."""
    return PROJECT_ROOT / "data" / "corpus"
