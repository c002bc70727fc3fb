"""commune settings: the commune's own words on its printed documents

The issuing unit ("Ủy ban nhân dân xã Thạch Bình"), the officer's title (renamed by Nghị định
33/2023, and by each commune's specialised offices since July 2025), the Youth Union's name and a
contact phone were fixed text in the letters and the volunteers' guide. They become settings of
the commune (`diachiso communes set`); NULL means the default the documents derive from the
commune's name (addrgen/commune_words.py).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = (
    ("issuer", 200),
    ("officer_title", 200),
    ("youth_union", 200),
    ("phone", 40),
)


def upgrade() -> None:
    # Plain ALTER TABLE on both backends: nullable columns without a default need no table copy
    # (batch mode would copy `communes` on SQLite, which the other tables' foreign keys forbid).
    for name, length in COLUMNS:
        op.add_column("communes", sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    # SQLite drops a column in place since 3.35 (ALTER TABLE … DROP COLUMN).
    for name, _ in reversed(COLUMNS):
        op.drop_column("communes", name)
