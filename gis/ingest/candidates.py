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
from numpy.typing import NDArray

from gis.errors import InvalidInput, Problem
from gis.ingest.problems import Problems
from gis.registry.communes import Commune
from gis.registry.point_checks import check_national_code
from gis.spatial.geometry import VillageIndex
from gis.storage.schema import KINDS

__all__ = [
    "DUPLICATE_RADIUS_M",
    "Candidates",
    "NationalCodeChange",
    "name_key",
]

# Zero-width spaces and joiners, the word joiner, a byte-order mark, the soft hyphen.
INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE_CHARS))
DUPLICATE_RADIUS_M = 3.0  # DESIGN.md: within 3 m with the same name or reference = duplicate
# The kinds that need a name, with the code that says so.
NAME_REQUIRED = {"agency": "point.agency_needs_name", "heritage": "point.heritage_needs_name"}


@dataclass(frozen=True)
class NationalCodeChange:
    """A registered point's national code as a re-imported row gives it."""

    point_id: int
    before: str | None
    after: str


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
    # The national address platform's code of the place, when the file carries one.
    national_code: list[str | None] = field(default_factory=list)
    village_pos: NDArray[np.int64] = field(default_factory=lambda: np.empty(0, np.int64))
    bad: NDArray[np.bool_] = field(default_factory=lambda: np.empty(0, bool))
    unchanged: NDArray[np.bool_] = field(default_factory=lambda: np.empty(0, bool))
    # The id of the registered point an unchanged row is (-1: none): a re-import's national
    # codes go to it (gis.ingest.national_codes).
    matched: NDArray[np.int64] = field(default_factory=lambda: np.empty(0, np.int64))
    problems: Problems = field(default_factory=Problems)
    # What the file changes in the matched points' national codes (gis.ingest.national_codes).
    national_changes: list[NationalCodeChange] = field(default_factory=list)

    def __post_init__(self) -> None:
        n = len(self.rows)
        if len(self.code) != n:
            self.code = [None] * n
        if len(self.national_code) != n:
            self.national_code = [None] * n
        if len(self.bad) != n:
            self.bad = np.zeros(n, dtype=bool)
        if len(self.unchanged) != n:
            self.unchanged = np.zeros(n, dtype=bool)
        if len(self.matched) != n:
            self.matched = np.full(n, -1, dtype=np.int64)
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


def check_national_codes(c: Candidates, column: str | None) -> None:
    """Each row's national code held to the rule an officer's edit meets (point_checks): a bad
    one rejects its row, naming the file's ``column`` and the value."""
    if column is None:
        return
    for i, value in enumerate(c.national_code):
        if not value or c.bad[i]:
            continue
        try:
            check_national_code(value)
        except InvalidInput:
            c.reject(i, column, value, "point.bad_national_code")


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
    national_code: Sequence[str | None] | None = None,
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
        national_code=list(national_code) if national_code is not None else list(empty),
    )
