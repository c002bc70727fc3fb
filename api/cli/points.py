"""`diachiso points import|add|edit|move|retire|show`: the address points."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from addrgen.vocab import Kind
from api.cli.context import CliContext, context_of
from api.cli.field import report_lines
from api.cli.files import refuse_existing
from api.cli.options import CommuneOpt, DbOpt
from api.services.glyphs import plate_glyphs
from gis.errors import ImportRejected
from gis.field.reports import list_reports
from gis.ingest.importing import ImportOptions, import_points, write_report_csv
from gis.registry.points import (
    PointRecord,
    add_point,
    edit_point,
    find_point,
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
    str, typer.Argument(help="The point's code, its source reference, or its number as #123.")
]


def register(points: typer.Typer) -> None:
    points.command("import")(points_import)
    points.command("add")(points_add)
    points.command("edit")(points_edit)
    points.command("move")(points_move)
    points.command("retire")(points_retire)
    points.command("show")(points_show)


def points_import(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="CSV, Excel, GeoJSON, GeoPackage, Shapefile or KML.")
    ],
    kind: Annotated[Kind, typer.Option(help="Kind of the points (default for --kind-field).")],
    crs: Annotated[
        str | None, typer.Option(help="Source CRS, e.g. EPSG:9209 (VN-2000 Hà Tĩnh).")
    ] = None,
    lon_field: Annotated[str | None, typer.Option(help="Longitude column.")] = None,
    lat_field: Annotated[str | None, typer.Option(help="Latitude column.")] = None,
    easting_field: Annotated[str | None, typer.Option(help="Easting column.")] = None,
    northing_field: Annotated[
        str | None, typer.Option(help="Northing column (cadastral sheets often call it X).")
    ] = None,
    name_field: Annotated[str | None, typer.Option(help="Name column.")] = None,
    ref_field: Annotated[str | None, typer.Option(help="Source reference column.")] = None,
    kind_field: Annotated[
        str | None, typer.Option(help="Column with each row's kind (household/agency/heritage).")
    ] = None,
    address_field: Annotated[
        str | None,
        typer.Option(help="Column with the written address; former units are mapped to today's."),
    ] = None,
    encoding: Annotated[EncodingOpt, typer.Option(help="Text encoding of the file.")] = (
        EncodingOpt.auto
    ),
    sheet: Annotated[
        str | None, typer.Option(help="The workbook's sheet (default: the one with the table).")
    ] = None,
    header_row: Annotated[
        int | None,
        typer.Option(help="The header's row number in the sheet (default: found by its names)."),
    ] = None,
    layer: Annotated[
        str | None, typer.Option(help="The layer to read, in a file with several (GeoPackage).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check only; write nothing.")] = False,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Import the good rows, report the bad ones.")
    ] = False,
    report: Annotated[Path | None, typer.Option(help="Also write the report as CSV.")] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Import address points; every bad row is named, and nothing is written if any is bad."""
    run = context_of(ctx)
    if report is not None:
        refuse_existing(report, field="report")  # before the import, which it would follow
    registry = run.registry(db)
    the_commune = run.commune(registry, commune)
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
        encoding=encoding.value,
        layer=layer,
        sheet=sheet,
        header_row=header_row,
        glyphs=plate_glyphs(),
        dry_run=dry_run,
        skip_bad=skip_bad,
    )
    try:
        result = import_points(registry, the_commune, file, options, actor=run.actor)
    except ImportRejected as exc:
        run.report(exc.problems)
        if report is not None:
            write_report_csv(report, exc.problems)
        raise
    run.report(result.problems)
    if report is not None:
        write_report_csv(report, result.problems)
    run.say(f"read {result.columns}", style="dim")
    run.say(result.summary())


def points_add(
    ctx: typer.Context,
    kind: Annotated[Kind, typer.Option(help="household, agency or heritage.")],
    lon: Annotated[float, typer.Option(help="Longitude (WGS 84).")],
    lat: Annotated[float, typer.Option(help="Latitude (WGS 84).")],
    name: Annotated[str | None, typer.Option(help="Name (required for agency, heritage).")] = None,
    ref: Annotated[str | None, typer.Option(help="Source reference.")] = None,
    house_number: Annotated[str | None, typer.Option(help="House number.")] = None,
    street: Annotated[str | None, typer.Option(help="Street.")] = None,
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
        actor=run.actor,
    )
    run.report(warnings)
    handle = point.ref or f"#{point.id}"
    run.say(
        f"registered point {handle} in {point.village} ({point.plus_code}); refer to it as "
        f"{handle} until it has a code"
    )


def points_edit(
    ctx: typer.Context,
    code_or_ref: CodeOrRef,
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    kind: Annotated[Kind | None, typer.Option(help="New kind.")] = None,
    house_number: Annotated[str | None, typer.Option(help="New house number.")] = None,
    street: Annotated[str | None, typer.Option(help="New street.")] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Change a point's name, kind, house number or street (its code never changes)."""
    run = context_of(ctx)
    registry = run.registry(db)
    point = edit_point(
        registry,
        run.commune(registry, commune),
        code_or_ref,
        actor=run.actor,
        name=name,
        kind=kind.value if kind else None,
        house_number=house_number,
        street=street,
    )
    run.say(f"updated {point.code_display or point.ref or point.id}")


def points_move(
    ctx: typer.Context,
    code_or_ref: CodeOrRef,
    lon: Annotated[float, typer.Option(help="New longitude (WGS 84).")],
    lat: Annotated[float, typer.Option(help="New latitude (WGS 84).")],
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
    run.say(
        f"moved {point.code_display or point.ref or point.id} to {point.village} "
        f"({point.plus_code})"
    )


def points_retire(
    ctx: typer.Context,
    code_or_ref: CodeOrRef,
    reason: Annotated[str, typer.Option(help="Why (demolished, merged, …).")],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Retire a point; its code stays in the registry and is never reused."""
    run = context_of(ctx)
    registry = run.registry(db)
    point = retire_point(
        registry, run.commune(registry, commune), code_or_ref, reason=reason, actor=run.actor
    )
    run.say(f"retired {point.code_display or point.ref or point.id}")


def points_show(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The point's code (or source reference).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Show one point."""
    run = context_of(ctx)
    registry = run.registry(db)
    the_commune = run.commune(registry, commune)
    with registry.read() as conn:
        point, verified = find_point(conn, the_commune, code)
        reports = list_reports(conn, the_commune, point_id=point.id)
    if not verified:
        run.say("note: the code given carried no check digit (unverified)")
    if as_json:
        doc = point.as_dict() | {"reports": [r.as_dict() for r in reports]}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    _print_point(run, point)
    for report in reports:
        run.out.print("report " + " | ".join(report_lines(report)), markup=False)


def _print_point(run: CliContext, point: PointRecord) -> None:
    table = Table(show_header=False, box=None)
    for key, value in point.as_dict().items():
        if key == "id":
            continue
        table.add_row(key, "" if value is None else str(value))
    run.out.print(table)
