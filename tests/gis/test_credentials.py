"""Credentials as the registry keeps them: the time a check takes does not tell whether a
selector exists; sessions end after their idle time and are listed and ended; tokens expire and
are rotated; migration 0011 goes down and up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from gis.errors import NotFound
from gis.field import accounts
from gis.field.accounts import Unauthorized, add_user, authenticate, spend_signin_link
from gis.field.sessions import (
    check_session,
    end_sessions,
    list_sessions,
    rotate_token,
    short_agent,
    touch_session,
)
from gis.field.volunteers import new_signin_link
from gis.registry.communes import Commune
from gis.storage.db import Registry
from gis.storage.events import now
from gis.storage.schema import credentials


class CountingHasher:
    """The real hasher, counting how often a secret is checked against a hash."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.verified = 0

    def verify(self, hash_: str, secret: str) -> bool:
        self.verified += 1
        return bool(self.real.verify(hash_, secret))

    def hash(self, secret: str) -> str:
        return str(self.real.hash(secret))


def test_an_unknown_selector_costs_a_hash_as_a_known_one(
    registry: Registry, commune: Commune, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = add_user(registry, commune, name="An", role="officer", token=True, actor="t")
    assert new.api_token is not None
    hasher = CountingHasher(accounts._HASHER)
    monkeypatch.setattr(accounts, "_HASHER", hasher)
    known_selector = new.api_token[:10] + "A" * 32  # the secret is wrong
    unknown_selector = "B" * 42
    with registry.read() as conn:
        for token in (known_selector, unknown_selector):
            before = hasher.verified
            with pytest.raises(Unauthorized) as info:
                authenticate(conn, token, "token")
            assert info.value.code == "auth.token_invalid"  # the same answer for both
            assert hasher.verified - before == 1
        assert authenticate(conn, new.api_token, "token").name == "An"


def _session(registry: Registry, commune: Commune, name: str = "Hoa") -> str:
    new = add_user(registry, commune, name=name, role="officer", actor="t")
    assert new.signin_token is not None
    return spend_signin_link(registry, new.signin_token, user_agent=PHONE)[1]


PHONE = (
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)


def test_a_session_ends_after_its_idle_time(registry: Registry, commune: Commune) -> None:
    session = _session(registry, commune)
    with registry.read() as conn:
        check = check_session(conn, session, idle=timedelta(hours=1))
    assert check.user.name == "Hoa" and not check.needs_touch(now())
    with registry.write() as conn:  # last seen two hours ago
        conn.execute(update(credentials).values(last_seen_at=now() - timedelta(hours=2)))
    with registry.read() as conn, pytest.raises(Unauthorized) as info:
        check_session(conn, session, idle=timedelta(hours=1))
    assert info.value.code == "auth.session_ended"
    with registry.read() as conn:  # a longer idle time still allows it; seen again now
        check = check_session(conn, session, idle=timedelta(hours=3))
    assert check.needs_touch(now())
    touch_session(registry, credential_id=check.credential_id)
    with registry.read() as conn:
        assert check_session(conn, session, idle=timedelta(hours=1)).user.name == "Hoa"


def test_a_token_expires(registry: Registry, commune: Commune) -> None:
    old = add_user(
        registry,
        commune,
        name="Cũ",
        role="officer",
        token=True,
        actor="t",
        token_lifetime=timedelta(seconds=-1),
    )
    fresh = add_user(
        registry,
        commune,
        name="Mới",
        role="officer",
        token=True,
        actor="t",
        token_lifetime=timedelta(days=1),
    )
    assert old.api_token is not None and fresh.api_token is not None
    with registry.read() as conn:
        with pytest.raises(Unauthorized) as info:
            authenticate(conn, old.api_token, "token")
        assert info.value.code == "auth.token_invalid"
        assert authenticate(conn, fresh.api_token, "token").name == "Mới"


def test_rotating_a_token_ends_the_old_one(registry: Registry, commune: Commune) -> None:
    new = add_user(registry, commune, name="An", role="officer", token=True, actor="t")
    session = spend_signin_link(registry, str(new.signin_token))[1]
    assert new.api_token is not None
    token, until = rotate_token(registry, name="An", lifetime=timedelta(days=30), actor="t")
    assert until is not None and timedelta(days=29) < until - now() <= timedelta(days=30)
    with registry.read() as conn:
        with pytest.raises(Unauthorized):
            authenticate(conn, new.api_token, "token")
        assert authenticate(conn, token, "token").name == "An"
        assert check_session(conn, session, idle=timedelta(hours=1)).user.name == "An"
    with pytest.raises(NotFound):
        rotate_token(registry, name="Không có", lifetime=None, actor="t")


def test_sessions_are_listed_and_ended_one_or_all(registry: Registry, commune: Commune) -> None:
    first = _session(registry, commune)
    link = new_signin_link(registry, name="Hoa", actor="t")[0]
    second = spend_signin_link(registry, link, user_agent=None)[1]
    idle = timedelta(hours=24)
    with registry.read() as conn:
        found = list_sessions(conn, name="Hoa", idle=idle)
    assert len(found) == 2 and found[0].user_agent == PHONE and found[1].user_agent is None
    assert short_agent(found[0].user_agent) == "Chrome · Android"
    assert end_sessions(registry, name="Hoa", session_id=found[0].id, actor="t") == 1
    with pytest.raises(NotFound) as info:  # already over
        end_sessions(registry, name="Hoa", session_id=found[0].id, actor="t")
    assert info.value.code == "session.not_found"
    with registry.read() as conn:
        with pytest.raises(Unauthorized):
            check_session(conn, first, idle=idle)
        assert check_session(conn, second, idle=idle).user.name == "Hoa"
        assert [s.id for s in list_sessions(conn, name="Hoa", idle=idle)] == [found[1].id]
    assert end_sessions(registry, name="Hoa", actor="t") == 1
    with registry.read() as conn:
        assert list_sessions(conn, name="Hoa", idle=idle) == []


@pytest.mark.parametrize(
    ("agent", "short"),
    [
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1", "Safari · iPhone"),
        ("Mozilla/5.0 (Linux; Android 13) Chrome/120 Mobile Safari/537.36 Zalo", "Zalo · Android"),
        ("Mozilla/5.0 (Windows NT 10.0; Win64) Chrome/120 Safari/537.36 Edg/120", "Edge · Windows"),
        ("curl/8.5.0", "curl/8.5.0"),
        (None, ""),
    ],
)
def test_a_browser_is_named_shortly(agent: str | None, short: str) -> None:
    assert short_agent(agent) == short


def test_migration_0011_goes_down_and_up_again(registry: Registry, commune: Commune) -> None:
    from alembic import command
    from alembic.config import Config

    from gis.storage.db import MIGRATIONS

    session = _session(registry, commune)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    for target in ("0010", "head"):
        with registry.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if target == "0010" else command.upgrade)(cfg, target)
    assert registry.is_current()
    with registry.read() as conn:  # the session outlived the round trip, as never seen since
        assert check_session(conn, session, idle=timedelta(hours=1)).user.name == "Hoa"
