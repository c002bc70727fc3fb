"""A worker's short memory of public pages: the address page behind a plate and the map page,
as rendered for someone not signed in, kept for a few seconds so that a crowd scanning plates
(or a leader's meeting opening the map) costs one render per page, not one per phone.

Per worker, in memory, and bounded: at most ``size`` pages, the least recently used dropped
first, each for ``ttl`` seconds. A write that succeeds through this worker (any POST) empties
it, so one process always shows its own writes at once; another worker, or a command run
beside the server, is seen within ``ttl``. What it keeps is public (no personal data, nobody's
session), so a page a few seconds old shows at worst a plate confirmed a moment ago as not yet
installed, as the proxy's cache may (``Cache-Control: public, max-age=60``). Pages for a
signed-in user are never kept. It takes a lock (cheap): safe for a route that runs in a
thread."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

__all__ = ["ForgetOnWrite", "PageCache"]


class PageCache:
    def __init__(self, *, ttl: float = 30.0, size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self._pages: OrderedDict[str, _Kept] = OrderedDict()
        self._lock = threading.Lock()

    def _alive(self, key: str) -> _Kept | None:
        """The entry of ``key`` if not expired, marked recently used (under the lock)."""
        found = self._pages.get(key)
        if found is None:
            return None
        if found.expires < time.monotonic():
            del self._pages[key]
            return None
        self._pages.move_to_end(key)
        return found

    def get(self, key: str) -> str | None:
        with self._lock:
            found = self._alive(key)
            return None if found is None else found.page

    def answer(self, key: str) -> KeptAnswer | None:
        """The whole answer once sent for the kept page of ``key`` (see :class:`ReplayKept`),
        with the page's own lifetime: None once the page expired or was forgotten."""
        with self._lock:
            found = self._alive(key)
            return None if found is None else found.answer

    def attach(self, key: str, page: str, answer: KeptAnswer) -> None:
        """Keep ``answer`` beside ``page``, if ``page`` is still the one kept for ``key`` (a
        write, an expiry or a newer render in between leaves the newer entry alone)."""
        with self._lock:
            found = self._pages.get(key)
            if found is not None and found.page is page:
                found.answer = answer

    def put(self, key: str, page: str) -> None:
        with self._lock:
            self._pages[key] = _Kept(time.monotonic() + self.ttl, page)
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


@dataclass(frozen=True, slots=True)
class KeptAnswer:
    """A kept page's answer as it left the app: every header the route and the middlewares
    gave it (its ETag among them) and its body."""

    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: str


@dataclass(slots=True)
class _Kept:
    expires: float
    page: str
    answer: KeptAnswer | None = None


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
READS = frozenset({"GET", "HEAD", "OPTIONS"})
#: POSTs that change nothing (the scanner's photo, decoded): a day of scans keeps the cache.
UNCHANGING = frozenset({"/api/field/scan"})


class ForgetOnWrite:
    """Pure ASGI middleware: empties the worker's page cache after a write it answered with
    success (a confirmation, a report, an officer's edit), before the answer goes out."""

    def __init__(self, app: ASGIApp, *, pages: PageCache) -> None:
        self.app = app
        self.pages = pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") in READS
            or scope.get("path") in UNCHANGING
        ):
            await self.app(scope, receive, send)
            return

        async def forget_then_send(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 400:
                self.pages.clear()
            await send(message)

        await self.app(scope, receive, forget_then_send)
