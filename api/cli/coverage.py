"""`diachiso coverage` and `diachiso export`: what the registry holds, for people and for GIS."""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from addrgen.catalog import N_
from addrgen.formatting import format_decimal, spreadsheet_number
from addrgen.vocab import KINDS, Kind, label
from api.cli.context import CliContext, context_of
from api.cli.files import write_people_csv
from api.cli.options import CommuneOpt, DbOpt
from gis.views.coverage import coverage as coverage_doc
from gis.views.exporting import export_communes, export_crs, export_points

__all__ = ["register"]


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ExportFormatOpt(StrEnum):
    geojson = "geojson"
    gpkg = "gpkg"
    csv = "csv"
    xlsx = "xlsx"


_FIGURES = ("total", "coded", "printed", "installed", "needs_review", "remaining")

#: The table's columns for people: the figure and its header's id.
COLUMNS = (
    ("total", N_("cli.coverage.header.total")),
    ("coded", N_("cli.coverage.header.coded")),
    ("printed", N_("cli.coverage.header.printed")),
    ("installed", N_("cli.coverage.header.installed")),
    ("notified", N_("cli.coverage.header.notified")),
    ("needs_review", N_("cli.coverage.header.review")),
    ("remaining", N_("cli.coverage.header.left")),
)


def register(app: typer.Typer) -> None:
    app.command(help=N_("cli.coverage.help"))(coverage)
    app.command(help=N_("cli.export.help"))(export)


def coverage(
    ctx: typer.Context,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help=N_("cli.coverage.opt.format"))
    ] = OutputFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help=N_("cli.coverage.opt.out"))] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Plating coverage per village and for the commune."""
    run = context_of(ctx)
    registry, the_commune = run.open_commune(db, commune)
    with registry.read() as conn:
        doc = coverage_doc(conn, the_commune)
    if out is not None:
        header, rows = _people_rows(run, doc)
        write_people_csv(out, header, rows, lang=run.lang)
        run.tell("cli.coverage.wrote", file=str(out), villages=run.num(len(rows) - 1))
    elif fmt is OutputFormat.json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    elif fmt is OutputFormat.csv:
        sys.stdout.write(_coverage_csv(doc))
    else:
        run.out.print(_coverage_table(run, doc))


def _coverage_csv(doc: dict[str, Any]) -> str:
    """The machine CSV (reference.md's columns and values, whatever the language)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    # notified and percent_notified come last: the earlier columns keep their places.
    writer.writerow(
        [
            "village",
            *_FIGURES,
            *KINDS,
            "percent_installed",
            "expected",
            "notified",
            "percent_notified",
        ]
    )
    for v in doc["villages"]:
        kinds = [v["by_kind"][k] for k in KINDS]
        writer.writerow(
            [
                v["village"],
                *(v[f] for f in _FIGURES),
                *kinds,
                v["percent_installed"],
                "" if v["expected"] is None else v["expected"],
                v["notified"],
                v["percent_notified"],
            ]
        )
    c = doc["commune"]
    writer.writerow(
        [
            c["name"],
            *(c[f] for f in _FIGURES),
            *("" for _ in KINDS),
            c["percent_installed"],
            "" if c["expected"] is None else c["expected"],
            c["notified"],
            c["percent_notified"],
        ]
    )
    return buf.getvalue()


def _rows(run: CliContext, doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The villages, then the commune's total under the language's word for it."""
    return [*doc["villages"], {**doc["commune"], "village": run.t("cli.coverage.total_row")}]


def _people_rows(run: CliContext, doc: dict[str, Any]) -> tuple[list[str], list[list[object]]]:
    """The coverage table for a person's spreadsheet: headers in the run's language, the kinds
    beside the figures, counts as plain numbers (no grouping, which Excel could read as a
    decimal point) and the percentage with the language's decimal mark."""
    header = [
        run.t("cli.coverage.header.village"),
        *(run.t(key) for _, key in COLUMNS),
        *(label(Kind(k), run.lang) for k in KINDS),
        run.t("cli.coverage.header.percent"),
        run.t("cli.coverage.header.percent_notified"),
        run.t("cli.coverage.header.expected"),
    ]
    rows: list[list[object]] = [
        [
            v["village"],
            *(v[f] for f, _ in COLUMNS),
            *(v.get("by_kind", {}).get(k, "") for k in KINDS),
            spreadsheet_number(v["percent_installed"], run.lang, digits=1),
            spreadsheet_number(v["percent_notified"], run.lang, digits=1),
            "" if v["expected"] is None else v["expected"],
        ]
        for v in _rows(run, doc)
    ]
    return header, rows


def _coverage_table(run: CliContext, doc: dict[str, Any]) -> Table:
    table = Table(title=run.t("cli.coverage.title", commune=doc["commune"]["name"]))
    table.add_column(run.t("cli.coverage.header.village"), justify="left", no_wrap=True)
    # The figures' headers may wrap (Vietnamese ones are longer), so the village names and the
    # figures themselves keep their width on an 80-column console.
    for _, key in COLUMNS:
        table.add_column(run.t(key), justify="right", min_width=3)
    table.add_column("%", justify="right", no_wrap=True, min_width=4)
    table.add_column(run.t("cli.coverage.header.expected_short"), justify="right", min_width=3)
    rows = _rows(run, doc)
    for i, v in enumerate(rows):
        table.add_row(
            v["village"],
            *(run.num(v[f]) for f, _ in COLUMNS),
            format_decimal(v["percent_installed"], run.lang, digits=1),
            run.num(v["expected"]),
            end_section=i == len(rows) - 2,
        )
    return table


def export(
    ctx: typer.Context,
    fmt: Annotated[ExportFormatOpt, typer.Option("--format", help=N_("cli.export.opt.format"))],
    out_file: Annotated[Path, typer.Option("--out", help=N_("cli.export.opt.out"))],
    db: DbOpt = None,
    commune: Annotated[
        str | None, typer.Option("--commune", help=N_("cli.export.opt.commune"))
    ] = None,
    crs: Annotated[str | None, typer.Option("--crs", help=N_("cli.export.opt.crs"))] = None,
) -> None:
    """Export every point of the registry, or of one commune, with its code, address and status."""
    run = context_of(ctx)
    registry = run.registry(db)
    epsg = export_crs(crs)
    with registry.read() as conn:
        chosen = export_communes(conn, name=commune)
        n = export_points(conn, chosen, fmt.value, out_file, lang=run.lang, crs=epsg)
    run.tell("cli.export.wrote", count=run.num(n), file=str(out_file))
