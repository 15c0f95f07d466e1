"""Field conditions: hours, wages normalised per month, fees, text and list fields."""

from __future__ import annotations

from typing import Any

import pytest

from riskscreen.engine.document import Document
from riskscreen.engine.rules import RuleSet
from riskscreen.engine.rules.fields import check_condition, evaluate, field_value
from riskscreen.engine.rules.model import FieldCondition

MYR_MIN = {"amount": 1500, "currency": "MYR", "period": "month"}

# (condition, fields, fires)
CASES: list[tuple[FieldCondition, dict[str, Any], bool]] = [
    (FieldCondition("hours_per_week", "gt", 60), {"hours_per_week": 72}, True),
    (FieldCondition("hours_per_week", "gt", 60), {"hours_per_week": 60}, False),
    (FieldCondition("hours_per_week", "ge", 60), {"hours_per_week": 60.0}, True),
    (
        FieldCondition("hours_per_week", "gt", 60),
        {"hours_per_week": "72"},
        False,
    ),  # malformed never fires
    (FieldCondition("hours_per_week", "gt", 60), {"hours_per_week": True}, False),
    (FieldCondition("hours_per_week", "gt", 60), {}, False),
    (
        FieldCondition("fees_charged", "gt", 0),
        {"fees_charged": {"amount": 1500, "currency": "USD"}},
        True,
    ),
    (
        FieldCondition("fees_charged", "gt", 0),
        {"fees_charged": {"amount": 0, "currency": "USD"}},
        False,
    ),
    (FieldCondition("fees_charged", "gt", 0), {"fees_charged": 200}, True),
    # 40 a day = 866.8 a month < 1500
    (
        FieldCondition("wage", "lt", compare_to="minimum_wage"),
        {"wage": {"amount": 40, "currency": "MYR", "period": "day"}, "minimum_wage": MYR_MIN},
        True,
    ),
    # 80 a day = 1733.6 a month
    (
        FieldCondition("wage", "lt", compare_to="minimum_wage"),
        {"wage": {"amount": 80, "currency": "MYR", "period": "day"}, "minimum_wage": MYR_MIN},
        False,
    ),
    # 8 an hour = 1386.64 a month
    (
        FieldCondition("wage", "lt", compare_to="minimum_wage"),
        {"wage": {"amount": 8, "currency": "myr", "period": "hour"}, "minimum_wage": MYR_MIN},
        True,
    ),
    (
        FieldCondition("wage", "lt", compare_to="minimum_wage"),
        {"wage": {"amount": 300, "currency": "MYR", "period": "week"}, "minimum_wage": MYR_MIN},
        True,
    ),
    (
        FieldCondition("wage", "lt", compare_to="minimum_wage"),
        {"wage": {"amount": 12000, "currency": "MYR", "period": "year"}, "minimum_wage": MYR_MIN},
        True,
    ),
    (
        FieldCondition("wage", "lt", compare_to="minimum_wage"),
        {"wage": {"amount": 40, "currency": "USD", "period": "day"}, "minimum_wage": MYR_MIN},
        False,
    ),
    (
        FieldCondition("wage", "lt", compare_to="minimum_wage"),
        {"wage": {"amount": 40, "currency": "MYR", "period": "fortnight"}, "minimum_wage": MYR_MIN},
        False,
    ),
    (
        FieldCondition("wage", "lt", compare_to="minimum_wage"),
        {"wage": {"amount": 40, "currency": "MYR", "period": "day"}},
        False,
    ),
    (
        FieldCondition("wage", "gt", 20000),
        {"wage": {"amount": 5000, "currency": "USD", "period": "week"}},
        True,
    ),
    (FieldCondition("employer", "present"), {"employer": "Acme"}, True),
    (FieldCondition("employer", "present"), {"employer": "  "}, False),
    (FieldCondition("employer", "eq", "Confidential"), {"employer": "confidential "}, True),
    (FieldCondition("country", "ne", "GB"), {"country": "MY"}, True),
    (
        FieldCondition("contact_channels", "eq", "whatsapp"),
        {"contact_channels": ["WhatsApp", "phone"]},
        True,
    ),
    (FieldCondition("contact_channels", "ne", "email"), {"contact_channels": ["WhatsApp"]}, True),
    (FieldCondition("contact_channels", "eq", "email"), {"contact_channels": ["WhatsApp"]}, False),
    (FieldCondition("age_min", "lt", 18), {"age_min": 14}, True),
]


@pytest.mark.parametrize(("cond", "fields", "fires"), CASES)
def test_evaluate(cond: FieldCondition, fields: dict[str, Any], fires: bool) -> None:
    assert (evaluate(cond, fields) is not None) == fires


def test_evidence_describes_field_and_value() -> None:
    fields = {"wage": {"amount": 40, "currency": "MYR", "period": "day"}, "minimum_wage": MYR_MIN}
    evidence = evaluate(FieldCondition("wage", "lt", compare_to="minimum_wage"), fields)
    assert evidence == "wage 866.80 MYR per month < minimum_wage 1,500.00 MYR per month"
    assert (
        evaluate(FieldCondition("hours_per_week", "gt", 60), {"hours_per_week": 72})
        == "hours_per_week 72 > 60"
    )


def test_field_value_normalises_wages() -> None:
    money = field_value({"wage": {"amount": 100, "currency": "usd", "period": "week"}}, "wage")
    assert (money.amount, money.currency) == (433.0, "USD")


@pytest.mark.parametrize(
    ("cond", "key"),
    [
        (FieldCondition("hours_per_week", "gt"), "value"),
        (FieldCondition("hours_per_week", "gt", 60, "age_min"), "value"),
        (FieldCondition("hours_per_week", "gt", "sixty"), "value"),
        (FieldCondition("hours_per_week", "present", 60), "op"),
        (FieldCondition("employer", "lt", "x"), "op"),
        (FieldCondition("employer", "eq", 3), "value"),
        (FieldCondition("wage", "lt", compare_to="hours_per_week"), "compare_to"),
        (FieldCondition("wage", "lt", compare_to="wage"), "compare_to"),
        (FieldCondition("employer", "eq", compare_to="title"), "compare_to"),
    ],
)
def test_check_condition_problems(cond: FieldCondition, key: str) -> None:
    assert key in [k for k, _ in check_condition(cond)]


def test_field_hits_have_no_span(ruleset: RuleSet) -> None:
    hits = ruleset.match(Document("Great job.", language="en", fields={"hours_per_week": 72}))
    (hit,) = [h for h in hits if h.rule_id == "hours_field"]
    assert (hit.start, hit.end, hit.sentence) == (None, None, None)
    assert hit.evidence == "hours_per_week 72 > 60"
    assert hit.indicator == "excessive_overtime"


def test_field_rules_run_for_their_languages(ruleset: RuleSet) -> None:
    fields = {"hours_per_week": 80}
    assert [
        h.rule_id for h in ruleset.match(Document("Trabajo.", language="es", fields=fields))
    ] == ["hours_field"]
    assert ruleset.match(Document("Travail.", language="fr", fields=fields)) == []
