"""Storing and querying screening results, always through a tenant Scope."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from riskscreen.engine.assessment import Assessment
from riskscreen.store.models import Screening, ScreeningIndicator, Tenant
from riskscreen.store.tenancy import Scope


@dataclass(frozen=True)
class ScreeningFilter:
    band: str | None = None
    indicator: str | None = None
    kind: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def save_assessments(
    session: Session,
    *,
    tenant_id: int,
    key_id: str,
    items: list[tuple[str, str | None, Assessment]],
) -> list[Screening]:
    """Store (text, external id, assessment) triples; the text only if the tenant retains it."""
    tenant = session.get(Tenant, tenant_id)
    retain = bool(tenant and tenant.retain_text)
    rows = []
    for text, external_id, assessment in items:
        row = Screening(
            public_id=secrets.token_hex(8), tenant_id=tenant_id, key_id=key_id,
            kind=assessment.kind, external_id=external_id, language=assessment.language,
            score=assessment.score, band=assessment.band, indicators=assessment.indicator_ids,
            ruleset_version=assessment.versions["ruleset"],
            model_version=assessment.versions["model"],
            text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            text=text if retain else None,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    for row in rows:
        session.add_all(ScreeningIndicator(screening_id=row.id, indicator=indicator)
                        for indicator in row.indicators)
    return rows


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
