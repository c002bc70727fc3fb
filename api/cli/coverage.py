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

from addrgen.vocab import KINDS
from api.cli.context import context_of
from api.cli.files import write_people_csv
from api.cli.options import CommuneOpt, DbOpt
from gis.views.coverage import coverage as coverage_doc
from gis.views.exporting import export_points

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


def register(app: typer.Typer) -> None:
    app.command()(coverage)
    app.command()(export)


def coverage(
    ctx: typer.Context,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table, csv or json.")] = (
        OutputFormat.table
    ),
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write the table to this CSV file for Excel (UTF-8 with a byte-order mark; "
            "never overwritten) instead of printing it.",
        ),
    ] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Plating coverage per village and for the commune."""
    run = context_of(ctx)
    registry = run.registry(db)
    the_commune = run.commune(registry, commune)
    with registry.read() as conn:
        doc = coverage_doc(conn, the_commune)
    if out is not None:
        header, rows = _people_rows(doc)
        write_people_csv(out, header, rows)
        run.say(f"wrote {out} ({len(rows) - 1} villages)")
    elif fmt is OutputFormat.json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    elif fmt is OutputFormat.csv:
        sys.stdout.write(_coverage_csv(doc))
    else:
        run.out.print(_coverage_table(doc))


def _coverage_csv(doc: dict[str, Any]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["village", *_FIGURES, *KINDS, "percent_installed", "expected"])
    for v in doc["villages"]:
        kinds = [v["by_kind"][k] for k in KINDS]
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
            *("" for _ in KINDS),
            c["percent_installed"],
            "" if c["expected"] is None else c["expected"],
        ]
    )
    return buf.getvalue()


#: The people's columns: the table's, with the kinds beside the totals (names as the table says).
_PEOPLE_HEADER = (
    "village",
    "total",
    "coded",
    "printed",
    "installed",
    "review",
    "left",
    *KINDS,
    "% installed",
    "expected",
)


def _people_rows(doc: dict[str, Any]) -> tuple[list[str], list[list[object]]]:
    """The coverage table for a person's spreadsheet: the villages, then the commune's total."""
    rows: list[list[object]] = []
    for v in [*doc["villages"], {**doc["commune"], "village": "Total", "by_kind": {}}]:
        rows.append(
            [
                v["village"],
                *(v[f] for f in _FIGURES),
                *(v["by_kind"].get(k, "") for k in KINDS),
                f"{v['percent_installed']:.1f}",
                "" if v["expected"] is None else v["expected"],
            ]
        )
    return list(_PEOPLE_HEADER), rows


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


def export(
    ctx: typer.Context,
    fmt: Annotated[ExportFormatOpt, typer.Option("--format", help="geojson, gpkg, csv or xlsx.")],
    out_file: Annotated[Path, typer.Option("--out", help="File to write (never overwritten).")],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Export every point with its code, plus code, kind, name, village and status."""
    run = context_of(ctx)
    registry = run.registry(db)
    the_commune = run.commune(registry, commune)
    with registry.read() as conn:
        n = export_points(conn, the_commune, fmt.value, out_file)
    run.say(f"wrote {n} points to {out_file}")
