"""The web's rate limits: which attempts count against which key, and the 429 that refuses
one, with a Retry-After header and the catalog's words for what to do. The counting itself is
:mod:`gis.field.limits`, in the registry, so every worker (``serve --workers N``) enforces the
same limit instead of one each."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from addrgen.catalog import N_
from api.web.apierror import ApiError
from gis.field.limits import Limit, blocked, hit
from gis.settings import Settings
from gis.storage.db import Registry

__all__ = ["WebLimits", "client_key", "refuse_if_blocked", "spend"]

TEN_MINUTES = 600


@dataclass(frozen=True)
class WebLimits:
    signin: Limit  # attempts at a sign-in link, per client address
    tokens: Limit  # failed bearer tokens, per client address
    writes: Limit  # reports and confirmations, per user

    @classmethod
    def of(cls, settings: Settings) -> WebLimits:
        return cls(
            signin=Limit("signin", settings.signin_attempts, TEN_MINUTES),
            tokens=Limit("tokens", settings.token_failures, TEN_MINUTES),
            writes=Limit("writes", settings.writes_per_minute, 60),
        )


#: The catalog's sentence for each limit's refusal (what happened, and how long to wait).
_TEXTS = {
    "signin": N_("web.rate_limited"),
    "tokens": N_("web.rate_limited.tokens"),
    "writes": N_("web.rate_limited.writes"),
}


def client_key(request: Request) -> str:
    """The client's address (behind the proxy, the one it forwards: ``serve`` trusts
    X-Forwarded-For from the local proxy only)."""
    return "ip:" + (request.client.host if request.client else "unknown")


def spend(registry: Registry, limit: Limit, key: str) -> None:
    """Count one attempt, or refuse it with 429 (blocking: call it from a worker thread)."""
    _refuse(limit, hit(registry, limit=limit, key=key))


def refuse_if_blocked(registry: Registry, limit: Limit, key: str) -> None:
    """Refuse with 429 a key already over its limit, counting nothing (blocking)."""
    _refuse(limit, blocked(registry, limit=limit, key=key))


def _refuse(limit: Limit, wait: int | None) -> None:
    if wait is not None:
        raise ApiError(
            429,
            "rate_limited",
            _TEXTS[limit.name],
            headers={"Retry-After": str(wait)},
            seconds=wait,
        )
