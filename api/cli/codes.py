"""`diachiso codes issue|check`: the permanent digital address codes."""

from __future__ import annotations

from typing import Annotated

import typer

from addrgen.catalog import N_
from addrgen.codes import parse_code
from addrgen.errors import DiachisoError, InvalidCode
from api.cli.context import CliContext, context_of
from api.cli.options import CommuneOpt, DbOpt
from gis.registry.issuing import issue_codes
from gis.registry.points import find_point
from gis.registry.typos import registered_neighbours

__all__ = ["register"]


def register(codes: typer.Typer) -> None:
    codes.command("issue", help=N_("cli.codes.issue.help"))(codes_issue)
    codes.command("check", help=N_("cli.codes.check.help"))(codes_check)


def codes_issue(
    ctx: typer.Context,
    village: Annotated[str | None, typer.Option(help=N_("cli.codes.issue.opt.village"))] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Give a permanent code to every point without one (one transaction)."""
    run = context_of(ctx)
    registry = run.registry(db)
    result = issue_codes(registry, run.commune(registry, commune), village=village, actor=run.actor)
    if result.issued == 0:
        run.tell("cli.codes.issue.none")
    else:
        run.tell(
            "cli.codes.issue.done",
            count=run.num(result.issued),
            first=result.first,
            last=result.last,
        )


def codes_check(
    ctx: typer.Context,
    code: Annotated[
        str,
        typer.Argument(metavar=N_("cli.metavar.code"), help=N_("cli.codes.check.arg.code")),
    ],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Check a code; prints it in display form, or says what is wrong (exit 1). A mistyped code
    is never corrected: with a registry, the registered codes one typo away are listed."""
    run = context_of(ctx)
    try:
        parsed = parse_code(code)
    except InvalidCode as exc:
        if exc.reason == "check_digit":
            _list_neighbours(run, code, db, commune)
        raise
    if parsed.code is not None:
        print(parsed.code.display)
        return
    registry, the_commune = run.open_commune(db, commune)
    with registry.read() as conn:
        point, _ = find_point(conn, the_commune, parsed.national)
    print(point.code_display)
    run.tell("cli.codes.check.national", given=parsed.national, code=point.code_display)


def _list_neighbours(run: CliContext, code: str, db: str | None, commune: str | None) -> None:
    """The registered codes one typo from ``code``, on stderr, when there is a registry (the
    check itself needs none, so without one this says nothing)."""
    try:
        registry, the_commune = run.open_commune(db, commune)
        with registry.read() as conn:
            found = registered_neighbours(conn, the_commune, code)
    except DiachisoError:
        return
    if not found:
        run.tell("cli.codes.check.no_neighbour", commune=the_commune.name, code=code)
        return
    run.tell("cli.codes.check.neighbours", code=code)
    for n in found:
        name = f" · {n.public_name}" if n.public_name else ""
        run.say(f"  {n.code} · {n.village} · {run.word(n.kind)}{name}")
