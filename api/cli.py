"""The `diachiso` command: every officer job, as thin calls into `gis` and `addrgen`.

Errors from the core become one line on stderr and exit code 1 (``--debug`` shows the
traceback); machine-readable output (``--format json|csv``, ``--json``) goes alone to stdout."""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from addrgen.codes import parse_code
from addrgen.errors import AddrgenError
from api.cli_admin import register_admin_commands
from api.cli_field import register_field_commands, report_lines, reports_of_point
from api.cli_map import map_command
from api.cli_options import CommuneOpt, DbOpt
from api.cli_reorg import register_reorg_commands
from api.services.printing import PrintResult, print_batch, reprint_plates
from gis.errors import ImportRejected, InvalidInput, Problem, RegistryError
from gis.ingest.importing import ImportOptions, import_points, write_report_csv
from gis.registry.communes import Commune, add_commune, get_commune
from gis.registry.issuing import issue_codes
from gis.registry.points import (
    PointRecord,
    add_point,
    edit_point,
    find_point,
    move_point,
    retire_point,
)
from gis.registry.villages import import_villages, list_villages, set_village
from gis.settings import SettingsError, load_settings
from gis.storage.db import Registry, open_registry
from gis.storage.events import default_actor
from gis.views.coverage import coverage as coverage_doc
from gis.views.exporting import export_points
from plates.errors import PlatesError
from plates.guide import write_guide_pdf
from plates.layout import PlateSpec
from plates.letters import default_contact

__all__ = ["app", "main"]

app = typer.Typer(
    name="diachiso",
    help="Địa chỉ số: permanent digital addresses and QR address plates for a commune.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
communes_app = typer.Typer(help="Communes held by the registry.", no_args_is_help=True)
villages_app = typer.Typer(
    help="Villages: boundaries, order, expected counts.", no_args_is_help=True
)
points_app = typer.Typer(
    help="Address points: import, add, edit, move, retire, show.", no_args_is_help=True
)
codes_app = typer.Typer(help="Digital address codes: issue and check.", no_args_is_help=True)
plates_app = typer.Typer(
    help="QR address plates: print batches, checklists and letters; re-print.",
    no_args_is_help=True,
)
app.add_typer(communes_app, name="communes")
app.add_typer(villages_app, name="villages")
app.add_typer(points_app, name="points")
app.add_typer(codes_app, name="codes")
app.add_typer(plates_app, name="plates")
register_field_commands(app)  # users, review, reports, serve
register_reorg_commands(app, communes_app, villages_app, plates_app)  # merges, renames, stale
app.command("map")(map_command)  # the coverage map as one HTML file
register_admin_commands(app)  # backup, restore (api/cli_admin.py)

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)
_state: dict[str, bool] = {"debug": False}


class Kind(StrEnum):
    household = "household"
    agency = "agency"
    heritage = "heritage"


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ExportFormatOpt(StrEnum):
    geojson = "geojson"
    gpkg = "gpkg"
    csv = "csv"
    xlsx = "xlsx"


class EncodingOpt(StrEnum):
    auto = "auto"
    utf8 = "utf-8"
    cp1258 = "cp1258"
    tcvn3 = "tcvn3"
    vni = "vni"


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks on errors (may stand anywhere).")
    ] = False,
) -> None:
    _state["debug"] = _state["debug"] or debug


def _registry(db: str | None, *, must_exist: bool = True) -> Registry:
    settings = load_settings(database_url=db)
    registry = open_registry(settings.database_url, create=not must_exist)
    if must_exist and not registry.is_initialised():
        raise RegistryError(
            f"no registry at {registry.url}: run `diachiso init` first (or give --db)"
        )
    if must_exist and not registry.is_current():
        registry.migrate()
        err.print(f"upgraded the registry's schema at {registry.url}", markup=False)
    return registry


def _commune(registry: Registry, name: str | None) -> Commune:
    with registry.read() as conn:
        return get_commune(conn, name)


def _report(problems: list[Problem]) -> None:
    for p in problems:
        err.print(p.line(), style="yellow" if p.severity == "warning" else None, markup=False)


# --- registry and communes -----------------------------------------------------------------


def _add_commune(
    db: str | None,
    commune: str,
    commune_code: str,
    area_number: int,
    province: str | None,
    district: str | None,
) -> None:
    registry = _registry(db, must_exist=False)
    made = add_commune(
        registry,
        name=commune,
        commune_code=commune_code,
        area_number=area_number,
        province=province,
        district=district,
        actor=default_actor(),
    )
    err.print(
        f"{made.name} (code {made.commune_code}, area number {made.area_number:05d}) "
        f"is in the registry {registry.url}",
        markup=False,
    )


CommuneName = Annotated[
    str, typer.Option("--commune", help="The commune's name, e.g. 'xã Thạch Bình'.")
]
CommuneCode = Annotated[str, typer.Option("--commune-code", help="Statistics code, e.g. 18112.")]
AreaNumber = Annotated[
    int, typer.Option("--area-number", help="5-digit area number that prefixes its codes.")
]
Province = Annotated[str | None, typer.Option("--province", help="e.g. 'tỉnh Hà Tĩnh'.")]
District = Annotated[str | None, typer.Option("--district", help="e.g. 'TP Hà Tĩnh'.")]


@app.command()
def init(
    commune: CommuneName,
    commune_code: CommuneCode,
    area_number: AreaNumber,
    province: Province = None,
    district: District = None,
    db: DbOpt = None,
) -> None:
    """Create the registry (if needed) with its first commune."""
    _add_commune(db, commune, commune_code, area_number, province, district)


communes_app.command("add", help="Add another commune, with its own area number, to the registry.")(
    init
)


# --- villages ------------------------------------------------------------------------------


@villages_app.command("import")
def villages_import(
    file: Annotated[Path, typer.Argument(help="GeoJSON, GeoPackage, Shapefile or KML polygons.")],
    name_field: Annotated[str | None, typer.Option(help="Column with the village name.")] = None,
    expected_field: Annotated[
        str | None, typer.Option(help="Column with the expected number of addresses.")
    ] = None,
    crs: Annotated[str | None, typer.Option(help="CRS of the file if it does not say.")] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Import village boundaries; each new village takes the next registry ordinal."""
    registry = _registry(db)
    the_commune = _commune(registry, commune)
    try:
        result = import_villages(
            registry,
            the_commune,
            file,
            name_field=name_field,
            expected_field=expected_field,
            crs=crs,
            actor=default_actor(),
        )
    except ImportRejected as exc:
        _report(exc.problems)
        raise
    _report(result.problems)
    err.print(
        f"{file.name}: {len(result.added)} village(s) added, {len(result.unchanged)} unchanged, "
        f"{len(result.warnings)} warning(s)",
        markup=False,
    )


@villages_app.command("set")
def villages_set(
    name: Annotated[str, typer.Argument(help="The village's name.")],
    expected: Annotated[int | None, typer.Option(help="Expected number of addresses.")] = None,
    rename: Annotated[str | None, typer.Option(help="New name.")] = None,
    effective: Annotated[
        str | None,
        typer.Option(
            help="With --rename: the date the new name took effect (YYYY-MM-DD), kept in the "
            "history so older plates stay explained; without it the rename is a correction."
        ),
    ] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Set a village's expected address count, or rename it (dated with --effective)."""
    registry = _registry(db)
    if effective is not None:
        if rename is None:
            raise InvalidInput("--effective goes with --rename NEW")
        from api.cli_reorg import _date
        from gis.registry.reorg import rename_village

        rename_village(
            registry,
            _commune(registry, commune),
            name=name,
            to=rename,
            effective=_date(effective),
            actor=default_actor(),
        )
        name, rename = rename, None
    village = set_village(
        registry,
        _commune(registry, commune),
        name,
        expected=expected,
        rename=rename,
        actor=default_actor(),
    )
    err.print(f"{village.name}: expected {village.expected}", markup=False)


@villages_app.command("list")
def villages_list(db: DbOpt = None, commune: CommuneOpt = None) -> None:
    """List the villages in registry order."""
    registry = _registry(db)
    the_commune = _commune(registry, commune)
    with registry.read() as conn:
        vs = list_villages(conn, the_commune)
    table = Table("ordinal", "village", "expected")
    for v in vs:
        table.add_row(str(v.ordinal), v.name, "" if v.expected is None else str(v.expected))
    out.print(table)


# --- points --------------------------------------------------------------------------------


@points_app.command("import")
def points_import(
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
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check only; write nothing.")] = False,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Import the good rows, report the bad ones.")
    ] = False,
    report: Annotated[Path | None, typer.Option(help="Also write the report as CSV.")] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Import address points; every bad row is named, and nothing is written if any is bad."""
    registry = _registry(db)
    the_commune = _commune(registry, commune)
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
        dry_run=dry_run,
        skip_bad=skip_bad,
    )
    try:
        result = import_points(registry, the_commune, file, options, actor=default_actor())
    except ImportRejected as exc:
        _report(exc.problems)
        if report is not None:
            write_report_csv(report, exc.problems)
        raise
    _report(result.problems)
    if report is not None:
        write_report_csv(report, result.problems)
    err.print(f"read {result.columns}", markup=False, style="dim")
    err.print(result.summary(), markup=False)


@points_app.command("add")
def points_add(
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
    registry = _registry(db)
    point, warnings = add_point(
        registry,
        _commune(registry, commune),
        kind=kind.value,
        lon=lon,
        lat=lat,
        name=name,
        ref=ref,
        house_number=house_number,
        street=street,
        actor=default_actor(),
    )
    _report(warnings)
    handle = point.ref or f"#{point.id}"
    err.print(
        f"registered point {handle} in {point.village} ({point.plus_code}); refer to it as "
        f"{handle} until it has a code",
        markup=False,
    )


CodeOrRef = Annotated[
    str, typer.Argument(help="The point's code, its source reference, or its number as #123.")
]


@points_app.command("edit")
def points_edit(
    code_or_ref: CodeOrRef,
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    kind: Annotated[Kind | None, typer.Option(help="New kind.")] = None,
    house_number: Annotated[str | None, typer.Option(help="New house number.")] = None,
    street: Annotated[str | None, typer.Option(help="New street.")] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Change a point's name, kind, house number or street (its code never changes)."""
    registry = _registry(db)
    point = edit_point(
        registry,
        _commune(registry, commune),
        code_or_ref,
        actor=default_actor(),
        name=name,
        kind=kind.value if kind else None,
        house_number=house_number,
        street=street,
    )
    err.print(f"updated {point.code_display or point.ref or point.id}", markup=False)


@points_app.command("move")
def points_move(
    code_or_ref: CodeOrRef,
    lon: Annotated[float, typer.Option(help="New longitude (WGS 84).")],
    lat: Annotated[float, typer.Option(help="New latitude (WGS 84).")],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Move a point; its code stays, its plus code and village follow (refused onto a point with
    the same name or reference within 3 m, a warning near any other)."""
    registry = _registry(db)
    point, warnings = move_point(
        registry, _commune(registry, commune), code_or_ref, lon=lon, lat=lat, actor=default_actor()
    )
    _report(warnings)
    err.print(
        f"moved {point.code_display or point.ref or point.id} to {point.village} "
        f"({point.plus_code})",
        markup=False,
    )


@points_app.command("retire")
def points_retire(
    code_or_ref: CodeOrRef,
    reason: Annotated[str, typer.Option(help="Why (demolished, merged, …).")],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Retire a point; its code stays in the registry and is never reused."""
    registry = _registry(db)
    point = retire_point(
        registry, _commune(registry, commune), code_or_ref, reason=reason, actor=default_actor()
    )
    err.print(f"retired {point.code_display or point.ref or point.id}", markup=False)


@points_app.command("show")
def points_show(
    code: Annotated[str, typer.Argument(help="The point's code (or source reference).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Show one point."""
    registry = _registry(db)
    the_commune = _commune(registry, commune)
    with registry.read() as conn:
        point, verified = find_point(conn, the_commune, code)
        reports = reports_of_point(conn, the_commune, point.id)
    if not verified:
        err.print("note: the code given carried no check digit (unverified)", markup=False)
    if as_json:
        doc = point.as_dict() | {"reports": [r.as_dict() for r in reports]}
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    _print_point(point)
    for report in reports:
        out.print("report " + " | ".join(report_lines(report)), markup=False)


def _print_point(point: PointRecord) -> None:
    table = Table(show_header=False, box=None)
    for key, value in point.as_dict().items():
        if key == "id":
            continue
        table.add_row(key, "" if value is None else str(value))
    out.print(table)


# --- codes ---------------------------------------------------------------------------------


@codes_app.command("issue")
def codes_issue(
    village: Annotated[str | None, typer.Option(help="Only this village.")] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Give a permanent code to every point without one (one transaction)."""
    registry = _registry(db)
    result = issue_codes(
        registry, _commune(registry, commune), village=village, actor=default_actor()
    )
    if result.issued == 0:
        err.print("every point already has a code; nothing issued")
    else:
        err.print(f"issued {result.issued} codes: {result.first} … {result.last}", markup=False)


@codes_app.command("check")
def codes_check(
    code: Annotated[str, typer.Argument(help="A code as typed: spaces, dots, dashes allowed.")],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Check a code; prints it in display form, or says what is wrong (exit 1)."""
    parsed = parse_code(code)
    if parsed.code is not None:
        print(parsed.code.display)
        return
    registry = _registry(db)
    the_commune = _commune(registry, commune)
    with registry.read() as conn:
        point, _ = find_point(conn, the_commune, parsed.national)
    print(point.code_display)
    err.print(
        f"note: {parsed.national} carried no check digit (the national 10-digit form, or an "
        f"11-digit code with a digit dropped); the registered code is {point.code_display}",
        markup=False,
    )


# --- coverage and export -------------------------------------------------------------------


@app.command()
def coverage(
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table, csv or json.")] = (
        OutputFormat.table
    ),
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Plating coverage per village and for the commune."""
    registry = _registry(db)
    the_commune = _commune(registry, commune)
    with registry.read() as conn:
        doc = coverage_doc(conn, the_commune)
    if fmt is OutputFormat.json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    elif fmt is OutputFormat.csv:
        sys.stdout.write(_coverage_csv(doc))
    else:
        out.print(_coverage_table(doc))


_FIGURES = ("total", "coded", "printed", "installed", "needs_review", "remaining")


def _coverage_csv(doc: dict[str, Any]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        ["village", *_FIGURES, "household", "agency", "heritage", "percent_installed", "expected"]
    )
    for v in doc["villages"]:
        kinds = [v["by_kind"][k] for k in ("household", "agency", "heritage")]
        writer.writerow(
            [
                v["village"],
                *(v[f] for f in _FIGURES),
                *kinds,
                v["percent_installed"],
                "" if v["expected"] is None else v["expected"],
            ]
        )
    c = doc["commune"]
    writer.writerow(
        [
            c["name"],
            *(c[f] for f in _FIGURES),
            "",
            "",
            "",
            c["percent_installed"],
            "" if c["expected"] is None else c["expected"],
        ]
    )
    return buf.getvalue()


def _coverage_table(doc: dict[str, Any]) -> Table:
    table = Table(title=f"Coverage — {doc['commune']['name']}")
    headers = ("village", "total", "coded", "printed", "installed", "review", "left", "%", "exp.")
    for col in headers:
        table.add_column(col, justify="left" if col == "village" else "right", no_wrap=True)
    rows = [*doc["villages"], {**doc["commune"], "village": "Total"}]
    for i, v in enumerate(rows):
        table.add_row(
            v["village"],
            *(str(v[f]) for f in _FIGURES),
            f"{v['percent_installed']:.1f}",
            "" if v["expected"] is None else str(v["expected"]),
            end_section=i == len(rows) - 2,
        )
    return table


@app.command()
def export(
    fmt: Annotated[ExportFormatOpt, typer.Option("--format", help="geojson, gpkg, csv or xlsx.")],
    out_file: Annotated[Path, typer.Option("--out", help="File to write (never overwritten).")],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Export every point with its code, plus code, kind, name, village and status."""
    registry = _registry(db)
    the_commune = _commune(registry, commune)
    with registry.read() as conn:
        n = export_points(conn, the_commune, fmt.value, out_file)
    err.print(f"wrote {n} points to {out_file}", markup=False)


# --- plates --------------------------------------------------------------------------------


class Mode(StrEnum):
    shop = "shop"
    office = "office"


ModeOpt = Annotated[
    Mode,
    typer.Option(help="shop: one plate a page with bleed and crop marks; office: A4 sheets."),
]
LettersOpt = Annotated[
    bool, typer.Option("--letters", help="Also write letters.pdf, one notification per address.")
]
DraftOpt = Annotated[
    bool,
    typer.Option("--draft", help="A test print: every plate says BẢN THỬ; any PUBLIC_URL."),
]
OutOpt = Annotated[Path, typer.Option("--out", help="Folder for the files (never overwritten).")]
SizeOpt = Annotated[str, typer.Option(help="Plate size: A6, A5, A4, 200x150 … or WxH in mm.")]
HouseholdNamesOpt = Annotated[
    bool,
    typer.Option(
        "--show-household-names", help="Print household heads' names (only if the commune opts in)."
    ),
]


def _spec(size: str, show_household_names: bool) -> PlateSpec:
    return PlateSpec.preset(size, show_household_name=show_household_names)


def _print_result(result: PrintResult, draft: bool) -> None:
    files = result.files
    for path in files.paths:
        err.print(f"  {path}  sha256 {files.sha256[path.name][:12]}…", markup=False)
    status = (
        "draft: statuses unchanged"
        if draft
        else f"{result.batch.printed} now printed, {result.batch.unchanged} already further along"
    )
    err.print(f"batch {result.batch.label}: {len(files.printed)} plates ({status})", markup=False)


@plates_app.command("batch")
def plates_batch(
    out_dir: OutOpt,
    village: Annotated[
        list[str] | None, typer.Option("--village", help="A village (repeatable); default all.")
    ] = None,
    kind: Annotated[
        list[Kind] | None, typer.Option("--kind", help="A kind (repeatable); default all.")
    ] = None,
    mode: ModeOpt = Mode.shop,
    letters: LettersOpt = False,
    draft: DraftOpt = False,
    size: SizeOpt = "A6",
    show_household_names: HouseholdNamesOpt = False,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Print the plates of every coded point not yet printed, with its install checklist."""
    settings = load_settings(database_url=db)
    registry = _registry(db)
    result = print_batch(
        registry,
        _commune(registry, commune),
        public_url=settings.public_url,
        out_dir=out_dir,
        village_names=village or [],
        kinds=[k.value for k in kind or []],
        mode=mode.value,
        letters=letters,
        draft=draft,
        spec=_spec(size, show_household_names),
        actor=default_actor(),
    )
    _print_result(result, draft)


@plates_app.command("reprint")
def plates_reprint(
    out_dir: OutOpt,
    codes: Annotated[
        list[str] | None, typer.Argument(help="Codes of the plates to print again.")
    ] = None,
    stale: Annotated[
        bool, typer.Option("--stale", help="Every plate whose printed address is out of date.")
    ] = False,
    village: Annotated[
        list[str] | None, typer.Option("--village", help="With --stale: only this village.")
    ] = None,
    mode: ModeOpt = Mode.shop,
    letters: LettersOpt = False,
    draft: DraftOpt = False,
    size: SizeOpt = "A6",
    show_household_names: HouseholdNamesOpt = False,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Re-print lost or damaged plates with the same codes (statuses further along stay), or
    with --stale the plates whose address changed (a merge, a rename)."""
    settings = load_settings(database_url=db)
    registry = _registry(db)
    if stale == bool(codes) or (village and not stale):
        raise InvalidInput("give the codes to re-print, or --stale [--village NAME]")
    if stale:
        from api.services.stale import reprint_stale

        result = reprint_stale(
            registry,
            _commune(registry, commune),
            village_names=village or [],
            public_url=settings.public_url,
            out_dir=out_dir,
            mode=mode.value,
            letters=letters,
            draft=draft,
            spec=_spec(size, show_household_names),
            actor=default_actor(),
        )
        _print_result(result, draft)
        return
    result = reprint_plates(
        registry,
        _commune(registry, commune),
        codes or [],
        public_url=settings.public_url,
        out_dir=out_dir,
        mode=mode.value,
        letters=letters,
        draft=draft,
        spec=_spec(size, show_household_names),
        actor=default_actor(),
    )
    _print_result(result, draft)


@plates_app.command("guide")
def plates_guide(
    out_file: Annotated[Path, typer.Option("--out", help="PDF to write (never overwritten).")],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Print the volunteers' one-page guide (Vietnamese): sign in, fix, confirm, report."""
    if out_file.exists():
        raise RegistryError(f"{out_file} already exists; choose another --out")
    registry = _registry(db)
    the_commune = _commune(registry, commune)
    with out_file.open("xb") as handle:
        write_guide_pdf(handle, commune=the_commune.name, contact=default_contact(the_commune.name))
    err.print(f"wrote {out_file}", markup=False)


# --- entry point ---------------------------------------------------------------------------

EXPECTED_ERRORS = (RegistryError, AddrgenError, SettingsError, PlatesError)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; known errors become one line on stderr and exit code 1.

    ``--debug`` may stand anywhere on the line (officers add it at the end when asked to)."""
    args = list(sys.argv[1:] if argv is None else argv)
    _state["debug"] = "--debug" in args
    args = [a for a in args if a != "--debug"]
    try:
        # Standalone mode lets click (typer bundles its own copy) print usage errors its way,
        # exiting 2; our own errors pass through to the handler below.
        app(args=args, standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except EXPECTED_ERRORS as exc:
        if _state["debug"]:
            raise
        err.print(f"error: {exc}", markup=False)
        return 1
    return 0


def entry() -> None:
    sys.exit(main())
