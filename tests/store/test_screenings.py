"""Saving screenings: Core inserts, in order, with their indicators, text only if retained."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from riskscreen.engine.assessment import Assessment, IndicatorFound
from riskscreen.store.keys import authenticate, create_key
from riskscreen.store.models import Screening, ScreeningIndicator, Tenant
from riskscreen.store.screenings import ScreeningFilter, query_screenings, save_assessments
from riskscreen.store.tenancy import Scope


@pytest.fixture
def store(app):
    return app.extensions["riskscreen.store"]


def assessment(*indicators: str, band: str = "high") -> Assessment:
    found = tuple(IndicatorFound(id=i, name=i, group="ilo", contribution=1.0, hits=1)
                  for i in indicators)
    return Assessment(kind="job_ad", language="en", logit=1.0, score=73.1, band=band,
                      indicators=found, reasons=(), advice=(),
                      versions={"ruleset": "rules-x", "model": "job_ad-y"})


def make_tenant(store, name="acme", retain=False) -> int:
    with store.transaction() as session:
        tenant = Tenant(name=name, retain_text=retain)
        session.add(tenant)
        session.flush()
        return tenant.id


def test_a_batch_is_stored_in_order_with_its_indicators(store):
    tenant_id = make_tenant(store)
    items = [("first text", "a", assessment("recruitment_fees", "retention_of_documents")),
             ("second text", None, assessment(band="low")),
             ("third text", "c", assessment("recruitment_fees"))]
    with store.begin() as connection:
        ids = save_assessments(connection, tenant_id=tenant_id, key_id="k1", items=items,
                               retain_text=False)
    assert len(ids) == 3 and len(set(ids)) == 3
    with store.session() as session:
        rows = {r.public_id: r for r in session.scalars(select(Screening))}
        links = session.execute(select(Screening.public_id, ScreeningIndicator.indicator)
                                .join(ScreeningIndicator)).all()
    assert [rows[i].external_id for i in ids] == ["a", None, "c"]
    assert [rows[i].band for i in ids] == ["high", "low", "high"]
    assert rows[ids[0]].text is None
    assert rows[ids[0]].text_sha256 == hashlib.sha256(b"first text").hexdigest()
    assert rows[ids[0]].created_at.tzinfo is not None
    assert rows[ids[0]].indicators == ["recruitment_fees", "retention_of_documents"]
    assert sorted(links) == sorted([(ids[0], "recruitment_fees"),
                                    (ids[0], "retention_of_documents"),
                                    (ids[2], "recruitment_fees")])


def test_indicator_filter_finds_what_was_linked(store):
    tenant_id = make_tenant(store)
    with store.begin() as connection:
        ids = save_assessments(connection, tenant_id=tenant_id, key_id="k", items=[
            ("t1", None, assessment("child_labour")), ("t2", None, assessment())])
    with store.session() as session:
        rows, total = query_screenings(session, Scope(tenant_id),
                                       ScreeningFilter(indicator="child_labour"),
                                       limit=10, offset=0)
    assert total == 1 and rows[0].public_id == ids[0]


@pytest.mark.parametrize("retain", [False, True])
def test_the_tenant_setting_is_read_when_not_given(store, retain):
    tenant_id = make_tenant(store, retain=retain)
    with store.transaction() as session:  # an ORM session works as well
        [public_id] = save_assessments(session, tenant_id=tenant_id, key_id="k",
                                       items=[("kept?", None, assessment())])
    with store.session() as session:
        row = session.scalars(select(Screening).where(Screening.public_id == public_id)).one()
    assert row.text == ("kept?" if retain else None)


def test_nothing_to_save_saves_nothing(store):
    with store.begin() as connection:
        assert save_assessments(connection, tenant_id=1, key_id="k", items=[]) == []


def test_the_principal_carries_the_tenants_text_setting(store):
    make_tenant(store, "keeper", retain=True)
    with store.transaction() as session:
        _, keeper = create_key(session, tenant_name="keeper", role="partner")
        _, plain = create_key(session, tenant_name="plain", role="partner")
    with store.connect() as connection:
        keeper_principal = authenticate(connection, keeper)
        plain_principal = authenticate(connection, plain)
    assert keeper_principal is not None and keeper_principal.retain_text is True
    assert plain_principal is not None and plain_principal.retain_text is False
    assert plain_principal.tenant_name == "plain"
