"""Feedback on screenings: a reviewer's label, scoped to the tenant that owns the screening.

The text is kept only when the reviewer sends it (it must be the screened text: its SHA-256
is checked) or when the tenant retains texts; without it the feedback still counts, but it
cannot join a labelled set for backtests or training.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from riskscreen.store.analyst_models import Feedback
from riskscreen.store.models import Screening
from riskscreen.store.tenancy import Scope

LABELS = ("risk_confirmed", "not_risky")


class FeedbackError(ValueError):
    """Feedback that cannot be stored; `field` names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class FeedbackInput:
    label: str
    indicators: list[str] | None = None
    note: str = ""
    text: str | None = None


def add_feedback(session: Session, screening: Screening, given: FeedbackInput, *,
                 key_id: str) -> Feedback:
    """Record feedback on a screening the caller's scope has already found."""
    if given.label not in LABELS:
        raise FeedbackError("label", f"must be one of {', '.join(LABELS)}")
    text = given.text
    if text is not None:
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != screening.text_sha256:
            raise FeedbackError("text", "is not the text that was screened (SHA-256 differs)")
    else:
        text = screening.text
    row = Feedback(
        public_id=secrets.token_hex(8), tenant_id=screening.tenant_id, screening_id=screening.id,
        key_id=key_id, label=given.label, indicators=given.indicators, note=given.note,
        kind=screening.kind, language=screening.language, text=text,
        screened_indicators=list(screening.indicators), screened_band=screening.band,
        ruleset_version=screening.ruleset_version,
    )
    session.add(row)
    session.flush()
    return row


def list_feedback(session: Session, scope: Scope, *, screening_id: int | None = None,
                  label: str | None = None, limit: int = 50, offset: int = 0
                  ) -> tuple[list[tuple[Feedback, str]], int]:
    """(feedback, screening public id) pairs in the scope, newest first, and the total."""
    statement = scope.select(Feedback)
    if screening_id is not None:
        statement = statement.where(Feedback.screening_id == screening_id)
    if label:
        statement = statement.where(Feedback.label == label)
    total = int(session.scalar(select(func.count()).select_from(statement.subquery())) or 0)
    page = (statement.add_columns(Screening.public_id)
            .join(Screening, Screening.id == Feedback.screening_id)
            .order_by(Feedback.id.desc()).limit(limit).offset(offset))
    return [(row, public_id) for row, public_id in session.execute(page)], total


def labelled_feedback(session: Session, scope: Scope) -> tuple[list[Feedback], int]:
    """The newest feedback per screening that has a text, and how many lack one."""
    rows = list(session.scalars(scope.select(Feedback).order_by(Feedback.id)))
    newest: dict[int, Feedback] = {}
    for row in rows:
        newest[row.screening_id] = row
    with_text = [row for row in newest.values() if row.text]
    return with_text, len(newest) - len(with_text)
