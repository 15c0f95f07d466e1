"""Conditions on the structured fields of a document (hours, wages, fees, employer...).

Wages are compared per month: hour x 173.33, day x 21.67, week x 4.33, year / 12, and two
wages are comparable only in the same currency. A missing or malformed field never fires.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from riskscreen.engine.rules.model import FieldCondition

MONEY_FIELDS = ("wage", "minimum_wage")
NUMBER_FIELDS = ("hours_per_week", "fees_charged", "age_min")
TEXT_FIELDS = ("employer", "title", "country")
LIST_FIELDS = ("contact_channels",)
FIELD_NAMES = MONEY_FIELDS + NUMBER_FIELDS + TEXT_FIELDS + LIST_FIELDS
PER_MONTH = {"hour": 173.33, "day": 21.67, "week": 4.33, "month": 1.0, "year": 1 / 12}

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
    "eq": operator.eq,
    "ne": operator.ne,
}
_SYMBOL = {"gt": ">", "ge": ">=", "lt": "<", "le": "<=", "eq": "=", "ne": "!="}


@dataclass(frozen=True)
class Money:
    """An amount per month in one currency."""

    amount: float
    currency: str

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency} per month"


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _money(value: Any) -> Money | None:
    if not isinstance(value, dict):
        return None
    amount = _number(value.get("amount"))
    currency = value.get("currency")
    factor = PER_MONTH.get(str(value.get("period", "month")).lower())
    if amount is None or factor is None or not isinstance(currency, str) or not currency:
        return None
    return Money(round(amount * factor, 2), currency.upper())


def field_value(fields: dict[str, Any], name: str) -> Any:
    """The comparable value of a field: Money, float, lower-case str, list of str, or None."""
    raw = fields.get(name)
    if raw is None:
        return None
    if name in MONEY_FIELDS:
        return _money(raw)
    if name == "fees_charged" and isinstance(raw, dict):
        return _number(raw.get("amount"))
    if name in NUMBER_FIELDS:
        return _number(raw)
    if name in TEXT_FIELDS:
        return raw.strip().lower() if isinstance(raw, str) and raw.strip() else None
    if isinstance(raw, list):
        items = [str(v).strip().lower() for v in raw if str(v).strip()]
        return items or None
    return None


def check_condition(cond: FieldCondition) -> list[tuple[str, str]]:
    """Semantic problems of a condition as (key, message); empty when it is usable."""
    problems: list[tuple[str, str]] = []
    if cond.op == "present":
        if cond.value is not None or cond.compare_to is not None:
            problems.append(("op", "'present' takes neither value nor compare_to"))
        return problems
    if (cond.value is None) == (cond.compare_to is None):
        problems.append(("value", "give exactly one of value or compare_to"))
        return problems
    ordered = cond.op in ("gt", "ge", "lt", "le")
    if cond.field in TEXT_FIELDS + LIST_FIELDS:
        if ordered:
            problems.append(("op", f"{cond.field} is text: use eq, ne or present"))
        if cond.compare_to is not None:
            problems.append(("compare_to", f"{cond.field} cannot be compared to another field"))
        elif not isinstance(cond.value, str):
            problems.append(("value", f"{cond.field} is text: value must be a string"))
        return problems
    if cond.compare_to is not None:
        same_kind = (cond.field in MONEY_FIELDS) == (cond.compare_to in MONEY_FIELDS)
        if cond.compare_to not in MONEY_FIELDS + NUMBER_FIELDS or not same_kind:
            problems.append(("compare_to", f"{cond.field} cannot be compared to {cond.compare_to}"))
        elif cond.compare_to == cond.field:
            problems.append(("compare_to", "a field cannot be compared to itself"))
    elif _number(cond.value) is None:
        problems.append(("value", f"{cond.field} is numeric: value must be a number"))
    return problems


def _amount(value: Any) -> Any:
    return value.amount if isinstance(value, Money) else value


def evaluate(cond: FieldCondition, fields: dict[str, Any]) -> str | None:
    """The evidence text when the condition holds on these fields, else None."""
    left = field_value(fields, cond.field)
    if left is None:
        return None
    if cond.op == "present":
        return f"{cond.field} present: {_show(left)}"
    if cond.compare_to is not None:
        right = field_value(fields, cond.compare_to)
        if right is None:
            return None
        if isinstance(left, Money) and isinstance(right, Money) and left.currency != right.currency:
            return None
        target = f"{cond.compare_to} {_show(right)}"
    else:
        right = cond.value.strip().lower() if isinstance(cond.value, str) else cond.value
        target = _show(cond.value)
    if isinstance(left, list):
        holds = (right in left) == (cond.op == "eq")
    else:
        try:
            holds = _COMPARE[cond.op](_amount(left), _amount(right))
        except TypeError:
            return None
    if not holds:
        return None
    return f"{cond.field} {_show(left)} {_SYMBOL[cond.op]} {target}"


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)
