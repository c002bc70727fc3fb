"""The command line's one error handler: a core error becomes one line on stderr and exit 1.

The core's errors carry their meaning as data (:mod:`addrgen.errors`): a code, the field, the
value. Here they become the CLI's words in the run's language: ``lỗi: <message>`` (``error:``
in English), the message from the catalog;
when the error's field is a parameter of the running command that the officer typed as an
option, the line starts with that option (field ``into`` → ``--into: …``); and a few codes get
advice only the command line can give, naming its own flags (:mod:`api.cli.hints`).

Every command group is a :class:`CommandGroup`, which catches the error while the command's
click context is still alive — that is where the command's options are known. ``--debug``
lets the traceback through instead."""

from __future__ import annotations

from typing import Any

import typer
from typer import _click  # typer's own copy of click: the classes its commands are built on
from typer.core import TyperGroup

from addrgen.catalog import DEFAULT_LANG, t
from addrgen.errors import DiachisoError
from api.cli.context import CliContext
from api.cli.hints import HINTS, hint_for
from gis.settings import SettingsError

__all__ = [
    "FIELD_ALIASES",
    "HINTS",
    "CommandGroup",
    "error_line",
    "hint_for",
    "new_group",
    "option_for",
]

#: Other names a command may give the parameter that carries a core field, tried after the
#: field's own name (``commune_code`` is --commune-code on init, --code on communes merge).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "village_names": ("village",),
    "kinds": ("kind",),
    "commune_code": ("code",),
}


def option_for(command: _click.Command | None, field: str | None) -> str | None:
    """The option of ``command`` that the core's ``field`` names (by the parameter's name or an
    option's spelling, ``area_number`` ~ ``--area-number``), as the officer types it."""
    if command is None or not field:
        return None
    options = [p for p in command.params if p.param_type_name == "option" and p.opts]
    for wanted in (field, *FIELD_ALIASES.get(field, ())):
        wanted = wanted.replace("-", "_")
        for param in options:
            spellings = {param.name, *(o.lstrip("-").replace("-", "_") for o in param.opts)}
            if wanted in spellings:
                return max(param.opts, key=len)  # the long form, e.g. --out rather than -o
    return None


def error_line(exc: DiachisoError, command: _click.Command | None = None, lang: str = "en") -> str:
    """``error: [--flag: ]message[ hint]`` for an error of the core (``lỗi: …`` in Vietnamese)."""
    text = exc.message(lang)
    # A setting's field names the setting (PUBLIC_URL…), never an option of the command.
    flag = None if isinstance(exc, SettingsError) else option_for(command, exc.field)
    if flag:
        text = f"{flag}: {text}"
    hint = hint_for(exc.code, lang, {**exc.params, "field": exc.field, "value": exc.value})
    return t("cli.error", lang, message=f"{text} {hint}" if hint else text)


class CommandGroup(TyperGroup):
    """A typer group whose commands' errors are rendered by :func:`error_line` (exit code 1)."""

    def invoke(self, ctx: _click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DiachisoError as exc:  # anything else is a bug and keeps its traceback
            run = ctx.find_object(CliContext) or CliContext.create(lang=DEFAULT_LANG)
            if run.debug:
                raise
            # A nested group catches first; its invoked subcommand is the command that ran.
            name = ctx.invoked_subcommand
            command = self.get_command(ctx, name) if name else None
            run.say(error_line(exc, command, run.lang))
            raise typer.Exit(1) from exc


def new_group(help: str | None = None, **settings: Any) -> typer.Typer:
    """A command group (or the root app) whose errors go through the handler above."""
    return typer.Typer(cls=CommandGroup, help=help, **settings)
