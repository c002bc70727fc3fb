"""registry foundation

Revision ID: 0001
Revises:
Create Date: 2026-11-28 12:53:45.120862
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Long by nature: one table after another, in creation order, as the revision was released
    (a released migration is history and is not rewritten)."""
    op.create_table(
        "code_counters",
        sa.Column("area_number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_serial", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("area_number", name=op.f("pk_code_counters")),
    )
    op.create_table(
        "communes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("commune_code", sa.String(length=10), nullable=False),
        sa.Column("area_number", sa.Integer(), nullable=False),
        sa.Column("district", sa.String(length=200), nullable=True),
        sa.Column("province", sa.String(length=200), nullable=True),
        sa.Column("successor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["successor_id"], ["communes.id"], name=op.f("fk_communes_successor_id_communes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_communes")),
        sa.UniqueConstraint("area_number", name=op.f("uq_communes_area_number")),
        sa.UniqueConstraint("commune_code", name=op.f("uq_communes_commune_code")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_events_entity_entity_id"), ["entity", "entity_id"], unique=False
        )

    op.create_table(
        "commune_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("district", sa.String(length=200), nullable=True),
        sa.Column("province", sa.String(length=200), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["communes.id"], name=op.f("fk_commune_history_commune_id_communes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commune_history")),
    )
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["communes.id"], name=op.f("fk_imports_commune_id_communes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imports")),
    )
    op.create_table(
        "villages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=True),
        sa.Column("boundary_wkb", sa.LargeBinary(), nullable=False),
        sa.Column("min_lon", sa.Float(), nullable=False),
        sa.Column("min_lat", sa.Float(), nullable=False),
        sa.Column("max_lon", sa.Float(), nullable=False),
        sa.Column("max_lat", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["communes.id"], name=op.f("fk_villages_commune_id_communes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_villages")),
        sa.UniqueConstraint("commune_id", "name", name=op.f("uq_villages_commune_id_name")),
        sa.UniqueConstraint("commune_id", "ordinal", name=op.f("uq_villages_commune_id_ordinal")),
    )
    op.create_table(
        "points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("house_number", sa.String(length=50), nullable=True),
        sa.Column("street", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("plus_code", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=11), nullable=True),
        sa.Column("area_number", sa.Integer(), nullable=True),
        sa.Column("serial", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=True),
        sa.Column("retired_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind = 'household' OR kind = 'agency' OR kind = 'heritage'",
            name=op.f("ck_points_kind"),
        ),
        sa.CheckConstraint(
            "status = 'registered' OR status = 'coded' OR status = 'printed' "
            "OR status = 'installed' OR status = 'retired'",
            name=op.f("ck_points_status"),
        ),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["communes.id"], name=op.f("fk_points_commune_id_communes")
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["villages.id"], name=op.f("fk_points_village_id_villages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_points")),
    )
    with op.batch_alter_table("points", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_points_area_number_serial"),
            ["area_number", "serial"],
            unique=True,
            sqlite_where=sa.text("serial IS NOT NULL"),
            postgresql_where=sa.text("serial IS NOT NULL"),
        )
        batch_op.create_index(
            batch_op.f("ix_points_code"),
            ["code"],
            unique=True,
            sqlite_where=sa.text("code IS NOT NULL"),
            postgresql_where=sa.text("code IS NOT NULL"),
        )
        batch_op.create_index(
            batch_op.f("ix_points_commune_id_ref"), ["commune_id", "ref"], unique=True
        )
        batch_op.create_index(batch_op.f("ix_points_lon_lat"), ["lon", "lat"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_points_village_id_status"), ["village_id", "status"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("points", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_points_village_id_status"))
        batch_op.drop_index(batch_op.f("ix_points_lon_lat"))
        batch_op.drop_index(batch_op.f("ix_points_commune_id_ref"))
        batch_op.drop_index(batch_op.f("ix_points_code"))
        batch_op.drop_index(batch_op.f("ix_points_area_number_serial"))

    op.drop_table("points")
    op.drop_table("villages")
    op.drop_table("imports")
    op.drop_table("commune_history")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_entity_entity_id"))

    op.drop_table("events")
    op.drop_table("communes")
    op.drop_table("code_counters")
