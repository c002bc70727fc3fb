"""The `diachiso` command: every officer job, as thin calls into `gis`, `addrgen` and
`api.services`, one module per command group.

Errors from the core become one line on stderr and exit code 1 (:mod:`api.cli.errors`;
``--debug`` shows the traceback), usage errors two lines and exit code 2 (:mod:`api.cli.usage`);
machine-readable output (``--format json|csv``, ``--json``) goes alone to stdout. Everything a
person reads is in the run's language (:mod:`api.cli.language`: ``--lang``, ``DIACHISO_LANG``,
Vietnamese by default), from the catalog. Each run gets its own
:class:`~api.cli.context.CliContext` and its own click command tree, translated."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from typer._click import exceptions as click_errors

from addrgen.catalog import LANGUAGES, N_, t
from api.cli import (
    admin,
    codes,
    communes,
    coverage,
    field,
    notices,
    plates,
    points,
    reorg,
    villages,
)
from api.cli import map as map_group
from api.cli.console import prepare_streams
from api.cli.context import CliContext
from api.cli.errors import new_group
from api.cli.language import (
    LANG_OPTION,
    LanguageUnknown,
    localize,
    resolve_lang,
    take_option,
    typer_words,
)
from api.cli.usage import usage_lines

__all__ = ["app", "entry", "main"]

app = new_group(
    N_("cli.help"),
    name="diachiso",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
communes_app = new_group(N_("cli.communes.help"), no_args_is_help=True)
villages_app = new_group(N_("cli.villages.help"), no_args_is_help=True)
points_app = new_group(N_("cli.points.help"), no_args_is_help=True)
codes_app = new_group(N_("cli.codes.help"), no_args_is_help=True)
plates_app = new_group(N_("cli.plates.help"), no_args_is_help=True)


@app.callback()
def _root(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help=N_("cli.option.debug"))] = False,
    lang: Annotated[
        str | None, typer.Option(LANG_OPTION, metavar="vi|en", help=N_("cli.option.lang"))
    ] = None,
) -> None:
    # main() strips --debug and --lang from the line and passes the run's context in; this is
    # for a run of `app` on its own (e.g. typer's test runner).
    if ctx.obj is None:
        ctx.obj = CliContext.create(debug=debug, lang=resolve_lang(lang))


# The order of registration is the order `diachiso --help` and each group's help list them in.
app.add_typer(communes_app, name="communes")
app.add_typer(villages_app, name="villages")
app.add_typer(points_app, name="points")
app.add_typer(codes_app, name="codes")
app.add_typer(plates_app, name="plates")
field.register(app)  # users, review, reports, serve
reorg.register(app, communes=communes_app, villages=villages_app, plates=plates_app)
map_group.register(app)  # the coverage map as one HTML file
admin.register(app)  # backup, restore
communes.register(app, communes_app)  # init, communes add
coverage.register(app)  # coverage, export
villages.register(villages_app)
points.register(points_app)
notices.register(points_app)  # points notify, points allow-confirm
codes.register(codes_app)
plates.register(plates_app)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (known errors: one line on stderr and 1).

    ``--debug`` and ``--lang`` may stand anywhere on the line (officers add them at the end
    when asked to)."""
    prepare_streams()  # before anything is written: no console code page can make it fail
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    langs, args = take_option([a for a in args if a != "--debug"], LANG_OPTION)
    try:
        lang = resolve_lang(langs[-1] if langs else None)
    except LanguageUnknown as exc:
        run = CliContext.create(debug=debug, lang=resolve_lang(None))
        choices = ", ".join(LANGUAGES)
        problem = t("cli.usage.bad_choice", run.lang, option=LANG_OPTION, choices=choices)
        run.say(t("cli.error", run.lang, message=f"{problem} ({exc.given!r})"))
        return 2
    return _invoke(CliContext.create(debug=debug, lang=lang), args)


def _invoke(run: CliContext, args: list[str]) -> int:
    """One run of the command tree, translated into the run's language."""
    command = typer.main.get_command(app)  # a fresh tree: translating it touches no other run
    localize(command, run.lang)
    try:
        with typer_words(run.lang):
            # Not standalone: usage errors come here to be said in the language (click would
            # print them in English); our own errors are rendered by the groups
            # (api/cli/errors.py) and arrive as an exit code.
            code = command.main(args=args, prog_name="diachiso", standalone_mode=False, obj=run)
    except click_errors.NoArgsIsHelpError:
        return 2  # a group given no command: its help is printed, as click does
    except click_errors.UsageError as exc:
        for line in usage_lines(exc, run.lang):
            run.say(line)
        return exc.exit_code
    except click_errors.ClickException as exc:
        run.say(t("cli.error", run.lang, message=exc.format_message()))
        return exc.exit_code
    except typer.Abort:
        run.say(t("cli.aborted", run.lang))
        return 1
    return code if isinstance(code, int) else 0


def entry() -> None:
    sys.exit(main())
