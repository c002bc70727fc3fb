"""What `points import` says on the console: the preview of a dry run (how the file was read, a
few cells as read), the problems — grouped, so that a file of a million bad rows prints a few
screens, not a million lines (the report CSV keeps every one) — and what the import did."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from addrgen.catalog import N_
from addrgen.formatting import format_decimal
from api.cli.context import SEVERITIES, CliContext
from api.cli.files import write_report_csv
from gis.errors import Problem
from gis.ingest.importing import ImportOptions, ImportReport, preview_import, rejection
from gis.ingest.preview import CellReading, ImportPreview
from gis.registry.communes import Commune
from gis.storage.db import Registry

__all__ = [
    "SHOWN_PER_CODE",
    "preview",
    "preview_document",
    "say_outcome",
    "say_preview",
    "say_problems",
    "summary",
]

#: How many lines of one kind of problem the console shows; the rest are counted.
SHOWN_PER_CODE = 20

#: What each field a cell gives a point is called.
FIELDS = {
    "latitude": N_("cli.preview.field.latitude"),
    "longitude": N_("cli.preview.field.longitude"),
    "easting": N_("cli.preview.field.easting"),
    "northing": N_("cli.preview.field.northing"),
    "kind": N_("cli.report.record.kind"),
    "name": N_("cli.report.record.name"),
    "ref": N_("cli.report.record.ref"),
    "house_number": N_("cli.preview.field.house_number"),
    "street": N_("cli.preview.field.street"),
    "phone": N_("cli.preview.field.phone"),
    "code": N_("cli.preview.field.code"),
}

#: The line naming the coordinate columns, by what they hold.
COORDINATES = {
    "geographic": N_("cli.preview.coordinates_geographic"),
    "projected": N_("cli.preview.coordinates_projected"),
    "pair": N_("cli.preview.coordinates_pair"),
}


def say_problems(run: CliContext, problems: Iterable[Problem], *, report: Path | None) -> None:
    """Each problem's line, in the import's order, up to :data:`SHOWN_PER_CODE` of each kind
    (code); then, per kind with more, how many more and where to see them all (``report``:
    the CSV being written, else the option that writes one)."""
    seen: Counter[str] = Counter()
    last: dict[str, Problem] = {}
    for p in problems:
        seen[p.code] += 1
        if seen[p.code] <= SHOWN_PER_CODE:
            run.say_problem(p)
            last[p.code] = p
    for code, count in seen.items():
        if count <= SHOWN_PER_CODE:
            continue
        shown = last[code]
        more: dict[str, Any] = {
            "more": count - SHOWN_PER_CODE,  # numbers: the catalog writes them the language's way
            "total": count,
            "severity": run.t(SEVERITIES.get(shown.severity, SEVERITIES["error"])),
            "row": shown.row if shown.row is not None else "",
        }
        if report is not None:
            run.tell("cli.report.more_in_file", report=str(report), **more)
        else:
            run.tell("cli.report.more", **more)


def say_preview(run: CliContext, preview: ImportPreview) -> None:
    """How the file was read: its type and reading (encoding, delimiter, sheet, layer), its
    columns, where the positions come from, and how the first good rows' cells were read."""
    d, r = preview.detected, preview.report
    line = run.t("cli.preview.file", file=r.file, type=d.file_type.upper())
    if d.encoding is not None:
        key = N_("cli.preview.encoding_sniffed")
        if not d.encoding_sniffed:
            key = N_("cli.preview.encoding_given")
        line += run.t(key, encoding=d.encoding.upper())
    elif d.delimiter is not None and d.encoding_sniffed:  # a text file in a legacy encoding
        line += run.t("cli.preview.encoding_legacy")
    if d.delimiter is not None:
        shown = run.t("cli.preview.tab") if d.delimiter == "\t" else d.delimiter
        line += run.t("cli.preview.delimiter", delimiter=shown)
    if d.sheet is not None:
        line += run.t("cli.preview.sheet", sheet=d.sheet, row=d.header_row or "")
    elif d.header_row is not None:  # a CSV read from the line --header-row names
        line += run.t("cli.preview.header_row", row=d.header_row)
    if d.layer is not None:
        line += run.t("cli.preview.layer", layer=d.layer)
    run.say(line)
    run.tell("cli.preview.columns", columns=", ".join(d.columns))
    cols = r.coordinates
    if cols is None:
        run.tell("cli.preview.coordinates_geometry", crs=r.crs)
    else:
        run.tell(COORDINATES[cols.mode], x=cols.x, y=cols.y, crs=r.crs)
    if preview.samples:
        run.tell("cli.preview.samples", rows=len(preview.samples))
    for sample in preview.samples:
        for cell in sample.cells:
            if cell.raw.strip():
                run.say("  " + _cell_line(run, sample.row, cell))
        if cols is None or cols.mode != "geographic":  # reprojected or a pair: where it lands
            lat, lon = (format_decimal(v, run.lang, digits=6) for v in (sample.lat, sample.lon))
            run.say("  " + run.t("cli.preview.position", row=sample.row, lat=lat, lon=lon))


def _cell_line(run: CliContext, row: int | None, cell: CellReading) -> str:
    value = cell.value
    if value is None:
        shown = run.t("cli.preview.empty")
    elif isinstance(value, float):
        shown = format_decimal(value, run.lang, digits=_decimals(value))
    elif cell.field == "kind":
        shown = run.word(value).lower()  # a word inside the line, not its start
    else:
        shown = value
    field = run.t(FIELDS[cell.field]) if cell.field in FIELDS else cell.field
    return run.t(
        "cli.preview.cell", row=row, column=cell.column, field=field, raw=cell.raw, value=shown
    )


def _decimals(value: float) -> int:
    """The decimals ``value`` needs to be shown as read (18.325574: 6), at most 9."""
    text = f"{value:.9f}".rstrip("0")
    return len(text.split(".")[1])


def preview_document(run: CliContext, preview: ImportPreview) -> dict[str, Any]:
    """The preview as JSON (docs/reference.md), each problem with its message in the run's
    language."""
    doc = preview.as_dict()
    for item, p in zip(doc["problems"], preview.report.problems, strict=True):
        item["message"] = p.message(run.lang)
    return doc


def preview(
    run: CliContext,
    registry: Registry,
    commune: Commune,
    file: Path,
    options: ImportOptions,
    *,
    report: Path | None,
    as_json: bool,
) -> None:
    """`--dry-run`: how the file was read and what the import would do (``as_json``: as one
    JSON document on stdout); refused as the import would be when it has bad rows."""
    preview = preview_import(registry, commune, file, options)
    result = preview.report
    if as_json:
        doc = preview_document(run, preview)
        print(json.dumps(doc, ensure_ascii=False, indent=2, default=str))
    else:
        say_preview(run, preview)
        say_problems(run, result.problems, report=report)
    if report is not None:
        write_report_csv(report, result.problems, lang=run.lang)
    if result.errors and not options.skip_bad:
        raise rejection(result)
    if not as_json:
        run.say(summary(run, result))


def say_outcome(run: CliContext, result: ImportReport) -> None:
    """After an import's problems: where the positions were read from, then what it did."""
    run.say(_columns_read(run, result), style="dim")
    run.say(summary(run, result))


def _columns_read(run: CliContext, result: ImportReport) -> str:
    """Where the positions were read from: the progress line after a report."""
    cols = result.coordinates
    if cols is None:
        return run.t("cli.points.import.read_geometry", crs=result.crs)
    key = N_("cli.points.import.read_geographic")
    if cols.mode == "projected":
        key = N_("cli.points.import.read_projected")
    elif cols.mode == "pair":
        key = N_("cli.points.import.read_pair")
    return run.t(key, x=cols.x, y=cols.y, crs=result.crs)


def summary(run: CliContext, result: ImportReport) -> str:
    """What an import did, in one line."""
    key = N_("cli.points.import.summary")
    if result.dry_run:
        key = N_("cli.points.import.summary_dry_run")
    text = run.t(
        key,
        file=result.file,
        rows=run.num(result.rows),
        imported=run.num(result.imported),
        unchanged=run.num(result.unchanged),
        bad=run.num(result.bad_rows),
        warnings=run.num(len(result.warnings)),
    )
    if result.national_codes:
        count = run.num(result.national_codes)
        text += run.t("cli.points.import.summary_national_codes", count=count)
    if result.notes:
        text += run.t("cli.points.import.summary_notes", notes=run.num(len(result.notes)))
    return text
