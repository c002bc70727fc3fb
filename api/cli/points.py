"""`diachiso points import|add|edit|move|retire|show`: the address points."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from addrgen.catalog import N_
from addrgen.formatting import format_decimal
from addrgen.retiring import RETIRE_REASONS, RetireReason, say_retire_reason
from addrgen.vocab import Kind
from api.cli.context import CliContext, context_of
from api.cli.field import report_lines
from api.cli.files import refuse_existing, write_report_csv
from api.cli.imports import preview, say_outcome, say_problems
from api.cli.options import CommuneOpt, DbOpt
from api.services.glyphs import plate_glyphs
from gis.errors import ImportRejected, InvalidInput
from gis.field.reports import list_reports
from gis.ingest.importing import ImportOptions, import_points
from gis.registry.former_refs import find_point_formerly
from gis.registry.points import (
    PointRecord,
    add_point,
    edit_point,
    move_point,
    retire_point,
)

__all__ = ["register"]


class EncodingOpt(StrEnum):
    auto = "auto"
    utf8 = "utf-8"
    cp1258 = "cp1258"
    tcvn3 = "tcvn3"
    vni = "vni"


CodeOrRef = Annotated[
    str,
    typer.Argument(metavar=N_("cli.metavar.code_or_ref"), help=N_("cli.points.arg.code_or_ref")),
]


def register(points: typer.Typer) -> None:
    points.command("import", help=N_("cli.points.import.help"))(points_import)
    points.command("add", help=N_("cli.points.add.help"))(points_add)
    points.command("edit", help=N_("cli.points.edit.help"))(points_edit)
    points.command("move", help=N_("cli.points.move.help"))(points_move)
    points.command("retire", help=N_("cli.points.retire.help"))(points_retire)
    points.command("show", help=N_("cli.points.show.help"))(points_show)


def points_import(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar=N_("cli.metavar.file"), help=N_("cli.points.import.arg.file"))
    ],
    kind: Annotated[Kind, typer.Option(help=N_("cli.points.import.opt.kind"))],
    crs: Annotated[str | None, typer.Option(help=N_("cli.points.import.opt.crs"))] = None,
    lon_field: Annotated[
        str | None, typer.Option(help=N_("cli.points.import.opt.lon_field"))
    ] = None,
    lat_field: Annotated[
        str | None, typer.Option(help=N_("cli.points.import.opt.lat_field"))
    ] = None,
    easting_field: Annotated[
        str | None, typer.Option(help=N_("cli.points.import.opt.easting_field"))
    ] = None,
    northing_field: Annotated[
        str | None, typer.Option(help=N_("cli.points.import.opt.northing_field"))
    ] = None,
    name_field: Annotated[
        str | None, typer.Option(help=N_("cli.points.import.opt.name_field"))
    ] = None,
    ref_field: Annotated[
        str | None, typer.Option(help=N_("cli.points.import.opt.ref_field"))
    ] = None,
    kind_field: Annotated[
        str | None, typer.Option(help=N_("cli.points.import.opt.kind_field"))
    ] = None,
    address_field: Annotated[
        str | None, typer.Option(help=N_("cli.points.import.opt.address_field"))
    ] = None,
    national_code_field: Annotated[
        str | None, typer.Option(help=N_("cli.points.import.opt.national_code_field"))
    ] = None,
    encoding: Annotated[
        EncodingOpt, typer.Option(help=N_("cli.points.import.opt.encoding"))
    ] = EncodingOpt.auto,
    sheet: Annotated[str | None, typer.Option(help=N_("cli.points.import.opt.sheet"))] = None,
    header_row: Annotated[
        int | None, typer.Option(help=N_("cli.points.import.opt.header_row"))
    ] = None,
    layer: Annotated[str | None, typer.Option(help=N_("cli.points.import.opt.layer"))] = None,
    latlon_field: Annotated[
        str | None, typer.Option(help=N_("cli.points.import.opt.latlon_field"))
    ] = None,
    centroids: Annotated[
        bool, typer.Option("--centroids", help=N_("cli.points.import.opt.centroids"))
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("cli.points.import.opt.dry_run"))
    ] = False,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help=N_("cli.points.import.opt.skip_bad"))
    ] = False,
    report: Annotated[Path | None, typer.Option(help=N_("cli.points.import.opt.report"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("cli.points.import.opt.json"))] = False,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Import address points; every bad row is named, and nothing is written if any is bad.
    (Long only for its signature: one parameter per import option.)"""
    run = context_of(ctx)
    if report is not None:
        refuse_existing(report, field="report")  # before the import, which it would follow
    registry, the_commune = run.open_commune(db, commune)
    options = ImportOptions(
        kind=kind.value,
        crs=crs,
        lon_field=lon_field,
        lat_field=lat_field,
        easting_field=easting_field,
        northing_field=northing_field,
        name_field=name_field,
        ref_field=ref_field,
        kind_field=kind_field,
        address_field=address_field,
        national_code_field=national_code_field,
        encoding=encoding.value,
        layer=layer,
        sheet=sheet,
        header_row=header_row,
        glyphs=plate_glyphs(),
        latlon_field=latlon_field,
        centroids=centroids,
        dry_run=dry_run,
        skip_bad=skip_bad,
    )
    if dry_run:
        preview(run, registry, the_commune, file, options, report=report, as_json=as_json)
        return
    if as_json:
        raise InvalidInput("import.json_needs_dry_run", field="json")
    try:
        result = import_points(registry, the_commune, file, options, actor=run.actor)
    except ImportRejected as exc:
        say_problems(run, exc.problems, report=report)
        if report is not None:
            write_report_csv(report, exc.problems, lang=run.lang)
        raise
    say_problems(run, result.problems, report=report)
    if report is not None:
        write_report_csv(report, result.problems, lang=run.lang)
    say_outcome(run, result)


def points_add(
    ctx: typer.Context,
    kind: Annotated[Kind, typer.Option(help=N_("cli.points.add.opt.kind"))],
    lon: Annotated[float, typer.Option(help=N_("cli.points.add.opt.lon"))],
    lat: Annotated[float, typer.Option(help=N_("cli.points.add.opt.lat"))],
    name: Annotated[str | None, typer.Option(help=N_("cli.points.add.opt.name"))] = None,
    ref: Annotated[str | None, typer.Option(help=N_("cli.points.add.opt.ref"))] = None,
    house_number: Annotated[
        str | None, typer.Option(help=N_("cli.points.add.opt.house_number"))
    ] = None,
    street: Annotated[str | None, typer.Option(help=N_("cli.points.add.opt.street"))] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Register one point by hand."""
    run = context_of(ctx)
    registry = run.registry(db)
    point, warnings = add_point(
        registry,
        run.commune(registry, commune),
        kind=kind.value,
        lon=lon,
        lat=lat,
        name=name,
        ref=ref,
        house_number=house_number,
        street=street,
        glyphs=plate_glyphs(),
        actor=run.actor,
    )
    run.report(warnings)
    handle = point.ref or f"#{point.id}"
    run.tell("cli.points.add.done", handle=handle, village=point.village, plus_code=point.plus_code)


def points_edit(
    ctx: typer.Context,
    code_or_ref: CodeOrRef,
    name: Annotated[str | None, typer.Option(help=N_("cli.points.edit.opt.name"))] = None,
    kind: Annotated[Kind | None, typer.Option(help=N_("cli.points.edit.opt.kind"))] = None,
    house_number: Annotated[
        str | None, typer.Option(help=N_("cli.points.edit.opt.house_number"))
    ] = None,
    street: Annotated[str | None, typer.Option(help=N_("cli.points.edit.opt.street"))] = None,
    phone: Annotated[str | None, typer.Option(help=N_("cli.points.edit.opt.phone"))] = None,
    ref: Annotated[str | None, typer.Option(help=N_("cli.points.edit.opt.ref"))] = None,
    national_code: Annotated[
        str | None, typer.Option(help=N_("cli.points.edit.opt.national_code"))
    ] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Change a point's name, kind, house number, street, phone, reference or national code (its
    code never changes)."""
    run = context_of(ctx)
    registry = run.registry(db)
    point = edit_point(
        registry,
        run.commune(registry, commune),
        code_or_ref,
        actor=run.actor,
        glyphs=plate_glyphs(),
        name=name,
        kind=kind.value if kind else None,
        house_number=house_number,
        street=street,
        phone=phone,
        ref=ref,
        national_code=national_code,
    )
    run.tell("cli.points.edit.done", point=_handle(point))


def points_move(
    ctx: typer.Context,
    code_or_ref: CodeOrRef,
    lon: Annotated[float, typer.Option(help=N_("cli.points.move.opt.lon"))],
    lat: Annotated[float, typer.Option(help=N_("cli.points.move.opt.lat"))],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Move a point; its code stays, its plus code and village follow (refused onto a point with
    the same name or reference within 3 m, a warning near any other)."""
    run = context_of(ctx)
    registry = run.registry(db)
    point, warnings = move_point(
        registry, run.commune(registry, commune), code_or_ref, lon=lon, lat=lat, actor=run.actor
    )
    run.report(warnings)
    run.tell(
        "cli.points.move.done",
        point=_handle(point),
        village=point.village,
        plus_code=point.plus_code,
    )


def points_retire(
    ctx: typer.Context,
    code_or_ref: CodeOrRef,
    reason: Annotated[str, typer.Option(help=N_("cli.points.retire.opt.reason"))],
    note: Annotated[str | None, typer.Option(help=N_("cli.points.retire.opt.note"))] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Retire a point; its code stays in the registry and is never reused."""
    run = context_of(ctx)
    registry = run.registry(db)
    code, said = retire_reason_of(reason, note)
    point = retire_point(
        registry,
        run.commune(registry, commune),
        code_or_ref,
        reason=code,
        note=said,
        actor=run.actor,
    )
    run.tell("cli.points.retire.done", point=_handle(point))


def retire_reason_of(reason: str, note: str | None) -> tuple[str, str | None]:
    """`--reason` as given: a code of the vocabulary, or (as before the vocabulary, for the
    scripts that wrote one) free words, kept as the note of the reason "other"."""
    if reason.strip() in RETIRE_REASONS:
        return reason.strip(), note
    words = "; ".join(w for w in (reason.strip(), (note or "").strip()) if w)
    return RetireReason.other.value, words or None


def _handle(point: PointRecord) -> str:
    """How a message names a point: its code, else its reference, else its number."""
    return point.code_display or point.ref or f"#{point.id}"


def points_show(
    ctx: typer.Context,
    code: Annotated[
        str, typer.Argument(metavar=N_("cli.metavar.code"), help=N_("cli.points.show.arg.code"))
    ],
    as_json: Annotated[bool, typer.Option("--json", help=N_("cli.option.json"))] = False,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Show one point."""
    run = context_of(ctx)
    registry, named = run.open_commune(db, commune)
    with registry.read() as conn:
        # A former commune's name finds its points by the references of its old sheets.
        point, verified, the_commune = find_point_formerly(conn, commune=named, code_or_ref=code)
        reports = list_reports(conn, the_commune, point_id=point.id)
    if not verified:
        run.tell("cli.points.show.unverified")
    if as_json:
        doc = point.as_dict() | {"reports": [r.as_dict() for r in reports]}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    _print_point(run, point)
    for report in reports:
        line = " | ".join(report_lines(run, report))
        run.out.print(run.t("cli.points.show.report", report=line), markup=False)


#: The lines of `points show`, in order: the record's field and its label's id.
SHOWN = (
    ("code_display", N_("cli.points.show.field.code")),
    ("kind", N_("cli.points.show.field.kind")),
    ("name", N_("cli.points.show.field.name")),
    ("house_number", N_("cli.points.show.field.house_number")),
    ("street", N_("cli.points.show.field.street")),
    ("phone", N_("cli.points.show.field.phone")),
    ("village", N_("cli.points.show.field.village")),
    ("lon", N_("cli.points.show.field.lon")),
    ("lat", N_("cli.points.show.field.lat")),
    ("plus_code", N_("cli.points.show.field.plus_code")),
    ("status", N_("cli.points.show.field.status")),
    ("needs_review", N_("cli.points.show.field.needs_review")),
    ("ref", N_("cli.points.show.field.ref")),
    ("national_code", N_("cli.points.show.field.national_code")),
    ("retired_reason", N_("cli.points.show.field.retired_reason")),
    ("created_at", N_("cli.points.show.field.created_at")),
    ("updated_at", N_("cli.points.show.field.updated_at")),
)


def _print_point(run: CliContext, point: PointRecord) -> None:
    table = Table(show_header=False, box=None)
    for key, label in SHOWN:
        table.add_row(run.t(label), _shown(run, point, key, getattr(point, key)))
    run.out.print(table)


def _shown(run: CliContext, point: PointRecord, key: str, value: Any) -> str:
    """A field of the point as a person reads it in the run's language."""
    if value is None or value == "":
        return ""
    if key in ("kind", "status"):
        return run.word(value)
    if key == "needs_review":
        return run.t("cli.yes" if value else "cli.no")
    if key in ("lon", "lat"):
        return format_decimal(value, run.lang, digits=6)
    if key in ("created_at", "updated_at"):
        return run.when(value)
    if key == "retired_reason":  # the vocabulary's words and the note; an old text as written
        return say_retire_reason(point.retired_reason, point.retired_note, run.lang)
    return str(value)
