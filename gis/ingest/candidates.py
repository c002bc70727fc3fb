"""New address points on their way into the registry: checked, placed in their village,
compared with their neighbours, then written in one go.

Both `points import` (many rows) and `points add` (one) go through here, so a point typed by
hand meets exactly the rules of a point from a spreadsheet."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sqlalchemy import Connection, func, select

from gis.errors import Problem
from gis.registry.communes import Commune
from gis.spatial.geometry import VillageIndex, local_metres
from gis.spatial.queries import NearPairs, near_pairs
from gis.storage.schema import KINDS, points

__all__ = [
    "DUPLICATE_RADIUS_M",
    "Candidates",
    "check_neighbours",
    "name_key",
]

# Zero-width spaces and joiners, the word joiner, a byte-order mark, the soft hyphen.
INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE_CHARS))
# A row this close to a registered point with the same kind, cleaned name and house number (and
# no other reference) is that point, re-imported: "đã có", left unchanged — not a duplicate.
SAME_POINT_M = 1.0
DUPLICATE_RADIUS_M = 3.0  # DESIGN.md: within 3 m with the same name or reference = duplicate
# The kinds that need a name, with the code that says so.
NAME_REQUIRED = {"agency": "point.agency_needs_name", "heritage": "point.heritage_needs_name"}


@dataclass
class Candidates:
    """Rows to register, as parallel columns; ``bad`` marks rows that will not be written."""

    file: str
    rows: list[int | None]
    lon: NDArray[np.float64]
    lat: NDArray[np.float64]
    kind: list[str]
    name: list[str | None]
    ref: list[str | None]
    house_number: list[str | None]
    street: list[str | None]
    phone: list[str | None]
    # A registered digital address code given with the row (the registry's own export has one).
    code: list[str | None] = field(default_factory=list)
    village_pos: NDArray[np.int64] = field(default_factory=lambda: np.empty(0, np.int64))
    bad: NDArray[np.bool_] = field(default_factory=lambda: np.empty(0, bool))
    unchanged: NDArray[np.bool_] = field(default_factory=lambda: np.empty(0, bool))
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        n = len(self.rows)
        if len(self.code) != n:
            self.code = [None] * n
        if len(self.bad) != n:
            self.bad = np.zeros(n, dtype=bool)
        if len(self.unchanged) != n:
            self.unchanged = np.zeros(n, dtype=bool)
        if len(self.village_pos) != n:
            self.village_pos = np.full(n, -1, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.rows)

    def reject(
        self, i: int, field_name: str | None, value: object, code: str, **params: Any
    ) -> None:
        """Mark row ``i`` bad (its first problem is enough to name it) and report why: a catalog
        code with the parameters its message names."""
        self.bad[i] = True
        self.problems.append(self.problem(i, field_name, value, code, params, "error"))

    def warn(self, i: int, field_name: str | None, value: object, code: str, **params: Any) -> None:
        self.problems.append(self.problem(i, field_name, value, code, params, "warning"))

    def problem(
        self,
        i: int,
        field_name: str | None,
        value: object,
        code: str,
        params: dict[str, Any],
        severity: str,
    ) -> Problem:
        shown = None if value is None else str(value)
        return Problem(self.file, self.rows[i], field_name, shown, code, params, severity)

    @property
    def to_write(self) -> NDArray[np.bool_]:
        return ~self.bad & ~self.unchanged


def check_kinds_and_names(c: Candidates) -> None:
    if set(c.kind) == {"household"}:
        return  # households need no name: nothing to check (a whole sheet of them, usually)
    for i, (kind, name) in enumerate(zip(c.kind, c.name, strict=True)):
        if kind not in KINDS:
            c.reject(i, "kind", kind, "point.unknown_kind", expected=", ".join(KINDS))
        elif kind in NAME_REQUIRED and not name:
            c.reject(i, "name", "", NAME_REQUIRED[kind])


def place_in_villages(c: Candidates, index: VillageIndex, commune: Commune) -> None:
    """Find each good row's village; name the rows outside every village."""
    todo = np.flatnonzero(~c.bad & (c.village_pos < 0))
    pos = index.locate(c.lon[todo], c.lat[todo])
    c.village_pos[todo] = pos
    for i in todo[pos < 0].tolist():
        lon, lat = float(c.lon[i]), float(c.lat[i])
        dist = index.nearest_distance_m(lon, lat)
        c.reject(
            i,
            "position",
            f"{lat:.6f}, {lon:.6f}",
            "point.outside_villages",
            commune=commune.name,
            distance_m=round(dist),
        )


def check_neighbours(conn: Connection, c: Candidates, commune: Commune) -> None:
    """Duplicates and near neighbours, within the file and against the registry."""
    _match_registered_refs(conn, c, commune)
    _match_registered_codes(conn, c, commune)
    live = np.flatnonzero(~c.bad & ~c.unchanged)
    if len(live) == 0:
        return
    near = near_pairs(conn, commune.id, c.lon[live], c.lat[live], DUPLICATE_RADIUS_M)
    ex = near.registered
    n_ex = len(ex)
    _match_same_points(c, near, live)
    ex_names = [name_key(r.name) for r in ex]
    # A registered point is named by its code, else its reference, else its id.
    ex_labels = [r.code or r.ref or f"#{r.id}" for r in ex]
    for (a, b), dist in zip(near.pairs.tolist(), near.metres.tolist(), strict=True):
        j = int(live[b - n_ex])
        if c.bad[j] or c.unchanged[j]:
            continue
        if a < n_ex:
            same = ex_names[a] is not None and ex_names[a] == name_key(c.name[j])
            other: dict[str, object] = {"other": ex_labels[a]}
            duplicate, near_code = "point.duplicate_of_registered", "point.near_registered"
        else:
            i = int(live[a - n_ex])
            if c.bad[i] or c.unchanged[i]:
                continue
            same = (
                name_key(c.name[i]) is not None and name_key(c.name[i]) == name_key(c.name[j])
            ) or (c.ref[i] is not None and c.ref[i] == c.ref[j])
            other = {"other_row": c.rows[i]}
            duplicate, near_code = "point.duplicate_of_row", "point.near_row"
        position = f"{c.lat[j]:.6f}, {c.lon[j]:.6f}"
        metres = round(dist, 1)
        if same:
            c.reject(j, "position", position, duplicate, metres=metres, **other)
        else:
            c.warn(j, "position", position, near_code, metres=metres, **other)
    _check_repeated_refs(c)


def _match_same_points(c: Candidates, near: NearPairs, live: NDArray[np.intp]) -> None:
    """Rows that are a registered point again (within SAME_POINT_M, the same kind, cleaned name
    and house number, no other reference): left unchanged, so that a file without references
    (or the registry's own export) imports a second time without a duplicate error."""
    n_ex = len(near.registered)
    for (a, b), dist in zip(near.pairs.tolist(), near.metres.tolist(), strict=True):
        if a >= n_ex or dist > SAME_POINT_M:
            continue
        j = int(live[b - n_ex])
        r = near.registered[a]
        if c.bad[j] or c.unchanged[j] or r.kind != c.kind[j]:
            continue
        if name_key(r.name) != name_key(c.name[j]):
            continue
        if name_key(r.house_number) != name_key(c.house_number[j]):
            continue
        if c.ref[j] is not None and r.ref is not None and c.ref[j] != r.ref:
            continue  # another record of the source that happens to stand here
        c.unchanged[j] = True


def _match_registered_codes(conn: Connection, c: Candidates, commune: Commune) -> None:
    """A row carrying a registered code (an exported file coming back) is that point, left as
    it is — retired points too, which the position search does not see."""
    codes = sorted({k for i, k in enumerate(c.code) if k and not c.bad[i] and not c.unchanged[i]})
    if not codes:
        return
    known: set[str] = set()
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        known.update(
            conn.execute(
                select(points.c.code).where(
                    points.c.commune_id == commune.id, points.c.code.in_(chunk)
                )
            ).scalars()
        )
    for i, k in enumerate(c.code):
        if k in known and not c.bad[i]:
            c.unchanged[i] = True


def _match_registered_refs(conn: Connection, c: Candidates, commune: Commune) -> None:
    """A row whose reference is already registered is left as it is (re-importing a file
    changes nothing); if it has moved, say so rather than silently ignoring it."""
    registered = conn.execute(
        select(func.count()).select_from(points).where(points.c.commune_id == commune.id)
    ).scalar_one()
    if registered == 0:
        return  # a commune's first import: nothing to match
    refs = sorted({r for i, r in enumerate(c.ref) if r is not None and not c.bad[i]})
    if not refs:
        return
    query = select(points.c.ref, points.c.lon, points.c.lat, points.c.code).where(
        points.c.commune_id == commune.id, points.c.ref.is_not(None)
    )
    known: dict[str, tuple[float, float, str | None]] = {}
    if registered <= 4 * len(refs):  # cheaper to read them all than to ask ref by ref
        known = {r.ref: (r.lon, r.lat, r.code) for r in conn.execute(query)}
    else:
        for start in range(0, len(refs), 500):
            chunk = refs[start : start + 500]
            for r in conn.execute(query.where(points.c.ref.in_(chunk))):
                known[r.ref] = (r.lon, r.lat, r.code)
    for i, ref in enumerate(c.ref):
        if ref is None or c.bad[i] or ref not in known:
            continue
        lon, lat, code = known[ref]
        x, y = local_metres(np.array([lon, c.lon[i]]), np.array([lat, c.lat[i]]))
        moved = float(np.hypot(x[1] - x[0], y[1] - y[0]))
        c.unchanged[i] = True
        if moved > DUPLICATE_RADIUS_M:
            if code:
                c.warn(i, "ref", ref, "import.ref_moved", point_code=code, metres=round(moved))
            else:
                c.warn(i, "ref", ref, "import.ref_moved_uncoded", metres=round(moved))


def _check_repeated_refs(c: Candidates) -> None:
    """Every repeat of a reference (among the rows still live) names the first row with it."""
    refs = pd.Series(c.ref, dtype=object)
    live = np.flatnonzero(refs.notna().to_numpy() & ~c.bad & ~c.unchanged)
    repeated = refs.iloc[live].duplicated(keep=False).to_numpy()
    if not repeated.any():
        return  # the common case, found without a Python loop over the rows
    first: dict[str, int] = {}
    for i in live[repeated].tolist():
        ref = c.ref[i]
        assert ref is not None
        if ref in first:
            c.reject(i, "ref", ref, "point.repeated_ref", other_row=c.rows[first[ref]])
        else:
            first[ref] = i


def clean_text(value: object) -> str | None:
    """NFC, trimmed; empty → None."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).strip()
    return text or None


def name_key(name: str | None) -> str | None:
    """A name as the duplicate check compares it: case, spacing and invisible characters
    (zero-width spaces, soft hyphens — registered before imports removed them) ignored."""
    return " ".join(name.translate(INVISIBLE).casefold().split()) if name else None


def candidates_from_columns(
    *,
    file: str,
    rows: Sequence[int | None],
    lon: NDArray[np.float64],
    lat: NDArray[np.float64],
    kind: Sequence[str],
    name: Sequence[str | None],
    ref: Sequence[str | None],
    house_number: Sequence[str | None] | None = None,
    street: Sequence[str | None] | None = None,
    phone: Sequence[str | None] | None = None,
    code: Sequence[str | None] | None = None,
) -> Candidates:
    n = len(rows)
    empty: list[str | None] = [None] * n
    return Candidates(
        file=file,
        rows=list(rows),
        lon=np.asarray(lon, dtype=np.float64),
        lat=np.asarray(lat, dtype=np.float64),
        kind=list(kind),
        name=list(name),
        ref=list(ref),
        house_number=list(house_number) if house_number is not None else list(empty),
        street=list(street) if street is not None else list(empty),
        phone=list(phone) if phone is not None else list(empty),
        code=list(code) if code is not None else list(empty),
    )
