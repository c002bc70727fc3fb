"""rate hits: the web's rate limits, shared by every worker

Sign-in attempts and failed bearer tokens per client address, reports and confirmations per
user: counted in the registry so that `diachiso serve --workers N` (or several hosts in front of
one PostGIS) enforce one limit, not one per process. A row per (limit, key, time bucket); old
buckets are deleted as new ones start.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_hits",
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("bucket", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", "key", "bucket", name="pk_rate_hits"),
    )
    op.create_index("ix_rate_hits_name_bucket", "rate_hits", ["name", "bucket"])


def downgrade() -> None:
    op.drop_index("ix_rate_hits_name_bucket", table_name="rate_hits")
    op.drop_table("rate_hits")
