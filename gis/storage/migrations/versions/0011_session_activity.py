"""session activity: when a browser session was last seen, and from which browser

A session ends after a time without use (the setting `session_idle_hours`) as well as after its
lifetime, so the registry keeps when each was last seen; `diachiso users sessions NAME` lists a
user's sessions with the browser they were started in (its User-Agent, cut to 200 characters).
NULL last_seen_at means not seen since it started (its created_at).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 16:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE on both backends, as 0007: nullable columns need no table copy.
    op.add_column("credentials", sa.Column("last_seen_at", sa.DateTime(timezone=True)))
    op.add_column("credentials", sa.Column("user_agent", sa.String(length=200)))


def downgrade() -> None:
    op.drop_column("credentials", "user_agent")
    op.drop_column("credentials", "last_seen_at")
