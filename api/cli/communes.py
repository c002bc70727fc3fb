"""`diachiso init`, `communes add` and `communes set`: the registry, its communes and their
settings.

(Merges, renames and district changes of communes are in :mod:`api.cli.reorg`.)"""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.context import context_of
from api.cli.options import DbOpt
from gis.registry.commune_settings import set_commune_settings
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
Issuer = Annotated[
    str | None,
    typer.Option("--issuer", help="The issuing unit, e.g. 'Ủy ban nhân dân xã Thạch Bình'."),
]
OfficerTitle = Annotated[
    str | None, typer.Option("--officer-title", help="The officer's title printed as the contact.")
]
YouthUnion = Annotated[
    str | None, typer.Option("--youth-union", help="e.g. 'Đoàn Thanh niên xã Thạch Bình'.")
]
Phone = Annotated[
    str | None, typer.Option("--phone", help="The contact phone, e.g. 0239 3856 123.")
]


def register(app: typer.Typer, communes: typer.Typer) -> None:
    app.command()(init)
    communes.command("add", help="Add another commune, with its own area number, to the registry.")(
        init
    )
    communes.command("set")(communes_set)


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


def communes_set(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The commune's name.")],
    issuer: Issuer = None,
    officer_title: OfficerTitle = None,
    youth_union: YouthUnion = None,
    phone: Phone = None,
    db: DbOpt = None,
) -> None:
    """Set the commune's own words on its letters and guides ('' returns one to its default)."""
    run = context_of(ctx)
    commune = set_commune_settings(
        run.registry(db),
        name=name,
        issuer=issuer,
        officer_title=officer_title,
        youth_union=youth_union,
        phone=phone,
        actor=run.actor,
    )
    words = commune.words
    run.say(
        f"{commune.name}: issuer {words.issuer!r}, officer's title {words.officer_title!r}, "
        f"Youth Union {words.youth_union!r}, phone {words.phone or 'none'}"
    )
