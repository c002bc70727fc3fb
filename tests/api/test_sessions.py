"""Sessions and tokens from the outside: sign-out on every signed-in page and what it clears,
the session's lifetime and idle timeout as settings, `users add --token --expires`, `users token
rotate`, `users sessions` (list, --end)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from api.web.app import create_app
from api.web.security import SESSION_COOKIE, csrf_token
from gis.field.accounts import add_user
from gis.field.volunteers import new_signin_link
from gis.settings import load_settings
from gis.storage.events import now
from gis.storage.schema import credentials, points, users
from tests.api.conftest import SECRET, VILLAGE, Site, bearer
from tests.conftest import CliRunner

CONSOLE_PAGES = (
    "/console",
    "/console/import",
    "/console/codes",
    "/console/print",
    "/console/volunteers",
    "/console/followup",
    "/console/points",
    "/console/villages",
    "/console/export",
)
PHONE = "Mozilla/5.0 (Linux; Android 10; K) Chrome/120.0 Mobile Safari/537.36"


def _client(site: Site, **settings: object) -> TestClient:
    loaded = load_settings(database_url=site.db_url, env="test", secret_key=SECRET, **settings)
    return TestClient(create_app(loaded, registry=site.registry))


def _sign_in(client: TestClient, site: Site, name: str, role: str) -> str:
    villages = [VILLAGE] if role == "volunteer" else []
    new = add_user(
        site.registry, site.commune, name=name, role=role, village_names=villages, actor="t"
    )
    r = client.post(f"/signin/{new.signin_token}", headers={"User-Agent": PHONE})
    assert r.status_code == 200
    return str(client.cookies.get(SESSION_COOKIE))


def test_every_signed_in_page_offers_sign_out(site: Site) -> None:
    _sign_in(site.client, site, "Minh", "officer")
    with site.registry.read() as conn:
        point_id = conn.execute(select(points.c.id)).scalar()
    for path in (*CONSOLE_PAGES, f"/console/points/{point_id}", "/"):
        page = site.client.get(path)
        assert page.status_code == 200, path
        assert 'id="signout"' in page.text and 'action="/signout' in page.text, path
    volunteer = _client(site)
    _sign_in(volunteer, site, "Hoa", "volunteer")
    for path in ("/", f"/A/{site.code_in(VILLAGE)}"):
        assert 'id="signout"' in volunteer.get(path).text, path


def test_sign_out_clears_the_site_data_and_ends_the_session(site: Site) -> None:
    session = _sign_in(site.client, site, "Hoa", "volunteer")
    r = site.client.post(
        "/signout", data={"csrf_token": csrf_token(SECRET, session)}, follow_redirects=False
    )
    assert r.status_code == 303
    assert r.headers["clear-site-data"] == '"cache", "storage"'
    assert 'id="signout"' not in site.client.get("/").text
    site.client.cookies.set(SESSION_COOKIE, session)  # the old cookie, kept by a copy
    assert 'id="signout"' not in site.client.get("/").text


def test_the_session_lifetime_is_a_setting(site: Site) -> None:
    for days, name in ((2, "Hoa"), (None, "Lan")):  # None: the default, 7 days
        client = _client(site, session_days=days) if days else _client(site)
        new = add_user(
            site.registry, site.commune, name=name, role="volunteer", village_names=[VILLAGE],
            actor="t",
        )  # fmt: skip
        r = client.post(f"/signin/{new.signin_token}", headers={"User-Agent": PHONE})
        assert f"Max-Age={(days or 7) * 24 * 3600};" in r.headers["set-cookie"]
        with site.registry.read() as conn:
            row = conn.execute(
                select(credentials)
                .join(users, users.c.id == credentials.c.user_id)
                .where(credentials.c.kind == "session", users.c.name == name)
            ).one()
        assert row.user_agent == PHONE
        lifetime = _aware(row.expires_at) - _aware(row.created_at)
        assert abs(lifetime - timedelta(days=days or 7)) < timedelta(seconds=1)


def test_an_idle_session_signs_out(site: Site) -> None:
    client = _client(site, session_idle_hours=2)
    session = _sign_in(client, site, "Hoa", "volunteer")
    assert 'id="signout"' in client.get("/").text
    with site.registry.write() as conn:
        conn.execute(update(credentials).values(last_seen_at=now() - timedelta(hours=1)))
    assert 'id="signout"' in client.get("/").text  # seen an hour ago: still on; seen now
    with site.registry.read() as conn:
        seen = conn.execute(
            select(credentials.c.last_seen_at).where(credentials.c.kind == "session")
        ).scalar_one()
    assert abs(_aware(seen) - now()) < timedelta(minutes=1)
    with site.registry.write() as conn:
        conn.execute(update(credentials).values(last_seen_at=now() - timedelta(hours=3)))
    assert 'id="signout"' not in client.get("/").text
    code = site.code_in(VILLAGE)
    lat, lon = site.position(code)
    r = client.post(
        f"/api/points/{code}/installations",
        json={"lat": lat, "lon": lon, "accuracy_m": 5},
        headers={"X-CSRF-Token": csrf_token(SECRET, session)},
    )
    assert r.status_code == 401 and r.json()["error"]["code"] == "auth.session_ended"


def _aware(at: datetime) -> datetime:
    """SQLite gives timestamps back without their zone (written in UTC)."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def test_a_token_made_with_an_expiry_expires(site: Site, cli: CliRunner) -> None:
    r = cli(
        "users", "add", "--role", "officer", "--name", "Minh", "--token", "--expires", "3",
        "--json", "--db", site.db_url,
    )  # fmt: skip
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    with site.registry.read() as conn:
        expires = conn.execute(
            select(credentials.c.expires_at)
            .join(users, users.c.id == credentials.c.user_id)
            .where(users.c.name == "Minh", credentials.c.kind == "token")
        ).scalar_one()
    assert abs(_aware(expires) - now() - timedelta(days=3)) < timedelta(minutes=1)
    said = datetime.fromisoformat(doc["token_expires_at"])
    assert abs(said - _aware(expires)) < timedelta(minutes=1)
    assert _export(site, doc["token"]) == 200
    with site.registry.write() as conn:
        conn.execute(update(credentials).values(expires_at=now() - timedelta(seconds=1)))
    assert _export(site, doc["token"]) == 401
    plain = cli(
        "users", "add", "--role", "officer", "--name", "An", "--expires", "3", "--db", site.db_url
    )  # fmt: skip
    assert plain.code == 1 and "an expiry applies to an API token only" in plain.err
    assert "(add --token for an API token, or leave --expires out)" in plain.err


def _export(site: Site, token: str) -> int:
    """What an officer's request answers with ``token``."""
    r = site.client.get("/api/export?format=geojson", headers=bearer(token))
    return int(r.status_code)


def test_rotating_a_token_from_the_command_line(site: Site, cli: CliRunner) -> None:
    old = site.token("Minh", "officer")
    assert _export(site, old) == 200
    r = cli("users", "token", "rotate", "Minh", "--expires", "10", "--db", site.db_url)
    assert r.code == 0, r.err
    new = r.out.strip().splitlines()[-1]  # the secret alone, on the last line
    assert new != old and "Minh" in r.err and "the old one no longer works" in r.err
    assert _export(site, old) == 401
    assert _export(site, new) == 200
    unknown = cli("users", "token", "rotate", "Không có", "--db", site.db_url)
    assert unknown.code == 1 and "no user named" in unknown.err


def test_listing_and_ending_sessions_from_the_command_line(site: Site, cli: CliRunner) -> None:
    _sign_in(site.client, site, "Hoa", "volunteer")
    other = _client(site)
    link = new_signin_link(site.registry, name="Hoa", actor="t")[0]
    other.post(f"/signin/{link}", headers={"User-Agent": "Mozilla/5.0 (iPhone) Safari/604.1"})
    listed = cli("users", "sessions", "Hoa", "--json", "--db", site.db_url)
    sessions = json.loads(listed.out)
    assert [s["user_agent"] for s in sessions] == [PHONE, "Mozilla/5.0 (iPhone) Safari/604.1"]
    table = cli("users", "sessions", "Hoa", "--db", site.db_url)
    assert "Chrome · Android" in table.out and "Safari · iPhone" in table.out
    one = cli("users", "sessions", "Hoa", "--end", str(sessions[0]["id"]), "--db", site.db_url)
    assert one.code == 0 and "Hoa: 1 session(s) ended" in one.err
    assert 'id="signout"' not in site.client.get("/").text  # the phone's session ended
    assert 'id="signout"' in other.get("/").text
    again = cli("users", "sessions", "Hoa", "--end", str(sessions[0]["id"]), "--db", site.db_url)
    assert again.code == 1 and "Hoa has no open session numbered" in again.err
    assert "diachiso users sessions NAME" in again.err  # the advice
    bad = cli("users", "sessions", "Hoa", "--end", "một", "--db", site.db_url)
    assert bad.code == 1 and "is not a session's number" in bad.err
    everything = cli("users", "sessions", "Hoa", "--end", "all", "--db", site.db_url)
    assert everything.code == 0
    assert 'id="signout"' not in other.get("/").text
    assert json.loads(cli("users", "sessions", "Hoa", "--json", "--db", site.db_url).out) == []
