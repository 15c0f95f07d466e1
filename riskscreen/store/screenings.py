"""Storing and querying screening results, always through a tenant Scope."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, exists, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from riskscreen.engine.assessment import Assessment
from riskscreen.store.models import Screening, ScreeningIndicator, Tenant, utcnow
from riskscreen.store.tenancy import Scope

_INSERT_SCREENING = insert(Screening)
# the screening's integer id is found by its public id: no id comes back to the application,
# so a batch of any size is two executemany statements
_LINK_INDICATOR = insert(ScreeningIndicator).from_select(
    ["screening_id", "indicator"],
    select(Screening.id, bindparam("indicator", type_=ScreeningIndicator.indicator.type))
    .where(Screening.public_id == bindparam("public_id")),
)


@dataclass(frozen=True)
class ScreeningFilter:
    band: str | None = None
    indicator: str | None = None
    kind: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def screening_row(
    *, tenant_id: int, key_id: str, text: str, external_id: str | None,
    assessment: Assessment, retain_text: bool,
) -> dict[str, Any]:
    """The screenings row of one assessment, as INSERT parameters."""
    return {
        "public_id": secrets.token_hex(8), "tenant_id": tenant_id, "key_id": key_id,
        "created_at": utcnow(), "kind": assessment.kind, "external_id": external_id,
        "language": assessment.language, "score": assessment.score, "band": assessment.band,
        "indicators": assessment.indicator_ids,
        "ruleset_version": assessment.versions["ruleset"],
        "model_version": assessment.versions["model"],
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "text": text if retain_text else None,
    }


def save_assessments(
    db: Session | Connection,
    *,
    tenant_id: int,
    key_id: str,
    items: list[tuple[str, str | None, Assessment]],
    retain_text: bool | None = None,
) -> list[str]:
    """Store (text, external id, assessment) triples; the text only if the tenant retains it.

    Returns the screenings' public ids, in order. `retain_text` is the tenant's setting if the
    caller has it (the API reads it with the key); None reads it here. Core statements, all
    parameters built before the first INSERT, so the write lock is held briefly: one
    INSERT of the screenings and one of their indicators, whatever the batch size.
    """
    if not items:
        return []
    if retain_text is None:
        retain_text = bool(db.execute(
            select(Tenant.retain_text).where(Tenant.id == tenant_id)).scalar())
    rows = [screening_row(tenant_id=tenant_id, key_id=key_id, text=text,
                          external_id=external_id, assessment=assessment,
                          retain_text=retain_text)
            for text, external_id, assessment in items]
    links = [{"public_id": row["public_id"], "indicator": indicator}
             for row in rows for indicator in dict.fromkeys(row["indicators"])]
    db.execute(_INSERT_SCREENING, rows)
    if links:
        db.execute(_LINK_INDICATOR, links)
    return [row["public_id"] for row in rows]


def query_screenings(
    session: Session, scope: Scope, filters: ScreeningFilter, *, limit: int, offset: int
) -> tuple[list[Screening], int]:
    """One page of the scope's screenings, newest first, and the total that match."""
    statement = scope.select(Screening)
    if filters.band:
        statement = statement.where(Screening.band == filters.band)
    if filters.kind:
        statement = statement.where(Screening.kind == filters.kind)
    if filters.since:
        statement = statement.where(Screening.created_at >= filters.since)
    if filters.until:
        statement = statement.where(Screening.created_at < filters.until)
    if filters.indicator:
        statement = statement.where(exists(
            select(ScreeningIndicator.screening_id).where(
                ScreeningIndicator.screening_id == Screening.id,
                ScreeningIndicator.indicator == filters.indicator)))
    total = int(session.scalar(select(func.count()).select_from(statement.subquery())) or 0)
    page = statement.order_by(Screening.id.desc()).limit(limit).offset(offset)
    return list(session.scalars(page)), total


def get_screening(session: Session, scope: Scope, public_id: str) -> Screening | None:
    return scope.get(session, Screening, public_id=public_id)
