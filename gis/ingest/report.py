"""What an import is asked to do (:class:`ImportOptions`) and what it found
(:class:`ImportReport`), as data: the faces say it in words (the CLI's summary and report CSV)."""

from __future__ import annotations

from dataclasses import dataclass, field

from addrgen.vocab import KindName
from gis.ingest.crs import CoordinateColumns
from gis.ingest.problems import Problems
from gis.ingest.textfix import Encoding

__all__ = ["ImportOptions", "ImportReport"]


@dataclass(frozen=True)
class ImportOptions:
    kind: KindName
    crs: str | None = None
    lon_field: str | None = None
    lat_field: str | None = None
    easting_field: str | None = None
    northing_field: str | None = None
    # One column holding "latitude, longitude" (found by its name when not given).
    latlon_field: str | None = None
    name_field: str | None = None
    ref_field: str | None = None
    kind_field: str | None = None
    address_field: str | None = None
    encoding: Encoding = "auto"
    layer: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    # The characters the plate font draws; a name with another is refused at import, so that
    # printing never fails later (None: not checked — the faces pass it, gis knows no fonts).
    glyphs: frozenset[str] | None = None
    # A polygon (a plot, a building) stands for its representative point instead of being
    # refused (gis.ingest.shapes); lines and multipoints are refused all the same.
    centroids: bool = False
    # The column holding the national address platform's code of each place.
    national_code_field: str | None = None
    dry_run: bool = False
    skip_bad: bool = False

    def named_columns(self) -> list[str]:
        """The columns the command names: they find a workbook's header row."""
        given = (
            self.lon_field,
            self.lat_field,
            self.easting_field,
            self.northing_field,
            self.latlon_field,
            self.name_field,
            self.ref_field,
            self.kind_field,
            self.address_field,
            self.national_code_field,
        )
        return [g for g in given if g]


@dataclass
class ImportReport:
    file: str
    rows: int
    imported: int = 0
    unchanged: int = 0
    # Registered points whose national code the file sets or replaces (a re-import).
    national_codes: int = 0
    dry_run: bool = False
    coordinates: CoordinateColumns | None = None  # None: the file's own point geometry
    crs: str = ""  # the coordinates' system as read, e.g. EPSG:9209
    # The column each other field of a point was read from ("name": "Chu_ho", "kind": …).
    columns: dict[str, str] = field(default_factory=dict)
    # A sequence of Problem objects that keeps the neighbour search's findings as columns (a
    # million rows can have two million warnings); errors, warnings and notes are views of it.
    problems: Problems = field(default_factory=Problems)

    @property
    def errors(self) -> Problems:
        return self.problems.where("error")

    @property
    def warnings(self) -> Problems:
        return self.problems.where("warning")

    @property
    def notes(self) -> Problems:
        return self.problems.where("note")

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.errors})
