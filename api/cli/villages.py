"""`diachiso villages import|set|list`: boundaries, registry order, expected counts.

(Dated renames and merges of villages are in :mod:`api.cli.reorg`.)"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from addrgen.catalog import N_
from api.cli.context import context_of
from api.cli.options import CommuneOpt, DbOpt, effective_date
from api.services.glyphs import plate_glyphs
from gis.errors import ImportRejected, InvalidInput
from gis.registry.reorg import rename_village
from gis.registry.villages import import_villages, list_villages, set_village

__all__ = ["register"]


def register(villages: typer.Typer) -> None:
    villages.command("import", help=N_("cli.villages.import.help"))(villages_import)
    villages.command("set", help=N_("cli.villages.set.help"))(villages_set)
    villages.command("list", help=N_("cli.villages.list.help"))(villages_list)


def villages_import(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar=N_("cli.metavar.file"), help=N_("cli.villages.import.arg.file")),
    ],
    name_field: Annotated[
        str | None, typer.Option(help=N_("cli.villages.import.opt.name_field"))
    ] = None,
    expected_field: Annotated[
        str | None, typer.Option(help=N_("cli.villages.import.opt.expected_field"))
    ] = None,
    crs: Annotated[str | None, typer.Option(help=N_("cli.villages.import.opt.crs"))] = None,
    layer: Annotated[str | None, typer.Option(help=N_("cli.villages.import.opt.layer"))] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help=N_("cli.villages.import.opt.replace"))
    ] = False,
    effective: Annotated[
        str | None, typer.Option(help=N_("cli.villages.import.opt.effective"))
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("cli.villages.import.opt.dry_run"))
    ] = False,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Import village boundaries; each new village takes the next registry ordinal."""
    if effective is not None and not replace:
        raise InvalidInput("villages.effective_without_replace", field="effective", value=effective)
    run = context_of(ctx)
    registry, the_commune = run.open_commune(db, commune)
    try:
        result = import_villages(
            registry,
            the_commune,
            file,
            name_field=name_field,
            expected_field=expected_field,
            crs=crs,
            layer=layer,
            replace=replace,
            effective=None if effective is None else effective_date(effective),
            dry_run=dry_run,
            glyphs=plate_glyphs(),
            actor=run.actor,
        )
    except ImportRejected as exc:
        run.report(exc.problems)
        raise
    run.report(result.problems)
    for move in result.moved:
        who = move.code or (run.t("cli.villages.import.ref", ref=move.ref) if move.ref else None)
        run.tell(
            "cli.villages.import.moved",
            point=who or f"#{move.point_id}",
            before=move.before,
            after=move.after,
        )
    figures = {
        "file": file.name,
        "added": run.num(len(result.added)),
        "unchanged": run.num(len(result.unchanged)),
        "warnings": run.num(len(result.warnings)),
    }
    if replace:
        replaced, moved = run.num(len(result.replaced)), run.num(len(result.moved))
        done = run.t("cli.villages.import.done_replace", **figures, replaced=replaced, moved=moved)
    else:
        done = run.t("cli.villages.import.done", **figures)
    run.say(done + run.t("cli.villages.import.dry_run") if dry_run else done)


def villages_set(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar=N_("cli.metavar.name"), help=N_("cli.villages.set.arg.name"))
    ],
    expected: Annotated[int | None, typer.Option(help=N_("cli.villages.set.opt.expected"))] = None,
    rename: Annotated[str | None, typer.Option(help=N_("cli.villages.set.opt.rename"))] = None,
    effective: Annotated[
        str | None, typer.Option(help=N_("cli.villages.set.opt.effective"))
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
            glyphs=plate_glyphs(),
        )
        name, rename = rename, None
    village = set_village(
        registry,
        run.commune(registry, commune),
        name,
        expected=expected,
        rename=rename,
        glyphs=plate_glyphs(),
        actor=run.actor,
    )
    run.tell("cli.villages.set.done", village=village.name, expected=run.num(village.expected))


def villages_list(ctx: typer.Context, db: DbOpt = None, commune: CommuneOpt = None) -> None:
    """List the villages in registry order."""
    run = context_of(ctx)
    registry, the_commune = run.open_commune(db, commune)
    with registry.read() as conn:
        vs = list_villages(conn, the_commune)
    table = Table(
        run.t("cli.villages.header.ordinal"),
        run.t("cli.villages.header.village"),
        run.t("cli.villages.header.expected"),
    )
    for v in vs:
        table.add_row(str(v.ordinal), v.name, run.num(v.expected))
    run.out.print(table)
