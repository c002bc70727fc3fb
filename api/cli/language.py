"""The language the command speaks, chosen per run: ``--lang vi|en`` anywhere on the line, else
the ``DIACHISO_LANG`` setting, else Vietnamese; and its help screens in that language.

Typer reads the help texts when the commands are declared, before the language is known, so the
declarations carry catalog ids (``help=N_("cli.points.import.help")``) and :func:`localize`
replaces them in the run's own click command tree (:func:`api.cli.main` builds a fresh one per
run) just before it is invoked. The few words typer itself prints around them ("Usage:", the
panels' titles, "[default: …]") are set for the run by :func:`typer_words`."""

from __future__ import annotations

import os
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from re import fullmatch
from typing import Any

from typer import _click, rich_utils

from addrgen.catalog import CODE_PATTERN, DEFAULT_LANG, LANGUAGES, N_, Lang, t
from gis.settings import SettingsError, load_settings

__all__ = [
    "LanguageUnknown",
    "annotation",
    "localize",
    "resolve_lang",
    "take_option",
    "typer_words",
]

LANG_OPTION = "--lang"


class LanguageUnknown(ValueError):
    """``--lang`` given without a value or with one that is not a language of the catalog."""

    def __init__(self, given: str) -> None:
        super().__init__(given)
        self.given = given


def take_option(args: list[str], name: str) -> tuple[list[str], list[str]]:
    """The values of option ``name`` wherever it stands before ``--`` (``--lang en``,
    ``--lang=en``; a missing value is ``""``), and the line without it."""
    values: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg == name:
            values.append(args[i + 1] if i + 1 < len(args) else "")
            i += 2
            continue
        if arg.startswith(name + "="):
            values.append(arg.partition("=")[2])
        else:
            rest.append(arg)
        i += 1
    return values, rest


def _setting() -> Lang:
    """``DIACHISO_LANG`` (environment or diachiso.toml), else Vietnamese. Another setting that is
    wrong is reported by the command that needs it — in the language, when it is readable."""
    try:
        return load_settings().lang
    except SettingsError:
        given = os.environ.get("DIACHISO_LANG", "").strip().lower()
        return next((lang for lang in LANGUAGES if lang == given), DEFAULT_LANG)


def resolve_lang(given: str | None) -> Lang:
    """The run's language: ``given`` by ``--lang`` (the last one, if repeated), else the
    setting. Raises :class:`LanguageUnknown` for a value that is not one."""
    if given is None:
        return _setting()
    for lang in LANGUAGES:
        if given.strip().lower() == lang:
            return lang
    raise LanguageUnknown(given)


def _text(text: Any, lang: Lang) -> Any:
    """A help text that is a catalog id, in ``lang``; anything else as it is."""
    if isinstance(text, str) and fullmatch(CODE_PATTERN, text):
        return t(text, lang)
    return text


def localize(command: _click.Command, lang: Lang) -> None:
    """Translate ``command`` and every command under it in place: help and short help, the
    parameters' help (the help option's too), the usage line's placeholders and prefix."""
    _localize(command, lang, _context_class(lang, command.context_class))


def _localize(command: _click.Command, lang: Lang, context_class: type[_click.Context]) -> None:
    help_option = command.get_help_option(command.context_class(command))
    if help_option is not None:
        help_option.help = t("cli.help.help_option", lang)
        help_option.metavar = ""
    command.help = _text(command.help, lang)
    command.short_help = _text(command.short_help, lang)
    command.options_metavar = t("cli.help.options_metavar", lang)
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = t("cli.help.subcommand_metavar", lang)
    for param in command.params:
        if hasattr(param, "help"):
            param.help = _text(param.help, lang)
        if param.param_type_name == "argument":
            param.metavar = _text(param.metavar, lang)  # its name, declared as an id
            # typer shows an argument's type from its annotation alone (<path>): this run's
            # tree shows the language's word for it instead.
            shown = _placeholder(param, lang)
            setattr(param, "display_type_rich", lambda ctx, shown=shown: shown)  # noqa: B010
        elif param.metavar is None:
            param.metavar = _placeholder(param, lang)
    command.context_class = context_class
    for sub in getattr(command, "commands", {}).values():
        _localize(sub, lang, context_class)


def annotation(param: Any) -> Any:
    """The Python type typer converts the parameter's value to (through lists and Optional)."""
    descriptor = getattr(param, "type_descriptor", None)
    kind = getattr(descriptor, "annotation", None)
    while typing.get_args(kind):
        kind = next(a for a in typing.get_args(kind) if a is not type(None))
    return kind


#: The placeholder of an option's value on a help screen, by the value's type (typer's own are
#: the English type names <str>, <int>…). Choices are shown as themselves.
PLACEHOLDERS = {
    str: N_("cli.help.type.text"),
    int: N_("cli.help.type.integer"),
    float: N_("cli.help.type.number"),
    Path: N_("cli.help.type.path"),
}


def _placeholder(param: Any, lang: Lang) -> str | None:
    """What a help screen shows for the option's value: nothing for a flag (it takes none), the
    language's word for a text, number or path, typer's own (None) for choices."""
    if getattr(param, "is_flag", False):
        return ""
    key = PLACEHOLDERS.get(annotation(param))
    if key is None:
        return None
    repeated = "..." if getattr(param, "multiple", False) else ""
    return t(key, lang) + repeated


def _context_class(lang: Lang, base: type[_click.Context]) -> type[_click.Context]:
    """A click context whose help formatter starts the usage line with the language's word."""
    usage = t("cli.help.usage", lang) + " "

    class Formatter(base.formatter_class):  # type: ignore[name-defined,misc]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, usage if prefix is None else prefix)

    class Context(base):  # type: ignore[valid-type,misc]
        formatter_class = Formatter

    return Context


#: typer's words around the help texts: module attributes of typer.rich_utils, read when a help
#: screen is drawn, and their ids (a "{}" in typer's word is the value it fills in).
TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("cli.help.arguments"),
    "OPTIONS_PANEL_TITLE": N_("cli.help.options"),
    "COMMANDS_PANEL_TITLE": N_("cli.help.commands"),
    "DEFAULT_STRING": N_("cli.help.default"),
    "REQUIRED_LONG_STRING": N_("cli.help.required"),
}


@contextmanager
def typer_words(lang: Lang) -> Iterator[None]:
    """typer's own words in ``lang`` for one run, restored after it (typer has no other hook
    for them; a run in-process, as the tests do, leaves the next one as it found it)."""
    before = {name: getattr(rich_utils, name) for name in TYPER_WORDS}
    try:
        for name, key in TYPER_WORDS.items():
            setattr(rich_utils, name, t(key, lang, value="{}"))
        yield
    finally:
        for name, value in before.items():
            setattr(rich_utils, name, value)
