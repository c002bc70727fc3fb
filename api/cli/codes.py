"""`diachiso codes issue|check`: the permanent digital address codes."""

from __future__ import annotations

from typing import Annotated

import typer

from addrgen.codes import parse_code
from api.cli.context import context_of
from api.cli.options import CommuneOpt, DbOpt
from gis.registry.issuing import issue_codes
from gis.registry.points import find_point

__all__ = ["register"]


def register(codes: typer.Typer) -> None:
    codes.command("issue")(codes_issue)
    codes.command("check")(codes_check)


def codes_issue(
    ctx: typer.Context,
    village: Annotated[str | None, typer.Option(help="Only this village.")] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Give a permanent code to every point without one (one transaction)."""
    run = context_of(ctx)
    registry = run.registry(db)
    result = issue_codes(registry, run.commune(registry, commune), village=village, actor=run.actor)
    if result.issued == 0:
        run.say("every point already has a code; nothing issued")
    else:
        run.say(f"issued {result.issued} codes: {result.first} … {result.last}")


def codes_check(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="A code as typed: spaces, dots, dashes allowed.")],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Check a code; prints it in display form, or says what is wrong (exit 1)."""
    parsed = parse_code(code)
    if parsed.code is not None:
        print(parsed.code.display)
        return
    run = context_of(ctx)
    registry = run.registry(db)
    the_commune = run.commune(registry, commune)
    with registry.read() as conn:
        point, _ = find_point(conn, the_commune, parsed.national)
    print(point.code_display)
    run.say(
        f"note: {parsed.national} carried no check digit (the national 10-digit form, or an "
        f"11-digit code with a digit dropped); the registered code is {point.code_display}"
    )
