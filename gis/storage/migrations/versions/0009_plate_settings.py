"""plate settings: the commune's plate template and whether its plates print the head's name

Which plate template the commune prints (a file of plates/templates/; NULL: the default A6) and
whether its household plates carry the "Chủ hộ: …" line (NULL or false: no; campaigns differ,
and a name on a wall is the commune's choice to make). `plates batch --template` overrides the
first for one batch, `--show-household-names` turns the second on for one batch.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 16:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE on both backends, as 0007: nullable columns need no table copy.
    op.add_column("communes", sa.Column("plate_template", sa.String(length=40), nullable=True))
    op.add_column("communes", sa.Column("plate_household_head", sa.Boolean(), nullable=True))


def downgrade() -> None:
    op.drop_column("communes", "plate_household_head")
    op.drop_column("communes", "plate_template")
