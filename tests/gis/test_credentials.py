"""Credentials as the registry keeps them: the time a check takes does not tell whether a
selector exists."""

from __future__ import annotations

from typing import Any

import pytest

from gis.field import accounts
from gis.field.accounts import Unauthorized, add_user, authenticate
from gis.registry.communes import Commune
from gis.storage.db import Registry


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
