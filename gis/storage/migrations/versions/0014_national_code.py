"""the national platform's code of a place

- ``points.national_code``: the code the national address platform gives the place, when the
  commune knows it (an import's column, or an officer's edit); NULL: not known. Exports carry it
  so that the province can match our points to the national records.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER TABLE (nullable, no default) on both backends: no table copy on SQLite.
    op.add_column("points", sa.Column("national_code", sa.String(length=40), nullable=True))


def downgrade() -> None:
    op.drop_column("points", "national_code")
