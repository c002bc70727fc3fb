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

from addrgen.catalog import N_
from addrgen.formatting import format_date
from api.cli.context import CliContext, context_of
from api.cli.errors import new_group
from api.cli.options import CommuneOpt, DbOpt, EffectiveOpt, effective_date
from api.services.glyphs import plate_glyphs
from gis.registry.communes import Commune
from gis.registry.merge import merge_registry
from gis.registry.reorg import (
    Reorganisation,
    list_reorganisations,
    merge_communes,
    merge_villages,
    rename_commune,
    rename_village,
    set_district,
    undo_reorganisation,
)
from gis.registry.reorg.merge_clashes import merger_settled, parse_village_rename
from gis.storage.db import Registry
from gis.views.stale import stale_plates

__all__ = ["register"]


class StaleFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def register(
    app: typer.Typer, *, communes: typer.Typer, villages: typer.Typer, plates: typer.Typer
) -> None:
    communes.command("merge", help=N_("cli.communes.merge.help"))(communes_merge)
    communes.command("rename", help=N_("cli.communes.rename.help"))(communes_rename)
    communes.command("set-district", help=N_("cli.communes.set_district.help"))(
        communes_set_district
    )
    communes.command("history", help=N_("cli.communes.history.help"))(communes_history)
    communes.command("undo-reorg", help=N_("cli.communes.undo_reorg.help"))(communes_undo)
    villages.command("rename", help=N_("cli.villages.rename.help"))(villages_rename)
    villages.command("merge", help=N_("cli.villages.merge.help"))(villages_merge)
    plates.command("stale", help=N_("cli.plates.stale.help"))(plates_stale)
    registry = new_group(N_("cli.registry.help"))
    registry.command("merge", help=N_("cli.registry.merge.help"))(registry_merge)
    app.add_typer(registry, name="registry")


def communes_merge(
    ctx: typer.Context,
    into: Annotated[str, typer.Option("--into", help=N_("cli.communes.merge.opt.into"))],
    code: Annotated[str, typer.Option("--code", help=N_("cli.communes.merge.opt.code"))],
    area_number: Annotated[
        int, typer.Option("--area-number", help=N_("cli.communes.merge.opt.area_number"))
    ],
    sources: Annotated[list[str], typer.Option("--from", help=N_("cli.communes.merge.opt.from"))],
    effective: EffectiveOpt,
    district: Annotated[
        str | None, typer.Option("--district", help=N_("cli.communes.merge.opt.district"))
    ] = None,
    province: Annotated[
        str | None, typer.Option("--province", help=N_("cli.communes.merge.opt.province"))
    ] = None,
    rename_village: Annotated[
        list[str] | None,
        typer.Option(
            "--rename-village",
            metavar=N_("cli.metavar.village_rename"),
            help=N_("cli.communes.merge.opt.rename_village"),
        ),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Merge communes into a new one from a date: codes stay, villages and points follow;
    villages of one name renamed in the same step, shared references namespaced."""
    run = context_of(ctx)
    registry = run.registry(db)
    renames = [parse_village_rename(text) for text in rename_village or []]
    new = merge_communes(
        registry,
        into=into,
        commune_code=code,
        area_number=area_number,
        sources=sources,
        effective=effective_date(effective),
        district=district,
        province=province,
        village_renames=renames,
        glyphs=plate_glyphs() if renames else None,
        actor=run.actor,
    )
    run.tell(
        "cli.communes.merge.done",
        sources=", ".join(sources),
        commune=new.name,
        commune_code=new.commune_code,
        area_number=f"{new.area_number:05d}",
        effective=_day(run, effective),
    )
    _tell_settled(run, registry, new, effective)


def _tell_settled(run: CliContext, registry: Registry, new: Commune, effective: str) -> None:
    """What the merger settled besides: the villages renamed, the references namespaced."""
    with registry.read() as conn:
        renamed, namespaced = merger_settled(conn, into_id=new.id)
    day = _day(run, effective)
    for r in renamed:
        run.tell("cli.communes.merge.renamed", old=r["from"], new=r["to"], effective=day)
    if namespaced:
        run.tell("cli.communes.merge.namespaced", count=namespaced)


def communes_rename(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar=N_("cli.metavar.name"), help=N_("cli.communes.rename.arg.name"))
    ],
    to: Annotated[str, typer.Option("--to", help=N_("cli.option.to"))],
    effective: EffectiveOpt,
    db: DbOpt = None,
) -> None:
    """Rename a commune from a date (earlier addresses keep the old name)."""
    run = context_of(ctx)
    new = rename_commune(
        run.registry(db), name=name, to=to, effective=effective_date(effective), actor=run.actor
    )
    run.tell("cli.reorg.renamed", old=name, new=new.name, effective=_day(run, effective))


def communes_set_district(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar=N_("cli.metavar.name"), help=N_("cli.communes.set_district.arg.name")
        ),
    ],
    district: Annotated[
        str, typer.Option("--district", help=N_("cli.communes.set_district.opt.district"))
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
    key = N_("cli.communes.set_district.done")
    if not new.district:
        key = N_("cli.communes.set_district.none")
    run.tell(key, commune=new.name, district=new.district, effective=_day(run, effective))


def communes_history(ctx: typer.Context, db: DbOpt = None) -> None:
    """The reorganisations entered, with their ids (for undo-reorg)."""
    run = context_of(ctx)
    registry = run.registry(db)
    with registry.read() as conn:
        reorgs = list_reorganisations(conn)
    table = Table(*(run.t(key) for key in HISTORY_HEADERS))
    for r in reorgs:
        undone = format_date(r.undone_at, run.lang) if r.undone_at else ""
        kind = run.t(REORG_KINDS[r.kind]) if r.kind in REORG_KINDS else r.kind
        table.add_row(
            str(r.id), format_date(r.effective, run.lang), kind, _summary(run, r), r.actor, undone
        )
    run.out.print(table)


def _summary(run: CliContext, r: Reorganisation) -> str:
    """A reorganisation's summary in the run's language: the stored one holds names only."""
    if r.district_removed:
        return f"{r.summary} ({run.t('cli.reorg.no_district')})"
    return r.summary


def communes_undo(
    ctx: typer.Context,
    reorg_id: Annotated[
        int, typer.Argument(metavar=N_("cli.metavar.id"), help=N_("cli.communes.undo_reorg.arg.id"))
    ],
    db: DbOpt = None,
) -> None:
    """Undo a wrongly entered reorganisation (only until plates are printed under it)."""
    run = context_of(ctx)
    undone = undo_reorganisation(run.registry(db), reorg_id, actor=run.actor)
    run.tell(
        "cli.communes.undo_reorg.done",
        summary=_summary(run, undone),
        effective=format_date(undone.effective, run.lang),
    )


def villages_rename(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar=N_("cli.metavar.name"), help=N_("cli.villages.rename.arg.name"))
    ],
    to: Annotated[str, typer.Option("--to", help=N_("cli.option.to"))],
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
        glyphs=plate_glyphs(),
    )
    run.tell("cli.reorg.renamed", old=name, new=to, effective=_day(run, effective))


def villages_merge(
    ctx: typer.Context,
    sources: Annotated[
        list[str],
        typer.Argument(
            metavar=N_("cli.metavar.villages"), help=N_("cli.villages.merge.arg.sources")
        ),
    ],
    into: Annotated[str, typer.Option("--into", help=N_("cli.villages.merge.opt.into"))],
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
    run.tell("cli.reorg.renamed", old=", ".join(sources), new=into, effective=_day(run, effective))


def plates_stale(
    ctx: typer.Context,
    fmt: Annotated[
        StaleFormat, typer.Option("--format", help=N_("cli.plates.stale.opt.format"))
    ] = StaleFormat.table,
    village: Annotated[
        list[str] | None, typer.Option("--village", help=N_("cli.plates.batch.opt.village"))
    ] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Printed or installed plates whose printed address is no longer the current one."""
    run = context_of(ctx)
    registry, the_commune = run.open_commune(db, commune)
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
        table = Table(*(run.t(key) for key in STALE_HEADERS))
        for p in plates:
            table.add_row(p.village, p.code, run.word(p.status), p.printed_text, p.current_text)
        run.out.print(table)
    villages = len({p.village for p in plates})
    run.tell("cli.plates.stale.count", plates=run.num(len(plates)), villages=run.num(villages))


def _day(run: CliContext, effective: str) -> str:
    """The date given to ``--effective`` as people write it in the run's language."""
    return format_date(effective_date(effective), run.lang)


#: The history's headers, the stale plates' headers, and the reorganisations' kinds, by id.
HISTORY_HEADERS = (
    N_("cli.communes.history.header.id"),
    N_("cli.communes.history.header.effective"),
    N_("cli.communes.history.header.kind"),
    N_("cli.communes.history.header.what"),
    N_("cli.communes.history.header.actor"),
    N_("cli.communes.history.header.undone"),
)
STALE_HEADERS = (
    N_("cli.plates.stale.header.village"),
    N_("cli.plates.stale.header.code"),
    N_("cli.plates.stale.header.status"),
    N_("cli.plates.stale.header.printed"),
    N_("cli.plates.stale.header.now"),
)
REORG_KINDS = {
    "commune.merge": N_("cli.reorg.kind.commune_merge"),
    "commune.rename": N_("cli.reorg.kind.commune_rename"),
    "commune.district": N_("cli.reorg.kind.commune_district"),
    "village.rename": N_("cli.reorg.kind.village_rename"),
    "village.merge": N_("cli.reorg.kind.village_merge"),
}


def registry_merge(
    ctx: typer.Context,
    other: Annotated[
        str,
        typer.Argument(metavar=N_("cli.metavar.other"), help=N_("cli.registry.merge.arg.other")),
    ],
    db: DbOpt = None,
) -> None:
    """Bring another commune's whole registry into this one (one transaction; refused, with
    nothing written, when area numbers, commune codes or codes would collide)."""
    run = context_of(ctx)
    result = merge_registry(run.registry(db), other, actor=run.actor)
    total = sum(result.rows.values())
    run.tell(
        "cli.registry.merge.done",
        communes=", ".join(result.communes),
        points=run.num(result.rows.get("points", 0)),
        rows=run.num(total),
    )
    for line in result.relabelled:
        run.tell("cli.registry.merge.relabelled", change=line)
