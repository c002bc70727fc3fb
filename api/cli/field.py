"""The field-work commands of `diachiso`: `users`, `review`, `reports` (their own groups) and
`serve`, the web app."""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from addrgen.vocab import Role
from api.cli.context import context_of
from api.cli.errors import new_group
from api.cli.files import write_people_csv
from api.cli.options import CommuneOpt, DbOpt, JsonOpt
from gis.field.accounts import add_user, revoke_user
from gis.field.reports import ReportRecord, clear_review, close_report, list_reports, review_list

__all__ = ["register", "report_lines"]


def register(app: typer.Typer) -> None:
    users = new_group("Volunteers, officers and admins of the web app.", no_args_is_help=True)
    users.command("add")(users_add)
    users.command("revoke")(users_revoke)
    review = new_group("Points flagged needs_review.", no_args_is_help=True)
    review.command("list")(review_list_cmd)
    review.command("clear")(review_clear)
    reports = new_group("Problems reported from the field.", no_args_is_help=True)
    reports.command("list")(reports_list)
    reports.command("close")(reports_close)
    app.add_typer(users, name="users")
    app.add_typer(review, name="review")
    app.add_typer(reports, name="reports")
    app.command("serve")(serve)


def users_add(
    ctx: typer.Context,
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
    run = context_of(ctx)
    registry = run.registry(db)
    public_url = run.settings(db).public_url
    new = add_user(
        registry,
        run.commune(registry, commune),
        name=name,
        role=role.value,
        village_names=village or [],
        token=token,
        actor=run.actor,
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
        run.say(
            f"{role.value} {name}: one-time sign-in link (valid 7 days); scan the QR with the "
            "phone's camera app:"
        )
        _print_qr(link)
        print(link)
    else:
        run.say(f"{role.value} {name}: API token for `Authorization: Bearer …` (shown once):")
        print(new.api_token)


def _print_qr(text: str) -> None:
    import qrcode

    qr = qrcode.QRCode(border=2)
    qr.add_data(text)
    # print_tty draws with ANSI colour escapes, which a Windows console shows as text unless
    # its virtual-terminal mode is on: there the block characters, which it shows in UTF-8.
    if sys.stdout.isatty() and os.name != "nt":
        qr.print_tty(out=sys.stdout)
    else:
        qr.print_ascii(out=sys.stdout, invert=True)
    sys.stdout.flush()


def users_revoke(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The user.")], db: DbOpt = None
) -> None:
    """Revoke a user: every sign-in link, token and session of theirs ends now."""
    run = context_of(ctx)
    ended = revoke_user(run.registry(db), name=name, actor=run.actor)
    run.say(f"revoked {name}: {ended} link(s), token(s) or session(s) ended")


def review_list_cmd(
    ctx: typer.Context,
    as_json: JsonOpt = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write the list to this CSV file for Excel (UTF-8 with a byte-order mark; "
            "never overwritten) instead of printing it.",
        ),
    ] = None,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Points flagged needs_review, with the latest confirmation's distance and accuracy."""
    run = context_of(ctx)
    registry = run.registry(db)
    the_commune = run.commune(registry, commune)
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
    if out is not None:
        # The code as displayed: with its spaces Excel keeps it as text (no lost leading zero).
        people = [[r["code_display"], *(r[k] for k in _REVIEW_FIELDS)] for r in rows]
        write_people_csv(out, list(_REVIEW_HEADER), people)
        run.say(f"wrote {out} ({len(rows)} point(s) to review)")
        return
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(*_REVIEW_HEADER)
    for r in rows:
        table.add_row(
            r["code_display"],
            r["village"],
            r["kind"],
            r["status"],
            _num(r["distance_m"]),
            _num(r["accuracy_m"]),
        )
    run.out.print(table)
    run.say(f"{len(rows)} point(s) to review")


_REVIEW_HEADER = ("code", "village", "kind", "status", "distance m", "accuracy m")
_REVIEW_FIELDS = ("village", "kind", "status", "distance_m", "accuracy_m")


def review_clear(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="The point's code.")],
    note: Annotated[str, typer.Option(help="Why the flag can be cleared.")],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Clear a point's needs_review flag, with a note."""
    run = context_of(ctx)
    registry = run.registry(db)
    point = clear_review(
        registry, code, note=note, actor=run.actor, commune=run.commune(registry, commune)
    )
    run.say(f"cleared the review flag of {point.code_display}")


def reports_list(
    ctx: typer.Context,
    open_only: Annotated[bool, typer.Option("--open", help="Only open reports.")] = False,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Problem reports from the field."""
    run = context_of(ctx)
    registry = run.registry(db)
    the_commune = run.commune(registry, commune)
    with registry.read() as conn:
        records = list_reports(conn, the_commune, open_only=open_only)
    if as_json:
        print(json.dumps([r.as_dict() for r in records], ensure_ascii=False, indent=2))
        return
    table = Table("id", "code", "village", "reason", "note", "by", "filed", "state")
    for r in records:
        table.add_row(*report_lines(r))
    run.out.print(table)
    run.say(f"{len(records)} report(s)")


def reports_close(
    ctx: typer.Context,
    report_id: Annotated[int, typer.Argument(metavar="ID", help="The report's number.")],
    note: Annotated[str, typer.Option(help="What was done about it.")],
    db: DbOpt = None,
) -> None:
    """Close a report, with a note."""
    run = context_of(ctx)
    record = close_report(run.registry(db), report_id, note=note, actor=run.actor)
    run.say(f"closed report {record.id}")


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = False,
    db: DbOpt = None,
) -> None:
    """Run the web app (behind a TLS reverse proxy in production)."""
    import uvicorn

    from api.web.app import create_app

    run = context_of(ctx)
    settings = run.settings(db)
    app = create_app(settings, registry=run.registry(db))
    run.say(f"listening on http://{host}:{port} (plates and links say {settings.public_url})")
    # What is loaded now lives as long as the server: keep it out of the collector's scans, and
    # collect young objects less often (fewer pauses on the hot pages).
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    uvicorn.run(
        app, host=host, port=port, access_log=access_log, proxy_headers=True, log_level="warning"
    )


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
