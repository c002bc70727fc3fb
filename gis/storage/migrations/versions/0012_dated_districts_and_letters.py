"""dated districts and letters under Nghị định 30/2020: a district's standing date, the signer,
the letters' document numbers

- ``communes.district_from``: the date from which the commune's district stands (set by a
  reorganisation; NULL for one entered without a date). Addresses on or after 1 July 2025 (two-tier
  local government) name a district only when it stands from that date on (addrgen/address.py).
- ``communes.signer_name``, ``signer_title``, ``signer_authority``: who signs the commune's letters
  and how ("tm": TM. ỦY BAN NHÂN DÂN, the chair; "kt": KT. CHỦ TỊCH, a deputy); NULL: the default.
- ``letter_counters``: the last document number ("Số: 12/TB-UBND") a commune gave in a year.
- ``batch_items.letter_number``: the number a batch's letter to that address carries, so that a
  re-render of the batch prints the same numbers.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

SIGNER = (("signer_name", 200), ("signer_title", 200), ("signer_authority", 10))


def upgrade() -> None:
    # Plain ALTER TABLE on both backends (nullable columns, no default): no table copy on SQLite,
    # whose batch mode would copy `communes`, which other tables' foreign keys forbid.
    op.add_column("communes", sa.Column("district_from", sa.Date(), nullable=True))
    for name, length in SIGNER:
        op.add_column("communes", sa.Column(name, sa.String(length=length), nullable=True))
    op.add_column("batch_items", sa.Column("letter_number", sa.Integer(), nullable=True))
    op.create_table(
        "letter_counters",
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commune_id"], ["communes.id"], name=op.f("fk_letter_counters_commune_id_communes")
        ),
        sa.PrimaryKeyConstraint("commune_id", "year", name=op.f("pk_letter_counters")),
    )


def downgrade() -> None:
    op.drop_table("letter_counters")
    # SQLite drops a column in place since 3.35 (ALTER TABLE … DROP COLUMN).
    op.drop_column("batch_items", "letter_number")
    for name, _ in reversed(SIGNER):
        op.drop_column("communes", name)
    op.drop_column("communes", "district_from")
