"""Options and choices more than one `diachiso` command group shares, declared once."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from gis.errors import InvalidInput

__all__ = ["CommuneOpt", "DbOpt", "EffectiveOpt", "JsonOpt", "effective_date"]

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", help="Registry URL (overrides DIACHISO_DATABASE_URL).", show_default=False
    ),
]
CommuneOpt = Annotated[
    str | None,
    typer.Option("--commune", help="The commune, when the registry holds more than one."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
EffectiveOpt = Annotated[
    str, typer.Option("--effective", help="The date it takes effect, YYYY-MM-DD.")
]


def effective_date(text: str) -> date:
    """The date given to ``--effective``."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(
            "date.invalid", field="effective", value=text, expected="YYYY-MM-DD"
        ) from exc
