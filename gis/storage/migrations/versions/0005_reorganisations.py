"""administrative reorganisations: reorganisations and reorg_changes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reorganisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reorganisations")),
    )
    op.create_table(
        "reorg_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reorg_id", sa.Integer(), nullable=False),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["reorg_id"],
            ["reorganisations.id"],
            name=op.f("fk_reorg_changes_reorg_id_reorganisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reorg_changes")),
    )
    with op.batch_alter_table("reorg_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reorg_changes_entity_entity_id"), ["entity", "entity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reorg_changes_reorg_id"), ["reorg_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reorg_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reorg_changes_reorg_id"))
        batch_op.drop_index(batch_op.f("ix_reorg_changes_entity_entity_id"))
    op.drop_table("reorg_changes")
    op.drop_table("reorganisations")
