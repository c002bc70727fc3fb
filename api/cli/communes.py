"""`diachiso init` and `communes add`: the registry and its communes.

(Merges, renames and district changes of communes are in :mod:`api.cli.reorg`.)"""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.context import context_of
from api.cli.options import DbOpt
from gis.registry.communes import add_commune

__all__ = ["register"]

CommuneName = Annotated[
    str, typer.Option("--commune", help="The commune's name, e.g. 'xã Thạch Bình'.")
]
CommuneCode = Annotated[str, typer.Option("--commune-code", help="Statistics code, e.g. 18112.")]
AreaNumber = Annotated[
    int, typer.Option("--area-number", help="5-digit area number that prefixes its codes.")
]
Province = Annotated[str | None, typer.Option("--province", help="e.g. 'tỉnh Hà Tĩnh'.")]
District = Annotated[str | None, typer.Option("--district", help="e.g. 'TP Hà Tĩnh'.")]


def register(app: typer.Typer, communes: typer.Typer) -> None:
    app.command()(init)
    communes.command("add", help="Add another commune, with its own area number, to the registry.")(
        init
    )


def init(
    ctx: typer.Context,
    commune: CommuneName,
    commune_code: CommuneCode,
    area_number: AreaNumber,
    province: Province = None,
    district: District = None,
    db: DbOpt = None,
) -> None:
    """Create the registry (if needed) with its first commune."""
    run = context_of(ctx)
    registry = run.registry(db, must_exist=False)
    made = add_commune(
        registry,
        name=commune,
        commune_code=commune_code,
        area_number=area_number,
        province=province,
        district=district,
        actor=run.actor,
    )
    run.say(
        f"{made.name} (code {made.commune_code}, area number {made.area_number:05d}) "
        f"is in the registry {registry.url}"
    )
