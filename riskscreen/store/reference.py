"""Reference data in the store: importing with provenance, and loading a snapshot.

Shared by every tenant (no tenant_id): the DOL goods list, country indices and entity lists
are public or licensed to the operator. Importing replaces the active source of the same kind
and name; the replaced source row stays (inactive) so results can name what they used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from riskscreen.paths import PROJECT_ROOT
from riskscreen.store import audit
from riskscreen.store.reference_models import (
    CountryIndexValue,
    EntityEntry,
    GoodsListing,
    ReferenceSource,
)
from riskscreen.suppliers.reference import (
    EntityRecord,
    GoodsRecord,
    IndexRecord,
    Issue,
    ReferenceData,
    parse_goods,
)

REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
STARTER_GOODS = REFERENCE_DIR / "goods_starter.csv"
STARTER_PROVENANCE = {
    "source": "riskscreen starter table, written for the project from public knowledge of the "
              "US DOL List of Goods Produced by Child Labor or Forced Labor (NOT the official "
              "list; import the official file with `riskscreen reference import-goods`)",
    "edition": "starter-2026-11",
    "licence": "CC0-1.0",
}


def _replace_source(
    session: Session, *, kind: str, name: str, source: str, edition: str, licence: str,
    layout: str, content: bytes, row_count: int, issues: Sequence[Issue], actor: str,
    model: type[Any],
) -> ReferenceSource:
    old = list(session.scalars(select(ReferenceSource).where(
        ReferenceSource.kind == kind, ReferenceSource.name == name,
        ReferenceSource.active.is_(True))))
    for row in old:
        row.active = False
        session.execute(delete(model).where(model.source_id == row.id))
    row = ReferenceSource(
        kind=kind, name=name, source=source, edition=edition, licence=licence, layout=layout,
        file_sha256=hashlib.sha256(content).hexdigest(), row_count=row_count,
        issues=[i.as_dict() for i in issues[:1000]], active=True, imported_by=actor,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor=actor, action="reference.import", target_type=kind,
                 target_id=name, detail={"edition": edition, "rows": row_count,
                                         "replaced": [r.id for r in old]})
    return row


def save_goods(
    session: Session, records: Sequence[GoodsRecord], *, content: bytes, source: str,
    edition: str, licence: str = "", layout: str = "", issues: Sequence[Issue] = (),
    actor: str = "cli",
) -> ReferenceSource:
    row = _replace_source(session, kind="goods", name="dol-goods", source=source,
                          edition=edition, licence=licence, layout=layout, content=content,
                          row_count=len(records), issues=issues, actor=actor,
                          model=GoodsListing)
    if records:
        session.execute(insert(GoodsListing), [{**asdict(r), "source_id": row.id}
                                               for r in records])
    return row


def save_country_index(
    session: Session, records: Sequence[IndexRecord], *, name: str, content: bytes,
    source: str, edition: str, licence: str = "", issues: Sequence[Issue] = (),
    actor: str = "cli",
) -> ReferenceSource:
    row = _replace_source(session, kind="country_index", name=name, source=source,
                          edition=edition, licence=licence, layout="country-index",
                          content=content, row_count=len(records), issues=issues, actor=actor,
                          model=CountryIndexValue)
    if records:
        session.execute(insert(CountryIndexValue), [{**asdict(r), "source_id": row.id}
                                                    for r in records])
    return row


def save_entities(
    session: Session, records: Sequence[EntityRecord], *, list_name: str, content: bytes,
    source: str, edition: str, licence: str = "", layout: str = "",
    issues: Sequence[Issue] = (), actor: str = "cli",
) -> ReferenceSource:
    row = _replace_source(session, kind="entities", name=list_name, source=source,
                          edition=edition, licence=licence, layout=layout, content=content,
                          row_count=len(records), issues=issues, actor=actor,
                          model=EntityEntry)
    if records:
        session.execute(insert(EntityEntry), [{
            "source_id": row.id, "list_name": r.list_name or list_name,
            "entity_id": r.entity_id, "name": r.name, "aliases": list(r.aliases),
            "countries": list(r.countries), "reference": r.reference, "schema": r.schema,
        } for r in records])
    return row


def ensure_starter_goods(session: Session, path: Path = STARTER_GOODS) -> bool:
    """Load the shipped starter table when no goods list was ever imported."""
    exists = session.scalars(select(ReferenceSource.id).where(
        ReferenceSource.kind == "goods").limit(1)).first()
    if exists is not None or not path.exists():
        return False
    content = path.read_bytes()
    parsed = parse_goods(content)
    save_goods(session, parsed.records, content=content, layout=parsed.layout,
               issues=parsed.issues, actor="starter", **STARTER_PROVENANCE)
    return True


def active_sources(session: Session) -> list[ReferenceSource]:
    return list(session.scalars(select(ReferenceSource).where(
        ReferenceSource.active.is_(True)).order_by(ReferenceSource.kind, ReferenceSource.name)))


def deactivate(session: Session, kind: str, name: str, actor: str = "cli") -> int:
    result = session.execute(update(ReferenceSource).where(
        ReferenceSource.kind == kind, ReferenceSource.name == name,
        ReferenceSource.active.is_(True)).values(active=False))
    audit.record(session, actor=actor, action="reference.remove", target_type=kind,
                 target_id=name)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def entity_exists(session: Session, entity_key: str) -> bool:
    """Whether "<list>:<entity id>" names an entity of an active list."""
    list_name, _, entity_id = entity_key.partition(":")
    statement = select(EntityEntry.id).join(
        ReferenceSource, ReferenceSource.id == EntityEntry.source_id).where(
        ReferenceSource.active.is_(True), EntityEntry.list_name == list_name,
        EntityEntry.entity_id == entity_id).limit(1)
    return session.scalars(statement).first() is not None


def provenance(source: ReferenceSource) -> dict[str, Any]:
    return {"kind": source.kind, "name": source.name, "source": source.source,
            "edition": source.edition, "licence": source.licence, "layout": source.layout,
            "rows": source.row_count, "imported_at": source.imported_at.isoformat(),
            "file_sha256": source.file_sha256}


def load_reference(session: Session) -> ReferenceData:
    """A snapshot of every active reference source, for one screening job."""
    data = ReferenceData()
    sources = {s.id: s for s in active_sources(session)}
    data.provenance = [provenance(s) for s in sources.values()]
    goods_ids = [i for i, s in sources.items() if s.kind == "goods"]
    for source_id in goods_ids:
        source = sources[source_id]
        goods_rows = session.execute(select(
            GoodsListing.good, GoodsListing.country, GoodsListing.child_labor,
            GoodsListing.forced_labor, GoodsListing.forced_child_labor,
        ).where(GoodsListing.source_id == source_id)).all()
        data.add_goods([GoodsRecord(good=r[0], country=r[1], child_labor=r[2], forced_labor=r[3],
                                    forced_child_labor=r[4]) for r in goods_rows],
                       source=_short(source.source), edition=source.edition)
    for source_id, source in sources.items():
        if source.kind != "country_index":
            continue
        values = session.scalars(select(CountryIndexValue).where(
            CountryIndexValue.source_id == source_id)).all()
        data.add_index([IndexRecord(v.country, v.indicator, v.value, v.source, v.direction)
                        for v in values], source=_short(source.source), edition=source.edition)
    entity_ids = [i for i, s in sources.items() if s.kind == "entities"]
    if entity_ids:
        rows = session.execute(select(
            EntityEntry.entity_id, EntityEntry.name, EntityEntry.aliases, EntityEntry.countries,
            EntityEntry.list_name, EntityEntry.reference, EntityEntry.schema,
        ).where(EntityEntry.source_id.in_(entity_ids))).all()
        data.entities = [EntityRecord(r[0], r[1], tuple(r[2] or ()), tuple(r[3] or ()), r[4],
                                      r[5], r[6]) for r in rows]
    return data


def _short(source: str) -> str:
    """The source's name without its long explanation (the part before a comma or bracket)."""
    for stop in (",", " ("):
        if stop in source:
            source = source.split(stop, 1)[0]
    return source.strip()
