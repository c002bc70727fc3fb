"""Options every `diachiso` command group shares, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["CommuneOpt", "DbOpt", "JsonOpt"]

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
