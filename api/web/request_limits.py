"""Limits on what a request may make the server do, enforced before any work: the body's size per
route (on the ASGI stream, before routing, parsing or authentication: a 50 MB body to a route
that takes 64 KB is refused unread), the nesting depth of a JSON body (Python's parser would
otherwise recurse into a RecursionError), and the range of every integer id in a path (a
database integer is 64-bit; a larger number names no row and must not reach the driver).

A refusal is a :class:`~api.web.apierror.LimitExceeded`, worded from the catalog by the app's
one error handler like every other refusal."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Path
from starlette.datastructures import Headers
from starlette.requests import Request

from addrgen.catalog import N_
from api.services.uploads import MAX_UPLOAD_BYTES
from api.web.apierror import LimitExceeded
from api.web.errors import respond_to_limit
from api.web.security import HttpMiddleware, Message, Receive, Scope, Send

__all__ = [
    "DEFAULT_BODY_BYTES",
    "MAX_ID",
    "MAX_JSON_DEPTH",
    "PHOTO_BODY_BYTES",
    "UPLOAD_BODY_BYTES",
    "IdPath",
    "RequestLimits",
    "body_limit",
    "json_too_deep",
]

KB = 1024
MB = 1024 * KB
DEFAULT_BODY_BYTES = 64 * KB  # a JSON body or a form: a note, a few names, a position
PHOTO_BODY_BYTES = 6 * MB  # a confirmation: a photo of at most 5 MB and its fields
# An import's file (issue 15's limit), its multipart envelope and the form's other fields.
UPLOAD_BODY_BYTES = MAX_UPLOAD_BYTES + 1 * MB
MAX_JSON_DEPTH = 32  # no body the API documents nests deeper than 3
MAX_ID = 2**63 - 1  # the largest value of a 64-bit database integer

#: Routes that take more than the default, by the path they match in full (any method).
BODY_LIMITS: tuple[tuple[re.Pattern[str], int], ...] = (
    # /console/uploads: the import form's file, sent by the page's script to show its progress
    (re.compile(r"/api/imports|/console/import|/console/uploads"), UPLOAD_BODY_BYTES),
    (re.compile(r"/api/points/[^/]+/installations"), PHOTO_BODY_BYTES),
    (re.compile(r"/api/field/scan"), PHOTO_BODY_BYTES),  # the scanner's photo of a plate
)

IdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="A row's id (a positive integer)")]

_INNERMOST = re.compile(rb"\[\]|\{\}")
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")


def body_limit(path: str) -> int:
    """The most bytes a body sent to ``path`` may have."""
    return next((size for rule, size in BODY_LIMITS if rule.fullmatch(path)), DEFAULT_BODY_BYTES)


def json_too_deep(data: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether a JSON text nests arrays and objects deeper than ``limit``, found without
    parsing it: its strings removed, only its brackets kept, the innermost pairs are removed
    ``limit`` times; a bracket left opens a deeper level (or the text is broken: either way it
    is refused before the parser sees it). Each round is one pass in C, so a 6 MB body costs
    milliseconds, not a Python loop per byte."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return False  # the common case: too few brackets to nest that deep
    brackets = _STRING.sub(b"", data).translate(None, _NOT_BRACKET)
    for _ in range(limit):
        brackets = _INNERMOST.sub(b"", brackets)
        if not brackets:
            return False
    return b"[" in brackets or b"{" in brackets


def _is_json(headers: Headers) -> bool:
    kind = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


class RequestLimits(HttpMiddleware):
    """Pure ASGI middleware: a body announced larger than its route takes is answered 413 at
    once (the app never runs); a body without Content-Length (chunked) is counted as it
    arrives and refused at the first byte over; a JSON body is checked for depth once whole,
    before the route parses it."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = body_limit(scope.get("path", ""))
        headers = Headers(scope=scope)
        announced = headers.get("content-length", "")
        if announced.isdigit() and int(announced) > limit:
            response = respond_to_limit(Request(scope), too_large(limit))
            await response(scope, receive, send)
            return
        await self.app(scope, _counted(receive, limit, json=_is_json(headers)), send)


def too_large(limit: int) -> LimitExceeded:
    """The refusal of a body over ``limit`` bytes, which it names in KB or, from 1 MB, in MB."""
    if limit < MB:
        return LimitExceeded(413, "too_large", N_("web.too_large"), kilobytes=limit // KB)
    return LimitExceeded(413, "too_large", N_("web.too_large_mb"), megabytes=limit // MB)


def _counted(receive: Receive, limit: int, *, json: bool) -> Receive:
    """``receive``, refusing (by raising, so the route stops reading) past ``limit`` bytes and,
    for JSON, a body nested too deep."""
    seen = 0
    body = bytearray()

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] != "http.request":
            return message
        chunk: bytes = message.get("body", b"")
        seen += len(chunk)
        if seen > limit:
            raise too_large(limit)
        if json:
            body.extend(chunk)
            if not message.get("more_body", False) and json_too_deep(bytes(body)):
                raise LimitExceeded(
                    422, "invalid_body", N_("web.body.too_deep"), depth=MAX_JSON_DEPTH
                )
        return message

    return counted
