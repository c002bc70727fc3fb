"""Options and choices more than one `diachiso` command group shares, declared once."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from addrgen.catalog import N_
from gis.errors import InvalidInput

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


def effective_date(text: str) -> date:
    """The date given to ``--effective``."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(
            "date.invalid", field="effective", value=text, expected="YYYY-MM-DD"
        ) from exc
