"""Tenant-owned supplier tables: uploaded lists (the file itself), jobs, results, decisions.

Uploaded files live in the database as bytes, never on disk under a user-chosen name; the
filename is kept only as a label. Every table carries tenant_id, so tenancy.Scope applies.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from riskscreen.store.models import Base, DateTime, utcnow


class SupplierList(Base):
    __tablename__ = "supplier_lists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    filename: Mapped[str] = mapped_column(String(255), default="")  # a label only
    format: Mapped[str] = mapped_column(String(8))  # csv | xlsx
    encoding: Mapped[str | None] = mapped_column(String(32), nullable=True)
    delimiter: Mapped[str | None] = mapped_column(String(4), nullable=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    columns: Mapped[dict[str, Any]] = mapped_column(JSON)  # our field -> their header
    unused_columns: Mapped[list[str]] = mapped_column(JSON, default=list)
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # as sent
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)


class Job(Base):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32), default="supplier_screening")
    list_id: Mapped[int] = mapped_column(ForeignKey("supplier_lists.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default="queued")
    total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    done: Mapped[int] = mapped_column(Integer, default=0)  # rows with a committed result
    error: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SupplierResult(Base):
    __tablename__ = "supplier_results"
    __table_args__ = (
        UniqueConstraint("job_id", "position", name="uq_supplier_results_job_position"),
        Index("ix_supplier_results_job_score", "job_id", "score"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 0-based order in the upload
    row: Mapped[int] = mapped_column(Integer)  # the spreadsheet row number
    status: Mapped[str] = mapped_column(String(8))  # ok | error
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    band: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # the whole result as JSON (orjson bytes: 10x faster than the JSON type for 100,000 rows)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class EntityMatchDecision(Base):
    __tablename__ = "entity_match_decisions"
    __table_args__ = (
        UniqueConstraint("tenant_id", "supplier_name", "entity_id",
                         name="uq_entity_match_decisions_pair"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"), index=True)
    supplier_name: Mapped[str] = mapped_column(String(500))  # normalised
    entity_id: Mapped[str] = mapped_column(String(400))  # "<list>:<entity id>"
    decision: Mapped[str] = mapped_column(String(8))  # confirm | reject
    note: Mapped[str] = mapped_column(String(2000), default="")
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
