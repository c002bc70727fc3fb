"""The `diachiso` command: every officer job, as thin calls into `gis`, `addrgen` and
`api.services`, one module per command group.

Errors from the core become one line on stderr and exit code 1 (:mod:`api.cli.errors`;
``--debug`` shows the traceback); machine-readable output (``--format json|csv``, ``--json``)
goes alone to stdout. Each run gets its own :class:`~api.cli.context.CliContext`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from api.cli import admin, codes, communes, coverage, field, plates, points, reorg, villages
from api.cli import map as map_group
from api.cli.console import prepare_streams
from api.cli.context import CliContext
from api.cli.errors import new_group

__all__ = ["app", "entry", "main"]

app = new_group(
    "Địa chỉ số: permanent digital addresses and QR address plates for a commune.",
    name="diachiso",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
communes_app = new_group("Communes held by the registry.", no_args_is_help=True)
villages_app = new_group("Villages: boundaries, order, expected counts.", no_args_is_help=True)
points_app = new_group(
    "Address points: import, add, edit, move, retire, show.", no_args_is_help=True
)
codes_app = new_group("Digital address codes: issue and check.", no_args_is_help=True)
plates_app = new_group(
    "QR address plates: print batches, checklists and letters; re-print.", no_args_is_help=True
)


@app.callback()
def _root(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks on errors (may stand anywhere).")
    ] = False,
) -> None:
    # main() strips --debug from the line and passes the run's context in; this is for a run
    # of `app` on its own (e.g. typer's test runner).
    if ctx.obj is None:
        ctx.obj = CliContext.create(debug=debug)


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
codes.register(codes_app)
plates.register(plates_app)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code (known errors: one line on stderr and 1).

    ``--debug`` may stand anywhere on the line (officers add it at the end when asked to)."""
    prepare_streams()  # before anything is written: no console code page can make it fail
    args = list(sys.argv[1:] if argv is None else argv)
    run = CliContext.create(debug="--debug" in args)
    args = [a for a in args if a != "--debug"]
    try:
        # Standalone mode lets click (typer bundles its own copy) print usage errors its way,
        # exiting 2; our own errors are rendered by the command groups (api/cli/errors.py).
        app(args=args, standalone_mode=True, obj=run)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def entry() -> None:
    sys.exit(main())
