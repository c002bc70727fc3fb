"""The 3 m search of new points: duplicates and near neighbours, within the file and against
the registry, and the rows that are registered points again (by reference, code or position).

A crowded commune's million rows have some two million pairs closer than 3 m, so the pairs are
judged as numpy columns: only the pairs that reject a row (a duplicate: the same name or
reference) are walked one by one, in the pairs' order, because a row rejected by one pair is
skipped by the later ones; every other pair's verdict follows from when its rows were rejected.
The findings stay columns too (:class:`NeighbourFindings`), made into report lines when read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sqlalchemy import Connection, func, select

from gis.errors import Problem
from gis.ingest.candidates import DUPLICATE_RADIUS_M, Candidates, name_key
from gis.ingest.problems import severity_rank
from gis.registry.communes import Commune
from gis.spatial.geometry import local_metres
from gis.spatial.queries import NearPairs, near_pairs
from gis.storage.bulk import return_freed_memory
from gis.storage.schema import points

__all__ = ["NeighbourFindings", "check_neighbours"]

# A row this close to a registered point with the same kind, cleaned name and house number (and
# no other reference) is that point, re-imported: "đã có", left unchanged — not a duplicate.
SAME_POINT_M = 1.0
NO_ROW = -1  # a finding's row number when the candidate has none (a point added by hand)
# A finding's code when it is a duplicate, and when it is only near.
NEAR_REGISTERED = ("point.duplicate_of_registered", "point.near_registered")
NEAR_ROW = ("point.duplicate_of_row", "point.near_row")


def check_neighbours(conn: Connection, c: Candidates, commune: Commune) -> None:
    """Duplicates and near neighbours, within the file and against the registry."""
    _match_registered_refs(conn, c, commune)
    _match_registered_codes(conn, c, commune)
    live = np.flatnonzero(~c.bad & ~c.unchanged)
    if len(live) == 0:
        return
    near = near_pairs(conn, commune.id, c.lon[live], c.lat[live], DUPLICATE_RADIUS_M)
    # The search's parts, before the verdicts' arrays: worth it when there were many pairs.
    return_freed_memory(after_rows=len(near.pairs))
    _match_same_points(c, near, live)
    c.problems.add_block(_judge_pairs(c, near, live))
    _check_repeated_refs(c)


@dataclass(frozen=True)
class NeighbourFindings:
    """The neighbour search's verdicts, one per pair it reports, as columns: the row found near
    (or on) another, where it stands, how far, whether it is a duplicate (an error: the row is
    not written) or only near (a warning); the other is a registered point (``other_label``, an
    index into ``labels``) or another row (``other_row``)."""

    file: str
    rows: NDArray[np.int32]  # the row's number as a person sees it (NO_ROW: none)
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    metres: NDArray[np.float64]
    duplicate: NDArray[np.bool_]
    other_row: NDArray[np.int32]
    other_label: NDArray[np.int32]  # -1: the other is a row
    labels: list[str]

    def __len__(self) -> int:
        return len(self.rows)

    def problems(self, ks: NDArray[np.int64]) -> list[Problem]:
        columns = zip(
            self.rows[ks].tolist(),
            self.lat[ks].tolist(),
            self.lon[ks].tolist(),
            self.metres[ks].tolist(),
            self.duplicate[ks].tolist(),
            self.other_row[ks].tolist(),
            self.other_label[ks].tolist(),
            strict=True,
        )
        made = []
        for row, lat, lon, metres, duplicate, other_row, label in columns:
            other: dict[str, object]
            if label >= 0:
                other, codes = {"other": self.labels[label]}, NEAR_REGISTERED
            else:
                other, codes = {"other_row": None if other_row == NO_ROW else other_row}, NEAR_ROW
            made.append(
                Problem(
                    self.file,
                    None if row == NO_ROW else row,
                    "position",
                    f"{lat:.6f}, {lon:.6f}",
                    codes[0] if duplicate else codes[1],
                    {"metres": round(metres, 1), **other},
                    "error" if duplicate else "warning",
                )
            )
        return made

    def keys(self) -> tuple[NDArray[np.int64], NDArray[np.int8]]:
        ranks = np.where(self.duplicate, severity_rank("error"), severity_rank("warning"))
        return np.maximum(self.rows, 0).astype(np.int64), ranks.astype(np.int8)


def _judge_pairs(c: Candidates, near: NearPairs, live: NDArray[np.intp]) -> NeighbourFindings:
    """Each pair of the search as the rows it joins stood when it came (in the pairs' order):
    skipped when either row is already bad or unchanged, else a duplicate of the other (the
    same name, or the same reference for two rows: the row is marked bad here) or a near one.
    (Findings in 37 bytes each: a million rows of a crowded commune have two million.)"""
    n_ex = len(near.registered)
    a, b = near.pairs[:, 0], near.pairs[:, 1]
    # Positions as int32 (a row or pair count is far below 2³¹): half the memory of each array.
    j = live[b - n_ex].astype(np.int32)
    registered = a < n_ex
    i = np.where(registered, 0, live[np.maximum(a - n_ex, 0)]).astype(np.int32)
    ex = np.where(registered, a, 0).astype(np.int32)
    # Names and references as numbers, for the rows in a pair only (a province's file has a few
    # hundred pairs among half a million rows; a crowded commune's most rows).
    involved = np.unique(np.concatenate([j, i[~registered]]))
    picked = involved.tolist()
    names = np.full(len(c), -1, dtype=np.int32)
    refs = np.full(len(c), -1, dtype=np.int32)
    names[involved], ex_names = _name_codes(
        [c.name[k] for k in picked], [r.name for r in near.registered]
    )
    refs[involved] = pd.factorize(np.array([c.ref[k] for k in picked], dtype=object))[0]
    same_row = ((names[i] >= 0) & (names[i] == names[j])) | ((refs[i] >= 0) & (refs[i] == refs[j]))
    same_ex = (ex_names[ex] >= 0) & (ex_names[ex] == names[j])
    same = np.where(registered, same_ex, same_row)
    skip = c.bad | c.unchanged
    open_at = ~skip[j] & (registered | ~skip[i])
    # The pairs that reject a row, walked in order: a row rejected by one pair is bad for every
    # later pair, so a later duplicate of it (or through it) rejects nothing.
    rejected_at: dict[int, int] = {}
    for p in np.flatnonzero(same & open_at).tolist():
        jj, ii = int(j[p]), int(i[p])
        if jj in rejected_at or (not registered[p] and ii in rejected_at):
            continue
        rejected_at[jj] = p
    until = np.full(len(c), len(near.pairs), dtype=np.int32)
    if rejected_at:
        until[list(rejected_at)] = list(rejected_at.values())
    order = np.arange(len(near.pairs), dtype=np.int32)
    # A pair counts while both its rows are still good: up to and with the pair that rejects j.
    counted = open_at & (until[j] >= order) & (registered | (until[i] > order))
    picked = np.flatnonzero(counted)
    c.bad[j[picked[same[picked]]]] = True
    rows = _row_numbers(c.rows)
    jp, ip = j[picked], i[picked]
    return NeighbourFindings(
        file=c.file,
        rows=rows[jp],
        lat=c.lat[jp],
        lon=c.lon[jp],
        metres=near.metres[picked],
        duplicate=same[picked],
        other_row=np.where(registered[picked], NO_ROW, rows[ip]).astype(np.int32),
        other_label=np.where(registered[picked], ex[picked], -1).astype(np.int32),
        # A registered point is named by its code, else its reference, else its id.
        labels=[r.code or r.ref or f"#{r.id}" for r in near.registered],
    )


def _name_codes(
    names: list[str | None], registered: list[str | None]
) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """The names as numbers, equal where :func:`name_key` is: -1 for no name; a registered
    name that no row has gets -2. Each distinct name is keyed once (a file has few)."""
    codes, uniques = pd.factorize(np.array(names, dtype=object))
    ids: dict[str, int] = {}
    key_ids = np.array(
        [-1 if (k := name_key(u)) is None else ids.setdefault(k, len(ids)) for u in uniques]
        + [-1],  # where factorize's -1 (no name) points
        dtype=np.int32,
    )
    ex = [-1 if (k := name_key(n)) is None else ids.get(k, -2) for n in registered]
    return key_ids[codes], np.array([*ex, -1], dtype=np.int32)


def _row_numbers(rows: list[int | None]) -> NDArray[np.int32]:
    if None not in rows:
        return np.asarray(rows, dtype=np.int32)
    return np.array([NO_ROW if r is None else r for r in rows], dtype=np.int32)


def _match_same_points(c: Candidates, near: NearPairs, live: NDArray[np.intp]) -> None:
    """Rows that are a registered point again (within SAME_POINT_M, the same kind, cleaned name
    and house number, no other reference): left unchanged, so that a file without references
    (or the registry's own export) imports a second time without a duplicate error."""
    n_ex = len(near.registered)
    close = np.flatnonzero((near.pairs[:, 0] < n_ex) & (near.metres <= SAME_POINT_M))
    for a, b in near.pairs[close].tolist():  # the few pairs that can be one point, in order
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
        c.matched[j] = r.id


def _match_registered_codes(conn: Connection, c: Candidates, commune: Commune) -> None:
    """A row carrying a registered code (an exported file coming back) is that point, left as
    it is — retired points too, which the position search does not see."""
    if not any(c.code):
        return  # no code in the file (the usual first import): one scan in C, no row loop
    codes = sorted({k for i, k in enumerate(c.code) if k and not c.bad[i] and not c.unchanged[i]})
    if not codes:
        return
    known: dict[str, int] = {}
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        found = conn.execute(
            select(points.c.code, points.c.id).where(
                points.c.commune_id == commune.id, points.c.code.in_(chunk)
            )
        )
        known.update({r.code: r.id for r in found})
    for i, k in enumerate(c.code):
        if k in known and not c.bad[i]:
            c.unchanged[i] = True
            c.matched[i] = known[k]


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
    query = select(points.c.ref, points.c.lon, points.c.lat, points.c.code, points.c.id).where(
        points.c.commune_id == commune.id, points.c.ref.is_not(None)
    )
    known: dict[str, tuple[float, float, str | None, int]] = {}
    if registered <= 4 * len(refs):  # cheaper to read them all than to ask ref by ref
        known = {r.ref: (r.lon, r.lat, r.code, r.id) for r in conn.execute(query)}
    else:
        for start in range(0, len(refs), 500):
            chunk = refs[start : start + 500]
            for r in conn.execute(query.where(points.c.ref.in_(chunk))):
                known[r.ref] = (r.lon, r.lat, r.code, r.id)
    for i, ref in enumerate(c.ref):
        if ref is None or c.bad[i] or ref not in known:
            continue
        lon, lat, code, c.matched[i] = known[ref]
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
    if len(set(c.ref)) == len(c.ref):
        return  # no value twice (None at most once): the common case, by one set in C
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
