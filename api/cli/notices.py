"""`diachiso points notify|allow-confirm`: the notice's first half recorded by the officer (the
letters of a batch or a village handed over at a meeting), and the leave to confirm a plate
made outside the system (gis/field/notices.py); `review register`: a new household reported
at the door registered where the volunteer stood (gis/field/candidates.py)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from addrgen.catalog import N_
from addrgen.formatting import format_decimal
from api.cli.context import CliContext, context_of
from api.cli.options import CommuneOpt, DbOpt
from gis.errors import InvalidInput
from gis.field.candidates import Candidate, new_households, register_candidate
from gis.field.notices import allow_confirm, notify_points
from gis.registry.communes import Commune
from gis.storage.db import Registry

__all__ = ["candidate_row", "register", "register_review", "say_candidates"]


def register(points: typer.Typer) -> None:
    points.command("notify", help=N_("cli.points.notify.help"))(points_notify)
    points.command("allow-confirm", help=N_("cli.points.allow_confirm.help"))(points_allow_confirm)


def points_notify(
    ctx: typer.Context,
    codes: Annotated[
        list[str] | None,
        typer.Argument(metavar=N_("cli.metavar.code"), help=N_("cli.points.notify.arg.codes")),
    ] = None,
    batch: Annotated[str | None, typer.Option(help=N_("cli.points.notify.opt.batch"))] = None,
    village: Annotated[str | None, typer.Option(help=N_("cli.points.notify.opt.village"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("cli.option.json"))] = False,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Record the households of a final batch, a village or some codes as notified."""
    run = context_of(ctx)
    registry, the_commune = run.open_commune(db, commune)
    if sum(1 for x in (batch, village, codes) if x) != 1:
        raise InvalidInput("notify.one_selection", field="batch")
    result = notify_points(
        registry,
        the_commune,
        actor=run.actor,
        batch=batch,
        village=village,
        codes=codes or (),
    )
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    run.tell(
        "cli.points.notify.done",
        notified=run.num(len(result.notified)),
        already=run.num(len(result.already)),
    )


def points_allow_confirm(
    ctx: typer.Context,
    code: Annotated[
        str, typer.Argument(metavar=N_("cli.metavar.code"), help=N_("cli.points.show.arg.code"))
    ],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Allow confirming this point's plate although it never was in a final batch."""
    run = context_of(ctx)
    registry, the_commune = run.open_commune(db, commune)
    point = allow_confirm(registry, the_commune, code, actor=run.actor)
    run.tell("cli.points.allow_confirm.done", code=point.code_display or code)


def register_review(review: typer.Typer) -> None:
    review.command("register", help=N_("cli.review.register.help"))(review_register)


def candidate_row(c: Candidate) -> dict[str, Any]:
    """A new household reported at the door as a row of `review list --json`: the flagged
    points' keys (no code, status or distance yet: it is not a point) and the report."""
    return {
        "code": None,
        "code_display": None,
        "village": c.village,
        "kind": "household",
        "status": None,
        "distance_m": None,
        "accuracy_m": c.accuracy_m,
        "item": "new_household",
        "candidate": {
            "report_id": c.report_id,
            "near_code": c.near_code,
            "lat": c.lat,
            "lon": c.lon,
            "note": c.note,
            "reported_by": c.actor,
        },
    }


def say_candidates(run: CliContext, registry: Registry, commune: Commune) -> None:
    """Under the review queue: the new households reported, each a point to register."""
    with registry.read() as conn:
        found = new_households(conn, commune)
    for c in found:
        run.tell(
            "cli.review.candidate",
            id=c.report_id,
            village=c.village,
            lat=format_decimal(c.lat, run.lang, digits=6),
            lon=format_decimal(c.lon, run.lang, digits=6),
            note=c.note or "—",
            code=c.near_code or "—",
        )


def review_register(
    ctx: typer.Context,
    report_id: Annotated[int, typer.Argument(help=N_("cli.review.register.arg.report"))],
    name: Annotated[str | None, typer.Option(help=N_("cli.review.register.opt.name"))] = None,
    house_number: Annotated[
        str | None, typer.Option(help=N_("cli.review.register.opt.house_number"))
    ] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Register a reported new household as a point where the volunteer stood."""
    run = context_of(ctx)
    registry, the_commune = run.open_commune(db, commune)
    point = register_candidate(
        registry,
        the_commune,
        report_id,
        actor=run.actor,
        name=name,
        house_number=house_number,
    )
    run.tell("cli.review.register.done", point=f"#{point.id}", village=point.village)
