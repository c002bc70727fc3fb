"""notified: the household told, a plate allowed without a final batch, reports with a position

The notice's criterion has two halves, "được thông báo" and "gắn biển": `points.notified_at`
and `notified_by` record the first (from a volunteer's confirmation or an officer's batch of
letters), with a partial index so that coverage counts the notified points without scanning
the others. `confirm_allowed_at`/`_by` record an officer's leave to confirm a plate that was
never in a final batch (made outside the system). Reports gain four reasons and the position
of the volunteer (a new household not yet registered is reported where it stands).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 16:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

OLD_REASONS = "reason IN ('wrong_location', 'demolished', 'damaged', 'other')"
NEW_REASONS = (
    "reason IN ('wrong_location', 'demolished', 'damaged', 'other', 'owner_refused', "
    "'nobody_home', 'house_not_found', 'new_household')"
)
POSITION = ("lat", "lon", "accuracy_m")


def _reports(check: str, *, position: bool = False) -> sa.Table:
    """The reports table as 0003 made it (with the given CHECK, and with this migration's
    position columns when ``position``): SQLite's batch mode copies the table from this, as it
    does not reflect CHECK constraints reliably."""
    return sa.Table(
        "reports",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "point_id",
            sa.Integer(),
            sa.ForeignKey("points.id", name=op.f("fk_reports_point_id_points")),
            nullable=False,
        ),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("users.id", name=op.f("fk_reports_user_id_users")),
        ),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
        sa.Column("closed_by", sa.String(length=200)),
        sa.Column("close_note", sa.Text()),
        *(sa.Column(name, sa.Float()) for name in (POSITION if position else ())),
        sa.CheckConstraint(check, name=op.f("ck_reports_reason")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.Index(op.f("ix_reports_closed_at"), "closed_at"),
        sa.Index(op.f("ix_reports_point_id"), "point_id"),
    )


def upgrade() -> None:
    # Nullable columns without a default: a plain ALTER TABLE on both backends, no table copy,
    # so the coverage triggers of 0004 stay on `points`.
    op.add_column("points", sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("points", sa.Column("notified_by", sa.String(length=200), nullable=True))
    op.add_column(
        "points", sa.Column("confirm_allowed_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("points", sa.Column("confirm_allowed_by", sa.String(length=200), nullable=True))
    op.create_index(
        op.f("ix_points_commune_id_village_id"),
        "points",
        ["commune_id", "village_id"],
        unique=False,
        sqlite_where=sa.text("notified_at IS NOT NULL"),
        postgresql_where=sa.text("notified_at IS NOT NULL"),
    )
    with op.batch_alter_table(
        "reports", copy_from=_reports(OLD_REASONS), recreate="auto"
    ) as batch_op:
        batch_op.drop_constraint(op.f("ck_reports_reason"), type_="check")
        batch_op.create_check_constraint(op.f("ck_reports_reason"), sa.text(NEW_REASONS))
        for name in POSITION:
            batch_op.add_column(sa.Column(name, sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table(
        "reports", copy_from=_reports(NEW_REASONS, position=True), recreate="auto"
    ) as batch_op:
        for name in POSITION:
            batch_op.drop_column(name)
        batch_op.drop_constraint(op.f("ck_reports_reason"), type_="check")
        batch_op.create_check_constraint(op.f("ck_reports_reason"), sa.text(OLD_REASONS))
    op.drop_index(op.f("ix_points_commune_id_village_id"), table_name="points")
    for name in ("confirm_allowed_by", "confirm_allowed_at", "notified_by", "notified_at"):
        op.drop_column("points", name)
