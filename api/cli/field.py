"""The field-work commands of `diachiso`: `users` (:mod:`api.cli.users`), `review`, `reports`
(their own groups) and `serve`, the web app."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from addrgen.catalog import N_
from addrgen.formatting import format_decimal
from addrgen.vocab import Reason, label
from api.cli import notices, users
from api.cli.context import CliContext, context_of
from api.cli.errors import new_group
from api.cli.files import write_people_csv
from api.cli.options import CommuneOpt, DbOpt, JsonOpt
from gis.field.candidates import new_households
from gis.field.reports import (
    ReportRecord,
    clear_review,
    close_report,
    list_reports,
    move_to_confirmed,
    review_list,
)

__all__ = ["register", "report_lines"]


def register(app: typer.Typer) -> None:
    users.register(app)
    review = new_group(N_("cli.review.help"), no_args_is_help=True)
    review.command("list", help=N_("cli.review.list.help"))(review_list_cmd)
    review.command("clear", help=N_("cli.review.clear.help"))(review_clear)
    review.command("move", help=N_("cli.review.move.help"))(review_move)
    notices.register_review(review)  # review register: a new household found at the door
    reports = new_group(N_("cli.reports.help"), no_args_is_help=True)
    reports.command("list", help=N_("cli.reports.list.help"))(reports_list)
    reports.command("close", help=N_("cli.reports.close.help"))(reports_close)
    app.add_typer(review, name="review")
    app.add_typer(reports, name="reports")
    app.command("serve", help=N_("cli.serve.help"))(serve)


#: The review list's columns for people: the row's field and its header's id.
REVIEW_COLUMNS = (
    ("code_display", N_("cli.review.header.code")),
    ("village", N_("cli.review.header.village")),
    ("kind", N_("cli.review.header.kind")),
    ("status", N_("cli.review.header.status")),
    ("distance_m", N_("cli.review.header.distance")),
    ("accuracy_m", N_("cli.review.header.accuracy")),
)


def review_list_cmd(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    out: Annotated[Path | None, typer.Option("--out", help=N_("cli.review.list.opt.out"))] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Points flagged needs_review, with the latest confirmation's distance and accuracy."""
    run = context_of(ctx)
    registry, the_commune = run.open_commune(db, commune)
    with registry.read() as conn:
        items = review_list(conn, the_commune)
    rows: list[dict[str, Any]] = [
        {
            "code": i.point.code,
            "code_display": i.point.code_display,
            "village": i.point.village,
            "kind": i.point.kind,
            "status": i.point.status,
            "distance_m": None if i.distance_m is None else round(i.distance_m, 1),
            "accuracy_m": i.accuracy_m,
        }
        for i in items
    ]
    if as_json:
        # The flagged points keep their fields; each row gains "item" ("point"), and the new
        # households reported at the door follow as rows of the same keys (item
        # "new_household", "candidate" holding the report), so a reader of the old rows goes on.
        with registry.read() as conn:
            found = new_households(conn, the_commune)
        listed = [{**r, "item": "point", "candidate": None} for r in rows]
        listed += [notices.candidate_row(c) for c in found]
        print(json.dumps(listed, ensure_ascii=False, indent=2))
        return
    header = [run.t(key) for _, key in REVIEW_COLUMNS]
    # The code as displayed: with its spaces Excel keeps it as text (no lost leading zero).
    people = [[_review_cell(run, key, r[key]) for key, _ in REVIEW_COLUMNS] for r in rows]
    if out is not None:
        # Distances as numbers: the file writes them as the spreadsheet reads them.
        sheet = [[_sheet_cell(run, key, r[key]) for key, _ in REVIEW_COLUMNS] for r in rows]
        write_people_csv(out, header, sheet, lang=run.lang)
        run.tell("cli.review.list.wrote", file=str(out), count=run.num(len(rows)))
        return
    table = Table(*header)
    for row in people:
        table.add_row(*row)
    run.out.print(table)
    run.tell("cli.review.list.count", count=run.num(len(rows)))
    notices.say_candidates(run, registry, the_commune)


def _sheet_cell(run: CliContext, key: str, value: Any) -> object:
    if key in ("distance_m", "accuracy_m") and value is not None:
        return float(value)
    return _review_cell(run, key, value)


def _review_cell(run: CliContext, key: str, value: Any) -> str:
    if value is None:
        return ""
    if key in ("kind", "status"):
        return run.word(value)
    if key in ("distance_m", "accuracy_m"):
        return format_decimal(value, run.lang)
    return str(value)


def review_clear(
    ctx: typer.Context,
    code: Annotated[
        str, typer.Argument(metavar=N_("cli.metavar.code"), help=N_("cli.review.clear.arg.code"))
    ],
    note: Annotated[str, typer.Option(help=N_("cli.review.clear.opt.note"))],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Clear a point's needs_review flag, with a note."""
    run = context_of(ctx)
    registry = run.registry(db)
    point = clear_review(
        registry, code, note=note, actor=run.actor, commune=run.commune(registry, commune)
    )
    run.tell("cli.review.clear.done", code=point.code_display)


def review_move(
    ctx: typer.Context,
    code: Annotated[
        str, typer.Argument(metavar=N_("cli.metavar.code"), help=N_("cli.review.clear.arg.code"))
    ],
    note: Annotated[str, typer.Option(help=N_("cli.review.move.opt.note"))],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Move a flagged point to where the volunteer confirmed it, and clear its flag."""
    run = context_of(ctx)
    registry = run.registry(db)
    point, warnings = move_to_confirmed(
        registry, code, note=note, actor=run.actor, commune=run.commune(registry, commune)
    )
    run.report(warnings)
    run.tell(
        "cli.review.move.done",
        code=point.code_display,
        village=point.village,
        plus_code=point.plus_code,
    )


#: The reports list's headers' ids, in the order of :func:`report_lines`.
REPORT_HEADERS = (
    N_("cli.reports.header.id"),
    N_("cli.reports.header.code"),
    N_("cli.reports.header.village"),
    N_("cli.reports.header.reason"),
    N_("cli.reports.header.note"),
    N_("cli.reports.header.by"),
    N_("cli.reports.header.filed"),
    N_("cli.reports.header.state"),
)


def reports_list(
    ctx: typer.Context,
    open_only: Annotated[
        bool, typer.Option("--open", help=N_("cli.reports.list.opt.open"))
    ] = False,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Problem reports from the field."""
    run = context_of(ctx)
    registry, the_commune = run.open_commune(db, commune)
    with registry.read() as conn:
        records = list_reports(conn, the_commune, open_only=open_only)
    if as_json:
        print(json.dumps([r.as_dict() for r in records], ensure_ascii=False, indent=2))
        return
    table = Table(*(run.t(key) for key in REPORT_HEADERS))
    for r in records:
        table.add_row(*report_lines(run, r))
    run.out.print(table)
    run.tell("cli.reports.list.count", count=run.num(len(records)))


def reports_close(
    ctx: typer.Context,
    report_id: Annotated[
        int, typer.Argument(metavar=N_("cli.metavar.id"), help=N_("cli.reports.close.arg.id"))
    ],
    note: Annotated[str, typer.Option(help=N_("cli.reports.close.opt.note"))],
    db: DbOpt = None,
) -> None:
    """Close a report, with a note."""
    run = context_of(ctx)
    record = close_report(run.registry(db), report_id, note=note, actor=run.actor)
    run.tell("cli.reports.close.done", id=record.id)


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help=N_("cli.serve.opt.host"))] = "127.0.0.1",
    port: Annotated[int, typer.Option(help=N_("cli.serve.opt.port"))] = 8000,
    access_log: Annotated[bool, typer.Option(help=N_("cli.serve.opt.access_log"))] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help=N_("cli.serve.opt.workers"))] = 1,
    db: DbOpt = None,
) -> None:
    """Run the web app (behind a TLS reverse proxy in production), in one process or in
    ``workers`` processes sharing the port."""
    import uvicorn

    from api.web.app import create_app
    from api.web.serving import WORKER_APP, prepare_workers, run_workers, tune_gc
    from gis.settings import resolve_secret_key

    run = context_of(ctx)
    settings = run.settings(db)
    registry = run.registry(db)  # migrated here, once, before any worker starts
    resolve_secret_key(settings)  # the development key made once: every worker reads the same
    run.tell("cli.serve.listening", url=f"http://{host}:{port}", public_url=settings.public_url)
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "access_log": access_log,
        "proxy_headers": True,
        "log_level": "warning",
        "server_header": False,  # no "server: uvicorn": nothing to tell a scanner what runs here
    }
    if workers == 1:
        app = create_app(settings, registry=registry)
        tune_gc()
        uvicorn.run(app, **options)
        return
    registry.dispose()  # each worker opens its own pool
    prepare_workers(settings.database_url)
    config = uvicorn.Config(WORKER_APP, factory=True, workers=workers, **options)
    run_workers(config)


def report_lines(run: CliContext, r: ReportRecord) -> list[str]:
    """A field report as the cells of a row, in the run's language."""
    if r.is_open:
        state = run.t("cli.reports.state.open")
    else:
        state = run.t("cli.reports.state.closed", by=r.closed_by, note=r.close_note or "")
    return [
        str(r.id),
        r.code or "",
        r.village,
        label(Reason(r.reason), run.lang),
        r.note or "",
        r.actor,
        run.when(r.created_at),
        state,
    ]
