"""Analyst workflows: ruleset versions and their files, activations, rule drafts, feedback,
training jobs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "ruleset_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.String(64), nullable=False, unique=True, index=True),
        _when("created_at"),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("parent", sa.String(64), nullable=True),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("rule_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("changes", sa.JSON, nullable=False),
    )
    op.create_table(
        "ruleset_files",
        sa.Column("ruleset_id", sa.Integer,
                  sa.ForeignKey("ruleset_versions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("path", sa.String(300), primary_key=True),
        sa.Column("content", sa.Text, nullable=False),
    )
    op.create_table(
        "ruleset_activations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.String(64), nullable=False),
        _when("activated_at"),
        sa.Column("activated_by", sa.String(64), nullable=False),
        _when("rolled_back_at", nullable=True),
        sa.Column("rolled_back_by", sa.String(64), nullable=True),
    )
    op.create_index("ix_ruleset_activations_rolled_back_at", "ruleset_activations",
                    ["rolled_back_at"])
    op.create_table(
        "rule_drafts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("public_id", sa.String(32), nullable=False, unique=True, index=True),
        sa.Column("rule_id", sa.String(200), nullable=False, index=True),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("base_version", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        _when("created_at"),
        sa.Column("created_by", sa.String(64), nullable=False),
        _when("decided_at", nullable=True),
        sa.Column("decided_by", sa.String(64), nullable=True),
        sa.Column("included_in", sa.String(64), nullable=True),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("public_id", sa.String(32), nullable=False, unique=True, index=True),
        sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("screening_id", sa.Integer,
                  sa.ForeignKey("screenings.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("key_id", sa.String(32), nullable=False),
        _when("created_at"),
        sa.Column("label", sa.String(16), nullable=False, index=True),
        sa.Column("indicators", sa.JSON, nullable=True),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("screened_indicators", sa.JSON, nullable=False),
        sa.Column("screened_band", sa.String(16), nullable=False),
        sa.Column("ruleset_version", sa.String(64), nullable=False),
    )
    op.create_table(
        "training_jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("public_id", sa.String(32), nullable=False, unique=True, index=True),
        sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("created_by", sa.String(64), nullable=False),
        _when("created_at"),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("progress", sa.Float, nullable=False, server_default="0"),
        sa.Column("message", sa.Text, nullable=False, server_default=""),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("result", sa.JSON, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        _when("started_at", nullable=True),
        _when("finished_at", nullable=True),
    )


def downgrade() -> None:
    op.drop_table("training_jobs")
    op.drop_table("feedback")
    op.drop_table("rule_drafts")
    op.drop_index("ix_ruleset_activations_rolled_back_at", table_name="ruleset_activations")
    op.drop_table("ruleset_activations")
    op.drop_table("ruleset_files")
    op.drop_table("ruleset_versions")
