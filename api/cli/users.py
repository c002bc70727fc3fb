"""`diachiso users`: accounts and their credentials — add (with a sign-in link, an API token
with an expiry), revoke, rotate a token, list and end a user's browser sessions."""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timedelta
from typing import Annotated, Any

import typer
from rich.table import Table

from addrgen.catalog import N_
from addrgen.vocab import Role, label
from api.cli.context import CliContext, context_of
from api.cli.errors import new_group
from api.cli.options import CommuneOpt, DbOpt, JsonOpt
from gis.errors import InvalidInput
from gis.field.accounts import add_user, revoke_user
from gis.field.sessions import end_sessions, list_sessions, rotate_token, short_agent

__all__ = ["register"]

ExpiresOpt = Annotated[
    int | None,
    typer.Option(
        "--expires", metavar=N_("cli.metavar.days"), help=N_("cli.users.opt.expires"), min=1
    ),
]


def register(app: typer.Typer) -> None:
    users = new_group(N_("cli.users.help"), no_args_is_help=True)
    users.command("add", help=N_("cli.users.add.help"))(users_add)
    users.command("revoke", help=N_("cli.users.revoke.help"))(users_revoke)
    users.command("sessions", help=N_("cli.users.sessions.help"))(users_sessions)
    token = new_group(N_("cli.users.token.help"), no_args_is_help=True)
    token.command("rotate", help=N_("cli.users.token.rotate.help"))(token_rotate)
    users.add_typer(token, name="token")
    app.add_typer(users, name="users")


def _token_lifetime(run: CliContext, db: str | None, expires: int | None) -> timedelta:
    return timedelta(days=expires if expires is not None else run.settings(db).token_days)


def users_add(
    ctx: typer.Context,
    role: Annotated[Role, typer.Option(help=N_("cli.users.add.opt.role"))],
    name: Annotated[str, typer.Option(help=N_("cli.users.add.opt.name"))],
    village: Annotated[list[str] | None, typer.Option(help=N_("cli.users.add.opt.village"))] = None,
    token: Annotated[bool, typer.Option("--token", help=N_("cli.users.add.opt.token"))] = False,
    expires: ExpiresOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Add a user with a one-time sign-in link (also as a QR): a volunteer opens it on the
    phone, an officer or admin in the browser for the console; ``--token`` adds an API token
    (a volunteer's replaces the link) valid ``--expires`` days (the setting token_days
    without it). Secrets are shown once, the last on the last line."""
    run = context_of(ctx)
    if expires is not None and not token:
        raise InvalidInput("user.expires_without_token", field="expires", value=expires)
    registry = run.registry(db)
    public_url = run.settings(db).public_url
    lifetime = _token_lifetime(run, db, expires)
    new = add_user(
        registry,
        run.commune(registry, commune),
        name=name,
        role=role.value,
        village_names=village or [],
        token=token,
        token_lifetime=lifetime,
        actor=run.actor,
    )
    doc: dict[str, Any] = {"name": new.user.name, "role": new.user.role}
    link = f"{public_url}/signin/{new.signin_token}" if new.signin_token else None
    if link:
        doc["signin_url"] = link
    until = datetime.now().astimezone() + lifetime
    if new.api_token:
        doc["token"] = new.api_token
        doc["token_expires_at"] = until.isoformat(timespec="seconds")
    if as_json:
        print(json.dumps(doc, ensure_ascii=False))
        return
    who = label(role, run.lang)
    if link:
        key = N_("cli.users.add.link") if role == Role.volunteer else N_("cli.users.add.console")
        run.tell(key, role=who, name=name)
        _print_qr(link)
        print(link)
    if new.api_token:
        run.tell("cli.users.add.token_until", role=who, name=name, until=run.when(until))
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


NameArg = Annotated[
    str, typer.Argument(metavar=N_("cli.metavar.name"), help=N_("cli.users.revoke.arg.name"))
]


def users_revoke(ctx: typer.Context, name: NameArg, db: DbOpt = None) -> None:
    """Revoke a user: every sign-in link, token and session of theirs ends now."""
    run = context_of(ctx)
    ended = revoke_user(run.registry(db), name=name, actor=run.actor)
    run.tell("cli.users.revoke.done", name=name, ended=run.num(ended))


def token_rotate(
    ctx: typer.Context,
    name: NameArg,
    expires: ExpiresOpt = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """A new API token for NAME, shown once on the last line; the old one stops working now."""
    run = context_of(ctx)
    lifetime = _token_lifetime(run, db, expires)
    token, until = rotate_token(run.registry(db), name=name, lifetime=lifetime, actor=run.actor)
    assert until is not None  # a lifetime was given
    if as_json:
        doc = {"name": name, "token": token, "token_expires_at": until.isoformat()}
        print(json.dumps(doc, ensure_ascii=False))
        return
    run.tell("cli.users.token.rotate.done", name=name, until=run.when(until))
    print(token)


def users_sessions(
    ctx: typer.Context,
    name: NameArg,
    end: Annotated[
        str | None,
        typer.Option(
            "--end", metavar=N_("cli.metavar.session"), help=N_("cli.users.sessions.opt.end")
        ),
    ] = None,
    as_json: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """List NAME's browser sessions (started, last seen, browser); ``--end all`` ends every
    one, ``--end N`` the one numbered N."""
    run = context_of(ctx)
    registry = run.registry(db)
    if end is not None:
        which = None if end.strip().lower() == "all" else _session_number(end)
        ended = end_sessions(registry, name=name, session_id=which, actor=run.actor)
        run.tell("cli.users.sessions.ended", name=name, ended=run.num(ended))
        return
    idle = timedelta(hours=run.settings(db).session_idle_hours)
    with registry.read() as conn:
        found = list_sessions(conn, name=name, idle=idle)
    if as_json:
        print(json.dumps([s.as_dict() for s in found], ensure_ascii=False, indent=2))
        return
    table = Table(*(run.t(key) for key in SESSION_HEADERS))
    for s in found:
        table.add_row(
            str(s.id), run.when(s.created_at), run.when(s.last_seen_at), short_agent(s.user_agent)
        )
    run.out.print(table)
    run.tell("cli.users.sessions.count", name=name, count=run.num(len(found)))


SESSION_HEADERS = (
    N_("cli.users.sessions.header.id"),
    N_("cli.users.sessions.header.created"),
    N_("cli.users.sessions.header.seen"),
    N_("cli.users.sessions.header.browser"),
)


def _session_number(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidInput("session.bad_number", field="end", value=text) from None
