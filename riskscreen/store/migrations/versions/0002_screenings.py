"""Screenings: one row per screened document (summary, versions, text hash).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("public_id", sa.String(32), nullable=False, unique=True, index=True),
        sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(200), nullable=True),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("band", sa.String(16), nullable=False, index=True),
        sa.Column("indicators", sa.JSON, nullable=False),
        sa.Column("ruleset_version", sa.String(64), nullable=False),
        sa.Column("model_version", sa.String(128), nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=True),
    )
    op.create_table(
        "screening_indicators",
        sa.Column("screening_id", sa.Integer,
                  sa.ForeignKey("screenings.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("indicator", sa.String(64), primary_key=True, index=True),
    )


def downgrade() -> None:
    op.drop_table("screening_indicators")
    op.drop_table("screenings")
