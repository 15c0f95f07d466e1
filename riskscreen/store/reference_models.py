"""Reference data tables (shared by all tenants): DOL goods, country indices, entity lists.

Every row belongs to a ReferenceSource that records where it came from (source, edition,
licence, date imported, file hash). Importing a new edition of a kind and name replaces the
active one; the old source row stays, inactive, for provenance.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from riskscreen.store.models import Base, DateTime, utcnow


class ReferenceSource(Base):
    __tablename__ = "reference_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)  # goods | country_index | entities
    name: Mapped[str] = mapped_column(String(200))  # the list name (entities) or the kind
    source: Mapped[str] = mapped_column(String(500))
    edition: Mapped[str] = mapped_column(String(100))
    licence: Mapped[str] = mapped_column(String(100), default="")
    layout: Mapped[str] = mapped_column(String(64), default="")
    file_sha256: Mapped[str] = mapped_column(String(64), default="")
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    issues: Mapped[list[Any]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(64), default="cli")


class GoodsListing(Base):
    __tablename__ = "goods_listings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("reference_sources.id", ondelete="CASCADE"), index=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    good: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(200), default="")
    child_labor: Mapped[bool] = mapped_column(Boolean, default=False)
    forced_labor: Mapped[bool] = mapped_column(Boolean, default=False)
    forced_child_labor: Mapped[bool] = mapped_column(Boolean, default=False)
    derived_labor_exploitation: Mapped[bool] = mapped_column(Boolean, default=False)
    derived_country: Mapped[str] = mapped_column(String(200), default="")


class CountryIndexValue(Base):
    __tablename__ = "country_index_values"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("reference_sources.id", ondelete="CASCADE"), index=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    indicator: Mapped[str] = mapped_column(String(200))
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(500), default="")
    direction: Mapped[str] = mapped_column(String(32), default="higher_is_riskier")


class EntityEntry(Base):
    __tablename__ = "entity_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("reference_sources.id", ondelete="CASCADE"), index=True)
    list_name: Mapped[str] = mapped_column(String(200), index=True)
    entity_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    reference: Mapped[str] = mapped_column(Text, default="")
    schema: Mapped[str] = mapped_column(String(64), default="")
