"""Shared marshmallow pieces. Unknown fields are rejected everywhere (marshmallow's RAISE)."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE


class PageArgs(StrictSchema):
    limit = fields.Integer(
        load_default=50, validate=validate.Range(1, 1000),
        metadata={"description": "Rows per page (1 to 1000)."},
    )
    offset = fields.Integer(
        load_default=0, validate=validate.Range(min=0), metadata={"description": "Rows to skip."}
    )
