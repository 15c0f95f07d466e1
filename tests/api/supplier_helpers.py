"""Helpers for the supplier-list and job API tests."""

from __future__ import annotations

import io
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from riskscreen.store.reference import save_entities
from riskscreen.suppliers.reference import EntityRecord

ENTITIES = [
    EntityRecord("e1", "Northwind Cotton Spinning Co., Ltd.", ("NW Cotton Mill",), ("CN",),
                 "demo", "FICTIONAL 1"),
    EntityRecord("e2", "Silverleaf Glove Manufacturing Sdn. Bhd.", (), ("MY",), "demo",
                 "FICTIONAL 2"),
]

CSV = (
    "Supplier Name;Country;Product;Annual Spend;Audit findings\n"
    "Northwind Cotton Spinning Limited;China;cotton yarn;1.200,50;\n"
    "Café Lumière;France;tee shirts;100;\n"
    ";Narnia;widgets;lots;\n"
    "Silverleap Glove Mfg;Malaysia;nitrile gloves;2000;\n"
    "\"=HYPERLINK(\"\"http://x\"\")\";Germany;garments;10;\n"
)


def add_entities(app: Flask) -> None:
    with app.extensions["riskscreen.store"].transaction() as session:
        save_entities(session, ENTITIES, list_name="demo", content=b"test", source="test",
                      edition="t1")


def upload(client: FlaskClient, auth: dict[str, str], data: bytes, filename: str = "s.csv",
           mapping: str | None = None) -> Any:
    form: dict[str, Any] = {"file": (io.BytesIO(data), filename)}
    if mapping is not None:
        form["mapping"] = mapping
    return client.post("/v1/supplier-lists", headers=auth, data=form,
                       content_type="multipart/form-data")


def results(client: FlaskClient, auth: dict[str, str], job_id: str, **query: Any) -> Any:
    return client.get(f"/v1/jobs/{job_id}/results", headers=auth, query_string=query)
