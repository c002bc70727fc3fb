"""The reorganisation commands of `diachiso`: commune merges and renames, a district level
abolished, villages renamed with a date, undoing a wrong entry, the plates they made stale, and
merging another commune's registry into this one. Registered on the main app by
:func:`register_reorg_commands`; the shared helpers of ``api.cli`` are imported when a command
runs (as in ``api.cli_field``), so the two modules do not import each other in a circle."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from api.cli_options import CommuneOpt, DbOpt
from api.services.stale import stale_plates
from gis.errors import InvalidInput
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
from gis.storage.events import default_actor

__all__ = ["register_reorg_commands"]

registry_app = typer.Typer(help="The registry as a whole: merging another one in.")

EffectiveOpt = Annotated[
    str, typer.Option("--effective", help="The date it takes effect, YYYY-MM-DD.")
]


class StaleFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def register_reorg_commands(
    app: typer.Typer, communes_app: typer.Typer, villages_app: typer.Typer, plates_app: typer.Typer
) -> None:
    communes_app.command("merge")(communes_merge)
    communes_app.command("rename")(communes_rename)
    communes_app.command("set-district")(communes_set_district)
    communes_app.command("history")(communes_history)
    communes_app.command("undo-reorg")(communes_undo)
    villages_app.command("rename")(villages_rename)
    villages_app.command("merge")(villages_merge)
    plates_app.command("stale")(plates_stale)
    app.add_typer(registry_app, name="registry")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(f"--effective {text!r}: expected a date YYYY-MM-DD") from exc


def communes_merge(
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
    from api import cli

    registry = cli._registry(db)
    new = merge_communes(
        registry,
        into=into,
        commune_code=code,
        area_number=area_number,
        sources=sources,
        effective=_date(effective),
        district=district,
        province=province,
        actor=default_actor(),
    )
    cli.err.print(
        f"{', '.join(sources)} → {new.name} (code {new.commune_code}, area number "
        f"{new.area_number:05d}) from {effective}; every code stays valid "
        "(`diachiso plates stale` lists the plates to re-print)",
        markup=False,
    )


def communes_rename(
    name: Annotated[str, typer.Argument(help="The commune's current name.")],
    to: Annotated[str, typer.Option("--to", help="The new name.")],
    effective: EffectiveOpt,
    db: DbOpt = None,
) -> None:
    """Rename a commune from a date (earlier addresses keep the old name)."""
    from api import cli

    new = rename_commune(
        cli._registry(db), name=name, to=to, effective=_date(effective), actor=default_actor()
    )
    cli.err.print(f"{name} → {new.name} from {effective}", markup=False)


def communes_set_district(
    name: Annotated[str, typer.Argument(help="The commune's name.")],
    district: Annotated[
        str, typer.Option("--district", help="The new district; '' when the level is abolished.")
    ],
    effective: EffectiveOpt,
    db: DbOpt = None,
) -> None:
    """Re-parent a commune from a date (e.g. --district '' when districts were abolished)."""
    from api import cli

    new = set_district(
        cli._registry(db),
        name=name,
        district=district,
        effective=_date(effective),
        actor=default_actor(),
    )
    cli.err.print(f"{new.name}: district {new.district or 'none'} from {effective}", markup=False)


def communes_history(db: DbOpt = None) -> None:
    """The reorganisations entered, with their ids (for undo-reorg)."""
    from api import cli

    registry = cli._registry(db)
    with registry.read() as conn:
        reorgs = list_reorganisations(conn)
    table = Table("id", "effective", "kind", "what", "entered by", "undone")
    for r in reorgs:
        undone = r.undone_at.strftime("%Y-%m-%d") if r.undone_at else ""
        table.add_row(str(r.id), r.effective.isoformat(), r.kind, r.summary, r.actor, undone)
    cli.out.print(table)


def communes_undo(
    reorg_id: Annotated[int, typer.Argument(help="The reorganisation's id (see history).")],
    db: DbOpt = None,
) -> None:
    """Undo a wrongly entered reorganisation (only until plates are printed under it)."""
    from api import cli

    undone = undo_reorganisation(cli._registry(db), reorg_id, actor=default_actor())
    cli.err.print(f"undone: {undone.summary} (effective {undone.effective})", markup=False)


def villages_rename(
    name: Annotated[str, typer.Argument(help="The village's current name.")],
    to: Annotated[str, typer.Option("--to", help="The new name.")],
    effective: EffectiveOpt,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Rename a village from a date (earlier addresses keep the old name)."""
    from api import cli

    registry = cli._registry(db)
    rename_village(
        registry,
        cli._commune(registry, commune),
        name=name,
        to=to,
        effective=_date(effective),
        actor=default_actor(),
    )
    cli.err.print(f"{name} → {to} from {effective}", markup=False)


def villages_merge(
    sources: Annotated[list[str], typer.Argument(help="The villages merged into another.")],
    into: Annotated[str, typer.Option("--into", help="The village they join (it keeps its name).")],
    effective: EffectiveOpt,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Merge villages into another from a date: points keep their codes, outlines join."""
    from api import cli

    registry = cli._registry(db)
    merge_villages(
        registry,
        cli._commune(registry, commune),
        sources=sources,
        into=into,
        effective=_date(effective),
        actor=default_actor(),
    )
    cli.err.print(f"{', '.join(sources)} → {into} from {effective}", markup=False)


def plates_stale(
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
    from api import cli

    registry = cli._registry(db)
    the_commune = cli._commune(registry, commune)
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
        cli.out.print(table)
    villages = len({p.village for p in plates})
    cli.err.print(f"{len(plates)} stale plate(s) in {villages} village(s)", markup=False)


@registry_app.command("merge")
def registry_merge(
    other: Annotated[str, typer.Argument(help="The other registry's database URL.")],
    db: DbOpt = None,
) -> None:
    """Bring another commune's whole registry into this one (one transaction; refused, with
    nothing written, when area numbers, commune codes or codes would collide)."""
    from api import cli

    result = merge_registry(cli._registry(db), other, actor=default_actor())
    total = sum(result.rows.values())
    cli.err.print(
        f"merged {', '.join(result.communes)}: {result.rows.get('points', 0)} points, "
        f"{total} rows in all",
        markup=False,
    )
    for line in result.relabelled:
        cli.err.print(f"  batch label {line} (the label was taken here)", markup=False)
