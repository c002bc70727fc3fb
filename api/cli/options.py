"""Options and choices more than one `diachiso` command group shares, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

from addrgen.catalog import N_
from gis.registry.reorg import effective_date

__all__ = ["CommuneOpt", "DbOpt", "EffectiveOpt", "JsonOpt", "effective_date"]

DbOpt = Annotated[
    str | None,
    typer.Option("--db", help=N_("cli.option.db"), show_default=False),
]
CommuneOpt = Annotated[
    str | None,
    typer.Option("--commune", help=N_("cli.option.commune")),
]
JsonOpt = Annotated[bool, typer.Option("--json", help=N_("cli.option.json"))]
EffectiveOpt = Annotated[str, typer.Option("--effective", help=N_("cli.option.effective"))]
