"""`diachiso villages import|set|list`: boundaries, registry order, expected counts.

(Dated renames and merges of villages are in :mod:`api.cli.reorg`.)"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from api.cli.context import context_of
from api.cli.options import CommuneOpt, DbOpt, effective_date
from gis.errors import ImportRejected, InvalidInput
from gis.registry.reorg import rename_village
from gis.registry.villages import import_villages, list_villages, set_village

__all__ = ["register"]


def register(villages: typer.Typer) -> None:
    villages.command("import")(villages_import)
    villages.command("set")(villages_set)
    villages.command("list")(villages_list)


def villages_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="GeoJSON, GeoPackage, Shapefile or KML polygons.")],
    name_field: Annotated[str | None, typer.Option(help="Column with the village name.")] = None,
    expected_field: Annotated[
        str | None, typer.Option(help="Column with the expected number of addresses.")
    ] = None,
    crs: Annotated[str | None, typer.Option(help="CRS of the file if it does not say.")] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Replace the outline of registered villages whose boundary differs (points "
            "that fall in another village move to it; codes never change).",
        ),
    ] = False,
    effective: Annotated[
        str | None,
        typer.Option(help="With --replace: the date the new outlines took effect (YYYY-MM-DD)."),
    ] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Import village boundaries; each new village takes the next registry ordinal."""
    if effective is not None and not replace:
        raise InvalidInput("villages.effective_without_replace", field="effective", value=effective)
    run = context_of(ctx)
    registry = run.registry(db)
    the_commune = run.commune(registry, commune)
    try:
        result = import_villages(
            registry,
            the_commune,
            file,
            name_field=name_field,
            expected_field=expected_field,
            crs=crs,
            replace=replace,
            effective=None if effective is None else effective_date(effective),
            actor=run.actor,
        )
    except ImportRejected as exc:
        run.report(exc.problems)
        raise
    run.report(result.problems)
    for move in result.moved:
        who = move.code or (f"ref {move.ref}" if move.ref else f"#{move.point_id}")
        run.say(f"{who}: {move.before} → {move.after} (code unchanged)")
    replaced = f", {len(result.replaced)} outline(s) replaced" if replace else ""
    moved = f", {len(result.moved)} point(s) moved to another village" if replace else ""
    run.say(
        f"{file.name}: {len(result.added)} village(s) added, {len(result.unchanged)} unchanged"
        f"{replaced}{moved}, {len(result.warnings)} warning(s)"
    )


def villages_set(
    ctx: typer.Context,
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
    run = context_of(ctx)
    registry = run.registry(db)
    if effective is not None:
        if rename is None:
            # No field: the hint names both options, which a "--effective:" prefix would repeat.
            raise InvalidInput("village.effective_without_rename")
        rename_village(
            registry,
            run.commune(registry, commune),
            name=name,
            to=rename,
            effective=effective_date(effective),
            actor=run.actor,
        )
        name, rename = rename, None
    village = set_village(
        registry,
        run.commune(registry, commune),
        name,
        expected=expected,
        rename=rename,
        actor=run.actor,
    )
    run.say(f"{village.name}: expected {village.expected}")


def villages_list(ctx: typer.Context, db: DbOpt = None, commune: CommuneOpt = None) -> None:
    """List the villages in registry order."""
    run = context_of(ctx)
    registry = run.registry(db)
    the_commune = run.commune(registry, commune)
    with registry.read() as conn:
        vs = list_villages(conn, the_commune)
    table = Table("ordinal", "village", "expected")
    for v in vs:
        table.add_row(str(v.ordinal), v.name, "" if v.expected is None else str(v.expected))
    run.out.print(table)
