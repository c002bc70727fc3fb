"""The field-work commands of `diachiso`: users, review flags, problem reports, and the web
server. Registered on the main app by :func:`register_field_commands`; the shared helpers of
``api.cli`` (registry, commune, consoles) are imported when a command runs, not at import time,
so the two modules do not import each other in a circle."""

from __future__ import annotations

import gc
import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from api.cli_options import CommuneOpt, DbOpt, JsonOpt
from gis.field.accounts import add_user, revoke_user
from gis.field.reports import ReportRecord, clear_review, close_report, list_reports, review_list
from gis.settings import load_settings
from gis.storage.events import default_actor

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from gis.registry.communes import Commune

__all__ = ["register_field_commands", "report_lines", "reports_of_point"]

users_app = typer.Typer(
    help="Volunteers, officers and admins of the web app.", no_args_is_help=True
)
review_app = typer.Typer(help="Points flagged needs_review.", no_args_is_help=True)
reports_app = typer.Typer(help="Problems reported from the field.", no_args_is_help=True)


class Role(StrEnum):
    admin = "admin"
    officer = "officer"
    volunteer = "volunteer"


def register_field_commands(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(review_app, name="review")
    app.add_typer(reports_app, name="reports")
    app.command("serve")(serve)


@users_app.command("add")
def users_add(
    role: Annotated[Role, typer.Option(help="What the user may do.")],
    name: Annotated[str, typer.Option(help="The user's name (unique).")],
    village: Annotated[
        list[str] | None, typer.Option(help="A volunteer's village (repeat for more).")
    ] = None,
    token: Annotated[bool, typer.Option("--token", help="An API token, not a link.")] = False,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Add a user: a volunteer gets a one-time sign-in link (also as a QR to scan with the
    phone's camera), anyone else an API token. The secret is shown once, on the last line."""
    from api import cli

    registry = cli._registry(db)
    public_url = load_settings(database_url=db).public_url
    new = add_user(
        registry,
        cli._commune(registry, commune),
        name=name,
        role=role.value,
        village_names=village or [],
        token=token,
        actor=default_actor(),
    )
    doc: dict[str, Any] = {"name": new.user.name, "role": new.user.role}
    link = f"{public_url}/signin/{new.signin_token}" if new.signin_token else None
    if link:
        doc["signin_url"] = link
    if new.api_token:
        doc["token"] = new.api_token
    if as_json:
        print(json.dumps(doc, ensure_ascii=False))
        return
    if link:
        cli.err.print(
            f"{role.value} {name}: one-time sign-in link (valid 7 days); scan the QR with the "
            "phone's camera app:",
            markup=False,
        )
        _print_qr(link)
        print(link)
    else:
        cli.err.print(
            f"{role.value} {name}: API token for `Authorization: Bearer …` (shown once):",
            markup=False,
        )
        print(new.api_token)


def _print_qr(text: str) -> None:
    import qrcode

    qr = qrcode.QRCode(border=2)
    qr.add_data(text)
    if sys.stdout.isatty():
        qr.print_tty(out=sys.stdout)
    else:
        qr.print_ascii(out=sys.stdout, invert=True)
    sys.stdout.flush()


@users_app.command("revoke")
def users_revoke(name: Annotated[str, typer.Argument(help="The user.")], db: DbOpt = None) -> None:
    """Revoke a user: every sign-in link, token and session of theirs ends now."""
    from api import cli

    ended = revoke_user(cli._registry(db), name=name, actor=default_actor())
    cli.err.print(f"revoked {name}: {ended} link(s), token(s) or session(s) ended", markup=False)


@review_app.command("list")
def review_list_cmd(as_json: JsonOpt = False, db: DbOpt = None, commune: CommuneOpt = None) -> None:
    """Points flagged needs_review, with the latest confirmation's distance and accuracy."""
    from api import cli

    registry = cli._registry(db)
    the_commune = cli._commune(registry, commune)
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
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("code", "village", "kind", "status", "distance m", "accuracy m")
    for r in rows:
        table.add_row(
            r["code_display"],
            r["village"],
            r["kind"],
            r["status"],
            _num(r["distance_m"]),
            _num(r["accuracy_m"]),
        )
    cli.out.print(table)
    cli.err.print(f"{len(rows)} point(s) to review", markup=False)


@review_app.command("clear")
def review_clear(
    code: Annotated[str, typer.Argument(help="The point's code.")],
    note: Annotated[str, typer.Option(help="Why the flag can be cleared.")],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Clear a point's needs_review flag, with a note."""
    from api import cli

    registry = cli._registry(db)
    point = clear_review(
        registry, code, note=note, actor=default_actor(), commune=cli._commune(registry, commune)
    )
    cli.err.print(f"cleared the review flag of {point.code_display}", markup=False)


@reports_app.command("list")
def reports_list(
    open_only: Annotated[bool, typer.Option("--open", help="Only open reports.")] = False,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Problem reports from the field."""
    from api import cli

    registry = cli._registry(db)
    the_commune = cli._commune(registry, commune)
    with registry.read() as conn:
        records = list_reports(conn, the_commune, open_only=open_only)
    if as_json:
        print(json.dumps([r.as_dict() for r in records], ensure_ascii=False, indent=2))
        return
    table = Table("id", "code", "village", "reason", "note", "by", "filed", "state")
    for r in records:
        table.add_row(*report_lines(r))
    cli.out.print(table)
    cli.err.print(f"{len(records)} report(s)", markup=False)


@reports_app.command("close")
def reports_close(
    report_id: Annotated[int, typer.Argument(metavar="ID", help="The report's number.")],
    note: Annotated[str, typer.Option(help="What was done about it.")],
    db: DbOpt = None,
) -> None:
    """Close a report, with a note."""
    from api import cli

    record = close_report(cli._registry(db), report_id, note=note, actor=default_actor())
    cli.err.print(f"closed report {record.id}", markup=False)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = False,
    db: DbOpt = None,
) -> None:
    """Run the web app (behind a TLS reverse proxy in production)."""
    import uvicorn

    from api import cli
    from api.web.app import create_app

    settings = load_settings(database_url=db)
    app = create_app(settings, registry=cli._registry(db))
    cli.err.print(
        f"listening on http://{host}:{port} (plates and links say {settings.public_url})",
        markup=False,
    )
    # What is loaded now lives as long as the server: keep it out of the collector's scans, and
    # collect young objects less often (fewer pauses on the hot pages).
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    uvicorn.run(
        app, host=host, port=port, access_log=access_log, proxy_headers=True, log_level="warning"
    )


def reports_of_point(conn: Connection, commune: Commune, point_id: int) -> list[ReportRecord]:
    """For ``points show``: the point's reports, open and closed."""
    return list_reports(conn, commune, point_id=point_id)


def report_lines(r: ReportRecord) -> list[str]:
    state = "open" if r.is_open else f"closed by {r.closed_by}: {r.close_note}"
    return [
        str(r.id),
        r.code or "",
        r.village,
        r.reason,
        r.note or "",
        r.actor,
        r.created_at.strftime("%Y-%m-%d %H:%M"),
        state,
    ]


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
