"""The reorganisation commands of `diachiso`: commune merges and renames, a district level
abolished, villages renamed with a date, undoing a wrong entry, the plates they made stale, and
merging another commune's registry into this one. Their commands join
the `communes`, `villages` and `plates` groups (:func:`register`); `registry` is their own."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from api.cli.context import context_of
from api.cli.errors import new_group
from api.cli.options import CommuneOpt, DbOpt, EffectiveOpt, effective_date
from gis.registry.merge import merge_registry
from gis.registry.reorg import (
    list_reorganisations,
    merge_communes,
    merge_villages,
    rename_commune,
    rename_village,
    set_district,
    undo_reorganisation,
)
from gis.views.stale import stale_plates

__all__ = ["register"]


class StaleFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def register(
    app: typer.Typer, *, communes: typer.Typer, villages: typer.Typer, plates: typer.Typer
) -> None:
    communes.command("merge")(communes_merge)
    communes.command("rename")(communes_rename)
    communes.command("set-district")(communes_set_district)
    communes.command("history")(communes_history)
    communes.command("undo-reorg")(communes_undo)
    villages.command("rename")(villages_rename)
    villages.command("merge")(villages_merge)
    plates.command("stale")(plates_stale)
    registry = new_group("The registry as a whole: merging another one in.")
    registry.command("merge")(registry_merge)
    app.add_typer(registry, name="registry")


def communes_merge(
    ctx: typer.Context,
    into: Annotated[str, typer.Option("--into", help="The new commune, e.g. 'xã Cẩm Bình'.")],
    code: Annotated[str, typer.Option("--code", help="Its statistics code, e.g. 18685.")],
    area_number: Annotated[
        int, typer.Option("--area-number", help="Its own 5-digit area number for new codes.")
    ],
    sources: Annotated[
        list[str], typer.Option("--from", help="A commune merged into it (repeatable).")
    ],
    effective: EffectiveOpt,
    district: Annotated[
        str | None, typer.Option("--district", help="Its district (none by default).")
    ] = None,
    province: Annotated[
        str | None, typer.Option("--province", help="Default: the merged communes' province.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Merge communes into a new one from a date: codes stay, villages and points follow."""
    run = context_of(ctx)
    registry = run.registry(db)
    new = merge_communes(
        registry,
        into=into,
        commune_code=code,
        area_number=area_number,
        sources=sources,
        effective=effective_date(effective),
        district=district,
        province=province,
        actor=run.actor,
    )
    run.say(
        f"{', '.join(sources)} → {new.name} (code {new.commune_code}, area number "
        f"{new.area_number:05d}) from {effective}; every code stays valid "
        "(`diachiso plates stale` lists the plates to re-print)"
    )


def communes_rename(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The commune's current name.")],
    to: Annotated[str, typer.Option("--to", help="The new name.")],
    effective: EffectiveOpt,
    db: DbOpt = None,
) -> None:
    """Rename a commune from a date (earlier addresses keep the old name)."""
    run = context_of(ctx)
    new = rename_commune(
        run.registry(db), name=name, to=to, effective=effective_date(effective), actor=run.actor
    )
    run.say(f"{name} → {new.name} from {effective}")


def communes_set_district(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The commune's name.")],
    district: Annotated[
        str, typer.Option("--district", help="The new district; '' when the level is abolished.")
    ],
    effective: EffectiveOpt,
    db: DbOpt = None,
) -> None:
    """Re-parent a commune from a date (e.g. --district '' when districts were abolished)."""
    run = context_of(ctx)
    new = set_district(
        run.registry(db),
        name=name,
        district=district,
        effective=effective_date(effective),
        actor=run.actor,
    )
    run.say(f"{new.name}: district {new.district or 'none'} from {effective}")


def communes_history(ctx: typer.Context, db: DbOpt = None) -> None:
    """The reorganisations entered, with their ids (for undo-reorg)."""
    run = context_of(ctx)
    registry = run.registry(db)
    with registry.read() as conn:
        reorgs = list_reorganisations(conn)
    table = Table("id", "effective", "kind", "what", "entered by", "undone")
    for r in reorgs:
        undone = r.undone_at.strftime("%Y-%m-%d") if r.undone_at else ""
        table.add_row(str(r.id), r.effective.isoformat(), r.kind, r.summary, r.actor, undone)
    run.out.print(table)


def communes_undo(
    ctx: typer.Context,
    reorg_id: Annotated[int, typer.Argument(help="The reorganisation's id (see history).")],
    db: DbOpt = None,
) -> None:
    """Undo a wrongly entered reorganisation (only until plates are printed under it)."""
    run = context_of(ctx)
    undone = undo_reorganisation(run.registry(db), reorg_id, actor=run.actor)
    run.say(f"undone: {undone.summary} (effective {undone.effective})")


def villages_rename(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The village's current name.")],
    to: Annotated[str, typer.Option("--to", help="The new name.")],
    effective: EffectiveOpt,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Rename a village from a date (earlier addresses keep the old name)."""
    run = context_of(ctx)
    registry = run.registry(db)
    rename_village(
        registry,
        run.commune(registry, commune),
        name=name,
        to=to,
        effective=effective_date(effective),
        actor=run.actor,
    )
    run.say(f"{name} → {to} from {effective}")


def villages_merge(
    ctx: typer.Context,
    sources: Annotated[list[str], typer.Argument(help="The villages merged into another.")],
    into: Annotated[str, typer.Option("--into", help="The village they join (it keeps its name).")],
    effective: EffectiveOpt,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Merge villages into another from a date: points keep their codes, outlines join."""
    run = context_of(ctx)
    registry = run.registry(db)
    merge_villages(
        registry,
        run.commune(registry, commune),
        sources=sources,
        into=into,
        effective=effective_date(effective),
        actor=run.actor,
    )
    run.say(f"{', '.join(sources)} → {into} from {effective}")


def plates_stale(
    ctx: typer.Context,
    fmt: Annotated[
        StaleFormat, typer.Option("--format", help="table, csv or json.")
    ] = StaleFormat.table,
    village: Annotated[
        list[str] | None, typer.Option("--village", help="A village (repeatable); default all.")
    ] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Printed or installed plates whose printed address is no longer the current one."""
    run = context_of(ctx)
    registry = run.registry(db)
    the_commune = run.commune(registry, commune)
    with registry.read() as conn:
        plates = stale_plates(conn, the_commune, village_names=village or [])
    if fmt is StaleFormat.json:
        print(json.dumps([p.as_dict() for p in plates], ensure_ascii=False, indent=2))
    elif fmt is StaleFormat.csv:
        buffer = io.StringIO()
        fields = ["village", "code", "status", "batch", "printed_text", "current_text"]
        writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(p.as_dict() for p in plates)
        print(buffer.getvalue(), end="")
    else:
        table = Table("village", "code", "status", "printed", "now")
        for p in plates:
            table.add_row(p.village, p.code, p.status, p.printed_text, p.current_text)
        run.out.print(table)
    villages = len({p.village for p in plates})
    run.say(f"{len(plates)} stale plate(s) in {villages} village(s)")


def registry_merge(
    ctx: typer.Context,
    other: Annotated[str, typer.Argument(help="The other registry's database URL.")],
    db: DbOpt = None,
) -> None:
    """Bring another commune's whole registry into this one (one transaction; refused, with
    nothing written, when area numbers, commune codes or codes would collide)."""
    run = context_of(ctx)
    result = merge_registry(run.registry(db), other, actor=run.actor)
    total = sum(result.rows.values())
    run.say(
        f"merged {', '.join(result.communes)}: {result.rows.get('points', 0)} points, "
        f"{total} rows in all"
    )
    for line in result.relabelled:
        run.say(f"  batch label {line} (the label was taken here)")
