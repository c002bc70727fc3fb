"""reports sent from a phone are recorded once

- ``reports.client_id``: the id the phone gives a report (as ``installations.client_id``), so
  that a report kept offline and sent again when the signal returns (or sent by two tabs) is
  recorded once: a repeat hands back the first report. NULL: a report from elsewhere.
- a unique index on (``point_id``, ``client_id``), which also finds the repeat quickly.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER TABLE and CREATE INDEX on both backends: no table copy on SQLite.
    op.add_column("reports", sa.Column("client_id", sa.String(length=64), nullable=True))
    op.create_index(
        op.f("ix_reports_point_id_client_id"), "reports", ["point_id", "client_id"], unique=True
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_reports_point_id_client_id"), table_name="reports")
    # A plain DROP COLUMN (SQLite ≥ 3.35): a batch copy would lose the reason's CHECK, which
    # SQLite does not reflect reliably.
    op.drop_column("reports", "client_id")
