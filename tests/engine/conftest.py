"""Fixtures shared by the engine tests: a small rule set in tests/engine/fixtures/rules_ok."""

from __future__ import annotations

import pytest

from riskscreen.engine.rules import RuleSet, load_ruleset
from tests.engine.support import FIXTURES


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    """The fixture rules (English and Spanish; phrases, lemmas, tokens, regex, fields)."""
    return load_ruleset(FIXTURES / "rules_ok")
