"""Supplier lists: reference data with provenance, uploaded lists, jobs, results, decisions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _source_fk() -> sa.Column:
    return sa.Column("source_id", sa.Integer,
                     sa.ForeignKey("reference_sources.id", ondelete="CASCADE"),
                     nullable=False, index=True)


def upgrade() -> None:
    op.create_table(
        "reference_sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("edition", sa.String(100), nullable=False),
        sa.Column("licence", sa.String(100), nullable=False, server_default=""),
        sa.Column("layout", sa.String(64), nullable=False, server_default=""),
        sa.Column("file_sha256", sa.String(64), nullable=False, server_default=""),
        sa.Column("row_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("issues", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, index=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(64), nullable=False, server_default="cli"),
    )
    op.create_table(
        "goods_listings",
        sa.Column("id", sa.Integer, primary_key=True),
        _source_fk(),
        sa.Column("country", sa.String(2), nullable=False, index=True),
        sa.Column("good", sa.String(200), nullable=False),
        sa.Column("sector", sa.String(200), nullable=False, server_default=""),
        sa.Column("region", sa.String(200), nullable=False, server_default=""),
        sa.Column("child_labor", sa.Boolean, nullable=False),
        sa.Column("forced_labor", sa.Boolean, nullable=False),
        sa.Column("forced_child_labor", sa.Boolean, nullable=False),
        sa.Column("derived_labor_exploitation", sa.Boolean, nullable=False),
        sa.Column("derived_country", sa.String(200), nullable=False, server_default=""),
    )
    op.create_table(
        "country_index_values",
        sa.Column("id", sa.Integer, primary_key=True),
        _source_fk(),
        sa.Column("country", sa.String(2), nullable=False, index=True),
        sa.Column("indicator", sa.String(200), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("source", sa.String(500), nullable=False, server_default=""),
        sa.Column("direction", sa.String(32), nullable=False, server_default="higher_is_riskier"),
    )
    op.create_table(
        "entity_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        _source_fk(),
        sa.Column("list_name", sa.String(200), nullable=False, index=True),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("countries", sa.JSON, nullable=False),
        sa.Column("reference", sa.Text, nullable=False, server_default=""),
        sa.Column("schema", sa.String(64), nullable=False, server_default=""),
    )
    op.create_table(
        "supplier_lists",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("public_id", sa.String(32), nullable=False, unique=True, index=True),
        sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False, server_default=""),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("encoding", sa.String(32), nullable=True),
        sa.Column("delimiter", sa.String(4), nullable=True),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("columns", sa.JSON, nullable=False),
        sa.Column("unused_columns", sa.JSON, nullable=False),
        sa.Column("mapping", sa.JSON, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("public_id", sa.String(32), nullable=False, unique=True, index=True),
        sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("list_id", sa.Integer, sa.ForeignKey("supplier_lists.id"), nullable=False,
                  index=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("total", sa.Integer, nullable=True),
        sa.Column("done", sa.Integer, nullable=False, server_default="0"),
        sa.Column("error", sa.String(2000), nullable=True),
        sa.Column("summary", sa.JSON, nullable=False),
        sa.Column("cancel_requested", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "supplier_results",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("job_id", sa.Integer, sa.ForeignKey("jobs.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("band", sa.String(16), nullable=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.UniqueConstraint("job_id", "position", name="uq_supplier_results_job_position"),
    )
    op.create_index("ix_supplier_results_job_score", "supplier_results", ["job_id", "score"])
    op.create_table(
        "entity_match_decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenants.id"), nullable=False, index=True),
        sa.Column("supplier_name", sa.String(500), nullable=False),
        sa.Column("entity_id", sa.String(400), nullable=False),
        sa.Column("decision", sa.String(8), nullable=False),
        sa.Column("note", sa.String(2000), nullable=False, server_default=""),
        sa.Column("decided_by", sa.String(64), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("tenant_id", "supplier_name", "entity_id",
                            name="uq_entity_match_decisions_pair"),
    )


def downgrade() -> None:
    op.drop_table("entity_match_decisions")
    op.drop_index("ix_supplier_results_job_score", table_name="supplier_results")
    op.drop_table("supplier_results")
    op.drop_table("jobs")
    op.drop_table("supplier_lists")
    op.drop_table("entity_entries")
    op.drop_table("country_index_values")
    op.drop_table("goods_listings")
    op.drop_table("reference_sources")
