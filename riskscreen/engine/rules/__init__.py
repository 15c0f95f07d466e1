"""Rules as files: loading, validation, compilation and matching.

from riskscreen.engine.rules import load_ruleset, RuleSet, RuleLoadError
"""

from riskscreen.engine.errors import RuleError, RuleLoadError
from riskscreen.engine.hits import IndicatorHit, MatchTrace, SuppressedHit
from riskscreen.engine.rules.loader import load_ruleset
from riskscreen.engine.rules.model import Rule
from riskscreen.engine.rules.ruleset import RuleSet

__all__ = [
    "IndicatorHit",
    "MatchTrace",
    "Rule",
    "RuleError",
    "RuleLoadError",
    "RuleSet",
    "SuppressedHit",
    "load_ruleset",
]
