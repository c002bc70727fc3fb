"""A page of the OGC ``points`` collection built from rows, without a record object per point.

At province scale a page of 1,000 points was mostly Python's: each row became a
:class:`~gis.registry.points.PointRecord` (every column, its dates parsed), then a dict through
``as_dict`` (a dataclass walk), then the public feature. Here the query names only the columns
the page shows (the officer's columns only when the reader may see a full record), and each
feature is one dict made from its row's tuple. The output is the same as
:func:`gis.views.public.public_feature` plus the full record's fields in the reader's communes
(tests/gis/test_ogc_page.py holds the two side by side), so the public-field rule is the public
API's: a household's name never leaves without the reader's right to it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

import numpy as np
from sqlalchemy import Connection, select

from addrgen.codes import grouped_code
from gis.registry.communes import Commune
from gis.storage.schema import points, villages
from gis.views.ogc_crs import OgcCrs
from gis.views.public import communes_by_id

__all__ = ["point_page"]

# The columns of a public feature, in the order the row tuple holds them.
_PUBLIC = (
    points.c.id,
    points.c.commune_id,
    points.c.code,
    points.c.kind,
    points.c.name,
    points.c.house_number,
    points.c.street,
    villages.c.name.label("village_name"),
    points.c.lon,
    points.c.lat,
    points.c.plus_code,
    points.c.status,
    points.c.needs_review,
)
# The officer's further columns (PointRecord's), after the public ones.
_FULL = (
    points.c.phone,
    points.c.ref,
    points.c.retired_reason,
    points.c.retired_note,
    points.c.created_at,
    points.c.updated_at,
    points.c.national_code,
)


@cache
def _page_select(full: bool) -> Any:
    """The page's query without its conditions (built once per shape: the hot path)."""
    columns = _PUBLIC + _FULL if full else _PUBLIC
    return select(*columns).select_from(points.join(villages, villages.c.id == points.c.village_id))


def point_page(
    conn: Connection,
    conditions: Sequence[Any],
    *,
    crs: OgcCrs,
    full_communes: frozenset[int],
    limit: int,
    offset: int,
    in_bbox: bool = False,
) -> list[dict[str, Any]]:
    """Points in id order (stable pages) as GeoJSON features: public fields, plus the full
    record in ``full_communes``; coordinates in ``crs``, reprojected in one call per page.
    ``in_bbox``: the conditions hold a bbox (its matches are found through the spatial index,
    then sorted)."""
    # With a bbox, PostgreSQL's estimate of the matches is far too low (the index's box and the
    # exact lon/lat test count as independent) and, for a small page, it walks the primary key
    # in id order filtering every row: 10 ms at 50,000 points for one feature of the second
    # commune, the whole table at a province's far end. Ordering by an expression the primary
    # key cannot give keeps the plan on the bbox's index (1.8 ms); SQLite plans so anyway.
    order = points.c.id + 0 if in_bbox else points.c.id
    query = _page_select(bool(full_communes)).where(*conditions).order_by(order)
    rows = conn.execute(query.offset(offset).limit(limit)).all()
    if not rows:
        return []
    by_id = {c.id: c for c in communes_by_id(conn, {r.commune_id for r in rows})}
    xs, ys = _coordinates(rows, crs)
    addresses = _Addresses(by_id)
    features = []
    # The row as a tuple, unpacked: a Row's attributes by name cost more than the rest.
    for row, x, y in zip(rows, xs, ys, strict=True):
        _, commune_id, code, kind, name, house_number, street, village = row[:8]
        properties = {
            "code": code,
            "code_display": grouped_code(code),
            "plus_code": row[10],
            "kind": kind,
            # Agencies and heritage sites are public places; a household's name is personal.
            "name": name if kind != "household" else None,
            "village": village,
            "commune": by_id[commune_id].name,
            "address": addresses.of(commune_id, village, house_number, street),
            "status": row[11],
            "needs_review": bool(row[12]),
        }
        if commune_id in full_communes:
            _add_full_record(properties, row)
        features.append(
            {
                "type": "Feature",
                "id": code,
                "geometry": {"type": "Point", "coordinates": [x, y]},
                "properties": properties,
            }
        )
    return features


def _coordinates(rows: Sequence[Any], crs: OgcCrs) -> tuple[list[float], list[float]]:
    """The rows' positions in the reader's system (CRS84 as stored: no numpy round trip)."""
    if crs.epsg is None:
        return [r.lon for r in rows], [r.lat for r in rows]
    lon = np.fromiter((r.lon for r in rows), dtype=np.float64, count=len(rows))
    lat = np.fromiter((r.lat for r in rows), dtype=np.float64, count=len(rows))
    xs, ys = crs.from_lonlat(lon, lat)
    return xs.tolist(), ys.tolist()


class _Addresses:
    """The address text of each (commune, village, house number, street) once per page: most
    of a commune's households have neither number nor street, so a village's rows share one."""

    def __init__(self, communes: dict[int, Commune]) -> None:
        self.communes = communes
        self.today = date.today()
        self.known: dict[tuple[int, str, str | None, str | None], str] = {}

    def of(
        self, commune_id: int, village: str, house_number: str | None, street: str | None
    ) -> str:
        key = (commune_id, village, house_number, street)
        text = self.known.get(key)
        if text is None:
            text = self.known[key] = self.communes[commune_id].address(
                house_number=house_number, street=street, village=village, on=self.today
            )
        return text


def _add_full_record(properties: dict[str, Any], row: Any) -> None:
    """PointRecord.as_dict's fields but the id and position, over the public ones (the same
    keys in the same order as the per-point path gave): the household's name, the phone, the
    reference and the record's dates."""
    properties["name"] = row.name
    properties["house_number"] = row.house_number
    properties["street"] = row.street
    properties["phone"] = row.phone
    properties["ref"] = row.ref
    properties["retired_reason"] = row.retired_reason
    properties["retired_note"] = row.retired_note
    properties["created_at"] = row.created_at.isoformat()
    properties["updated_at"] = row.updated_at.isoformat()
    properties["national_code"] = row.national_code
