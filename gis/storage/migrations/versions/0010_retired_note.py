"""retired note: a retired point's reason becomes a code of a vocabulary, its note a column

`retired_reason` held free text in the officer's language ("Nhà đã phá dỡ: giải tỏa"), which an
English reader could not read and a program could not count. New retirements store a code of
addrgen.retiring (demolished, merged, duplicate, mistake, other) there and the officer's words
in `retired_note`. Old rows keep their text and are shown as written.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 16:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A nullable column without a default: a plain ALTER TABLE on both backends, no table copy.
    op.add_column("points", sa.Column("retired_note", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("points", "retired_note")
