"""Finding a commune's points as an officer looks for them (a code, a household's name, a
source reference, a house number), and a point's history from the event log. The console's
points section reads both; the registry's rules for one point stay in gis.registry.points."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, or_, select

from gis.registry.communes import Commune
from gis.registry.points import PointRecord, point_record, point_select
from gis.storage.schema import events, points

__all__ = ["PointEvent", "fold", "like_escaped", "point_history", "search_points"]

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class PointEvent:
    """One line of a point's history: what happened, when, by whom, and its recorded values."""

    at: datetime
    actor: str
    action: str
    before: dict[str, Any]
    after: dict[str, Any]


def search_points(
    conn: Connection, *, commune: Commune, query: str, limit: int = SEARCH_LIMIT
) -> list[PointRecord]:
    """The commune's points whose code, name (without case or tone marks), reference or house
    number holds ``query``
    (codes compared on their digits, so "181-1203-0001-4" finds the code as typed on a plate),
    the exact matches first, then in registry order; at most ``limit``."""
    text = unicodedata.normalize("NFC", " ".join(query.split()))
    if not text:
        return []
    pattern = f"%{like_escaped(text)}%"
    named = _named(conn, commune=commune, text=text, limit=limit)
    wanted = [
        points.c.id.in_(named),
        points.c.ref.like(pattern, escape="\\"),
        points.c.house_number.like(pattern, escape="\\"),
    ]
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 4 and digits == "".join(text.replace("-", " ").split()):
        wanted.append(points.c.code.like(f"%{digits}%"))
    exact = or_(points.c.ref == text, points.c.house_number == text, points.c.code == digits)
    rows = conn.execute(
        point_select()
        .where(points.c.commune_id == commune.id, or_(*wanted))
        .order_by(exact.desc(), points.c.id)
        .limit(limit)
    )
    return [point_record(row) for row in rows]


def _named(conn: Connection, *, commune: Commune, text: str, limit: int) -> list[int]:
    """The points whose name holds ``text`` without regard to case or tone marks ("nguyen van"
    finds "Nguyễn Văn Tuấn"), compared here: SQLite's lower() knows only ASCII ("Đ", "Ư")."""
    wanted = fold(text)
    rows = conn.execute(
        select(points.c.id, points.c.name)
        .where(points.c.commune_id == commune.id, points.c.name.is_not(None))
        .order_by(points.c.id)
    )
    return [pid for pid, name in rows if wanted in fold(name)][:limit]


def fold(text: str) -> str:
    """``text`` without case or tone marks, đ read as d (how a name is typed in a hurry)."""
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D").casefold()


def like_escaped(text: str) -> str:
    """``text`` with LIKE's wildcards taken literally (a house number "12_A" is not a pattern)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def point_history(conn: Connection, *, point_id: int) -> list[PointEvent]:
    """The point's events, oldest first (a bulk import's registration is one commune-wide
    event, so such a point's history begins with its code)."""
    rows = conn.execute(
        select(events.c.at, events.c.actor, events.c.action, events.c.before, events.c.after)
        .where(events.c.entity == "point", events.c.entity_id == point_id)
        .order_by(events.c.at, events.c.id)
    )
    return [
        PointEvent(row.at, row.actor, row.action, dict(row.before or {}), dict(row.after or {}))
        for row in rows
    ]
