"""An uploaded file's import in two steps, for the console and the JSON API: the preview (what
the CLI's ``--dry-run`` shows: how the file was read, every bad row; nothing written), then the
import on the officer's word, all or nothing or the good rows only, at most once per upload.
The same core calls as `points import` and `villages import`, so the three faces agree."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from openpyxl import Workbook

from addrgen.catalog import t
from addrgen.spreadsheet import append_text_row
from addrgen.vocab import Lang
from api.services.glyphs import plate_glyphs
from api.services.uploads import Upload, UploadStore
from gis.errors import ImportRejected, Problem
from gis.ingest.expectations import expected_text
from gis.ingest.importing import ImportOptions, import_points, preview_import
from gis.ingest.preview import MapPositions
from gis.ingest.sources import read_source
from gis.registry.communes import Commune
from gis.registry.village_replace import PointMove
from gis.registry.villages import VillageImportResult, import_villages
from gis.storage.db import Registry

__all__ = [
    "Committed",
    "UploadPreview",
    "bad_rows_workbook",
    "commit_upload",
    "preview_upload",
    "problem_dict",
]


@dataclass(frozen=True)
class UploadPreview:
    """What importing ``upload`` would do: ``document`` is the preview's data (gis's, stable
    English names), ``problems`` every problem found."""

    upload: Upload
    rows: int
    document: dict[str, Any]
    problems: Sequence[Problem]
    # villages with ``replace``: the points whose village the new outlines change
    moves: Sequence[PointMove] = ()
    positions: MapPositions | None = None  # points: where the rows fall, for the map

    @property
    def bad(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.bad})

    def as_dict(self, lang: Lang) -> dict[str, Any]:
        """The JSON API's answer (docs/reference.md), the messages in ``lang``."""
        return {
            "id": self.upload.id,
            "target": self.upload.request.target,
            **self.document,
            "rows": self.rows,
            "good": self.rows - self.bad_rows,
            "bad": [problem_dict(p, lang) for p in self.bad],
            "warnings": [problem_dict(p, lang) for p in self.problems if p.severity != "error"],
            "moves": [
                {"code": m.code, "ref": m.ref, "from": m.before, "to": m.after} for m in self.moves
            ],
        }


@dataclass(frozen=True)
class Committed:
    imported: int
    skipped: int
    first_time: bool  # False: this upload had been imported before; nothing was done now

    def as_dict(self) -> dict[str, int]:
        return {"imported": self.imported, "skipped": self.skipped}


def problem_dict(p: Problem, lang: Lang) -> dict[str, Any]:
    """A problem as the API gives it: where, the value as typed, what was expected (in
    ``lang``, from the catalog), the message (the CLI's words)."""
    return {
        "row": p.row,
        "field": p.field,
        "value": p.value,
        "expected": expected_text(p, lang),
        "code": p.code,
        "severity": p.severity,
        "message": p.message(lang),
    }


def preview_upload(registry: Registry, commune: Commune, upload: Upload) -> UploadPreview:
    """What importing the upload would do; writes nothing."""
    req = upload.request
    if req.target == "points":
        preview = preview_import(registry, commune, upload.path, _options(upload))
        doc = preview.as_dict()
        kept = ("file", "detected", "coordinates", "crs", "columns", "samples")
        return UploadPreview(
            upload,
            preview.report.rows,
            {k: doc[k] for k in kept},
            preview.report.problems,
            positions=preview.positions,
        )
    moves: Sequence[PointMove] = ()
    try:
        result = _import_villages(registry, commune, upload, dry_run=True, actor="preview")
        problems: Sequence[Problem] = result.problems
        good = len(result.added) + len(result.unchanged) + len(result.replaced)
        moves = result.moved
    except ImportRejected as exc:
        problems, good = exc.problems, 0
    detected = read_source(upload.path).detected
    bad = len({p.row for p in problems if p.severity == "error"})
    doc = {
        "file": upload.file_name,
        "detected": {"file_type": detected.file_type, "columns": list(detected.columns)},
    }
    return UploadPreview(upload, good + bad, doc, problems, moves)


def commit_upload(
    registry: Registry,
    commune: Commune,
    upload: Upload,
    store: UploadStore,
    *,
    skip_bad: bool,
    actor: str,
) -> Committed:
    """Import the upload: refused (:class:`ImportRejected`, nothing written) with bad rows
    unless ``skip_bad`` (villages: always refused); done once — a second call answers with the
    first's figures and does nothing."""
    with store.committing(upload) as current:
        if current.committed is not None:
            return Committed(**current.committed, first_time=False)
        if current.request.target == "points":
            options = replace(_options(current), skip_bad=skip_bad)
            report = import_points(registry, commune, current.path, options, actor=actor)
            done = Committed(report.imported, report.bad_rows if skip_bad else 0, True)
        else:
            result = _import_villages(registry, commune, current, dry_run=False, actor=actor)
            done = Committed(len(result.added) + len(result.replaced), 0, True)
        store.mark_committed(current, done.as_dict())
    return done


def bad_rows_workbook(preview: UploadPreview, lang: Lang) -> bytes:
    """The bad rows as the file has them, with each row's number, what was expected and what is
    wrong with it, as an Excel sheet to fix and import again. Every cell stays text (a value
    that starts with "=" is not a formula)."""
    req = preview.upload.request
    if req.target == "points":
        table = read_source(
            preview.upload.path,
            encoding=_options(preview.upload).encoding,
            layer=req.layer,
            sheet=req.sheet,
            header_row=req.header_row,
        )
    else:
        table = read_source(preview.upload.path)
    said: dict[int | None, list[str]] = {}
    expected: dict[int | None, list[str]] = {}
    for p in preview.bad:
        said.setdefault(p.row, []).append(p.message(lang))
        if (text := expected_text(p, lang)) and text not in expected.get(p.row, []):
            expected.setdefault(p.row, []).append(text)
    columns = [str(c) for c in table.frame.columns]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = t("console.bad_rows.sheet", lang)
    header = [
        t("console.bad_rows.row", lang),
        *columns,
        t("console.bad_rows.expected", lang),
        t("console.bad_rows.problem", lang),
    ]
    append_text_row(sheet, header)
    for pos, row in enumerate(table.rows):
        if row in said:
            values = [str(v) for v in table.frame.iloc[pos].tolist()]
            problems = ["; ".join(expected.get(row, [])), "; ".join(said[row])]
            append_text_row(sheet, [row, *values, *problems])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import_villages(
    registry: Registry, commune: Commune, upload: Upload, *, dry_run: bool, actor: str
) -> VillageImportResult:
    """`villages import` of the upload (a dry run is rolled back: its events are not kept)."""
    req = upload.request
    return import_villages(
        registry,
        commune,
        upload.path,
        name_field=req.name_field,
        expected_field=req.expected_field,
        crs=req.crs,
        layer=req.layer,
        replace=req.replace,
        dry_run=dry_run,
        glyphs=plate_glyphs(),  # a name the plates cannot print is refused now, as in the CLI
        actor=actor,
    )


def _options(upload: Upload) -> ImportOptions:
    req = upload.request
    return ImportOptions(
        kind=req.kind,  # type: ignore[arg-type]  # checked when it was saved
        crs=req.crs,
        lat_field=req.lat_field,
        lon_field=req.lon_field,
        easting_field=req.easting_field,
        northing_field=req.northing_field,
        name_field=req.name_field,
        ref_field=req.ref_field,
        national_code_field=req.national_code_field,
        encoding=req.encoding,  # type: ignore[arg-type]  # checked when it was saved
        layer=req.layer,
        sheet=req.sheet,
        header_row=req.header_row,
        glyphs=plate_glyphs(),
    )
