"""`diachiso init`, `communes add` and `communes set`: the registry, its communes and their
settings.

(Merges, renames and district changes of communes are in :mod:`api.cli.reorg`.)"""

from __future__ import annotations

from typing import Annotated

import typer

from addrgen.catalog import N_
from api.cli.context import context_of
from api.cli.options import DbOpt
from api.services.printing import DEFAULT_TEMPLATE, check_template
from gis.registry.commune_settings import set_commune_settings
from gis.registry.communes import add_commune

__all__ = ["register"]

CommuneName = Annotated[str, typer.Option("--commune", help=N_("cli.init.opt.commune"))]
CommuneCode = Annotated[str, typer.Option("--commune-code", help=N_("cli.init.opt.commune_code"))]
AreaNumber = Annotated[int, typer.Option("--area-number", help=N_("cli.init.opt.area_number"))]
Province = Annotated[str | None, typer.Option("--province", help=N_("cli.init.opt.province"))]
District = Annotated[str | None, typer.Option("--district", help=N_("cli.init.opt.district"))]
Issuer = Annotated[str | None, typer.Option("--issuer", help=N_("cli.communes.set.opt.issuer"))]
OfficerTitle = Annotated[
    str | None, typer.Option("--officer-title", help=N_("cli.communes.set.opt.officer_title"))
]
YouthUnion = Annotated[
    str | None, typer.Option("--youth-union", help=N_("cli.communes.set.opt.youth_union"))
]
Phone = Annotated[str | None, typer.Option("--phone", help=N_("cli.communes.set.opt.phone"))]
PlateTemplate = Annotated[
    str | None,
    typer.Option("--plate-template", help=N_("cli.communes.set.opt.plate_template")),
]
HouseholdHead = Annotated[
    bool | None,
    typer.Option(
        "--plate-household-head/--no-plate-household-head",
        help=N_("cli.communes.set.opt.plate_household_head"),
    ),
]
SignerName = Annotated[
    str | None, typer.Option("--signer-name", help=N_("cli.communes.set.opt.signer_name"))
]
SignerTitle = Annotated[
    str | None, typer.Option("--signer-title", help=N_("cli.communes.set.opt.signer_title"))
]
SignerAuthority = Annotated[
    str | None,
    typer.Option("--signer-authority", help=N_("cli.communes.set.opt.signer_authority")),
]


def register(app: typer.Typer, communes: typer.Typer) -> None:
    app.command(help=N_("cli.init.help"))(init)
    communes.command("add", help=N_("cli.communes.add.help"))(init)
    communes.command("set", help=N_("cli.communes.set.help"))(communes_set)


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
    run.tell(
        "cli.init.done",
        commune=made.name,
        commune_code=made.commune_code,
        area_number=f"{made.area_number:05d}",
        url=run.where(registry),
    )


def communes_set(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(metavar=N_("cli.metavar.name"), help=N_("cli.communes.set.arg.name")),
    ],
    issuer: Issuer = None,
    officer_title: OfficerTitle = None,
    youth_union: YouthUnion = None,
    phone: Phone = None,
    plate_template: PlateTemplate = None,
    plate_household_head: HouseholdHead = None,
    signer_name: SignerName = None,
    signer_title: SignerTitle = None,
    signer_authority: SignerAuthority = None,
    db: DbOpt = None,
) -> None:
    """Set the commune's own words on its letters and guides and its plates' template and
    head's line ('' returns a text to its default)."""
    run = context_of(ctx)
    if plate_template:  # one of the renderer's templates, refused before anything is written
        plate_template = check_template(plate_template)
    commune = set_commune_settings(
        run.registry(db),
        name=name,
        issuer=issuer,
        officer_title=officer_title,
        youth_union=youth_union,
        phone=phone,
        plate_template=plate_template,
        plate_household_head=plate_household_head,
        signer_name=signer_name,
        signer_title=signer_title,
        signer_authority=signer_authority,
        actor=run.actor,
    )
    words = commune.words
    run.tell(
        "cli.communes.set.done",
        commune=commune.name,
        issuer=words.issuer,
        officer_title=words.officer_title,
        youth_union=words.youth_union,
        phone=words.phone or run.t("cli.communes.set.no_phone"),
    )
    run.tell(
        "cli.communes.set.plates",
        template=commune.plate_template or DEFAULT_TEMPLATE,
        head=run.t(
            "cli.communes.set.head_on"
            if commune.plate_household_head
            else "cli.communes.set.head_off"
        ),
    )
    run.tell(
        "cli.communes.set.signer",
        authority=words.signer_authority.upper(),
        title=words.signer_title,
        name=words.signer_name or run.t("cli.communes.set.no_signer_name"),
    )
