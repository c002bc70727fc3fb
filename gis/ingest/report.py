"""What an import is asked to do (:class:`ImportOptions`) and what it found
(:class:`ImportReport`), with the report as CSV for the officer's spreadsheet."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from addrgen.vocab import KindName
from gis.errors import Conflict, InvalidInput, Problem
from gis.ingest.textfix import Encoding

__all__ = ["ImportOptions", "ImportReport", "write_report_csv"]


@dataclass(frozen=True)
class ImportOptions:
    kind: KindName
    crs: str | None = None
    lon_field: str | None = None
    lat_field: str | None = None
    easting_field: str | None = None
    northing_field: str | None = None
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
    dry_run: bool = False
    skip_bad: bool = False


@dataclass
class ImportReport:
    file: str
    rows: int
    imported: int = 0
    unchanged: int = 0
    dry_run: bool = False
    columns: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "note"]

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.errors})

    def summary(self) -> str:
        verb = "would be imported" if self.dry_run else "imported"
        return (
            f"{self.file}: {self.rows} rows read; {self.imported} {verb}, "
            f"{self.unchanged} already registered (unchanged), {self.bad_rows} bad, "
            f"{len(self.warnings)} warning(s)"
            + (f", {len(self.notes)} naming former units (mapped)" if self.notes else "")
        )


def write_report_csv(path: Path, problems: list[Problem], *, field: str = "report") -> None:
    """The import report as CSV (UTF-8 with BOM, so Excel shows the Vietnamese right). Never
    over an existing file — the officer once gave the input's own name — nor into a missing
    folder (``field`` names the option that gave the path)."""
    if not path.parent.is_dir():
        raise InvalidInput("output.no_folder", field=field, value=str(path.parent))
    try:
        fh = path.open("x", encoding="utf-8-sig", newline="")  # create, or fail if it exists
    except FileExistsError as exc:
        raise Conflict("output.exists", field=field, value=str(path)) from exc
    with fh:
        out = csv.writer(fh)
        out.writerow(["file", "row", "field", "value", "severity", "message"])
        for p in problems:
            out.writerow(
                [p.file, p.row or "", p.field or "", p.value or "", p.severity, p.message()]
            )
