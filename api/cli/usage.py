"""Usage errors (a missing option, an unknown one, a value of the wrong kind) in the run's
language: click says them in English only, so they are rebuilt here from what the exception
holds — the parameter, its type, the option typed — and said as one error line and a pointer to
the command's help, exit code 2 as before."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

from typer import _click
from typer._click import exceptions as click_errors

from addrgen.catalog import N_, Lang, t
from api.cli.language import annotation

__all__ = ["usage_lines"]


def _option(param: Any) -> str:
    """How the officer types the parameter: its long option, or an argument's name as its help
    shows it."""
    opts = getattr(param, "opts", None) or []
    if getattr(param, "param_type_name", "") == "option" and opts:
        return str(max(opts, key=len))
    return str(getattr(param, "metavar", None) or getattr(param, "name", "") or "").upper()


def _bad_value(exc: click_errors.BadParameter, lang: Lang) -> str:
    option = _option(exc.param) if exc.param is not None else ""
    kind = annotation(exc.param)
    if isinstance(kind, type) and issubclass(kind, Enum):
        choices = ", ".join(str(m.value) for m in kind)
        return t("cli.usage.bad_choice", lang, option=option, choices=choices)
    if kind is int:
        return t("cli.usage.bad_integer", lang, option=option)
    if kind is float:
        return t("cli.usage.bad_number", lang, option=option)
    if kind is Path:
        return t("cli.usage.bad_path", lang, option=option)
    return t("cli.usage.bad_value", lang, option=option)


def _takes_value(exc: click_errors.BadOptionUsage) -> bool:
    command = exc.ctx.command if exc.ctx is not None else None
    for param in getattr(command, "params", []):
        if exc.option_name in getattr(param, "opts", []):
            return not getattr(param, "is_flag", False)
    return True


#: Usage errors click raises as plain UsageError, known by their English wording.
PLAIN = (
    (re.compile(r"No such command '(?P<name>.*)'"), N_("cli.usage.no_such_command")),
    (re.compile(r"Missing command"), N_("cli.usage.missing_command")),
    (
        re.compile(r"Got unexpected extra arguments? \((?P<name>.*)\)"),
        N_("cli.usage.extra_arguments"),
    ),
)


def _message(exc: click_errors.UsageError, lang: Lang) -> str:
    if isinstance(exc, click_errors.MissingParameter):
        option = _option(exc.param)
        if option.startswith("-"):
            return t("cli.usage.missing_option", lang, option=option)
        return t("cli.usage.missing_argument", lang, option=option)
    if isinstance(exc, click_errors.BadParameter):
        return _bad_value(exc, lang)
    if isinstance(exc, click_errors.NoSuchOption):
        found = t("cli.usage.no_such_option", lang, option=exc.option_name)
        if exc.possibilities:
            maybe = ", ".join(sorted(exc.possibilities))
            found += t("cli.usage.possibilities", lang, options=maybe)
        return found
    if isinstance(exc, click_errors.BadOptionUsage):
        key = N_("cli.usage.needs_value") if _takes_value(exc) else N_("cli.usage.takes_no_value")
        return t(key, lang, option=exc.option_name)
    for pattern, key in PLAIN:
        if matched := pattern.search(exc.message):
            return t(key, lang, **matched.groupdict())
    return exc.message  # a wording not known here: click's own, rather than nothing


def usage_lines(exc: click_errors.UsageError, lang: Lang) -> list[str]:
    """The lines a usage error prints: what is wrong, then where the command's help is."""
    lines = [t("cli.error", lang, message=_message(exc, lang))]
    ctx: _click.Context | None = exc.ctx
    if ctx is not None:
        lines.append(t("cli.usage.see_help", lang, command=f"{ctx.command_path} --help"))
    return lines
