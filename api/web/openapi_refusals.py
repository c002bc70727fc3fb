"""The refusals every documented route may give, written into the OpenAPI document so that it
tells a client (and the fuzzer, tests/api/test_fuzz.py) every status it can receive: whatever a
route declares itself, any request can be refused for its body's size (413), its credentials
(401 a wrong token, 403, 429 after too many wrong tokens), its parameters (400, 404, 422: a
commune or a code that names nothing). Under /api (and /healthz) a refusal is the JSON error
body; elsewhere it is a page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.routing import APIRoute

from api.web.models import ErrorBody

__all__ = ["document_refusals"]

SHARED: dict[int, str] = {
    400: "The request cannot be done as asked (the registry's refusal says why)",
    401: "Signed out, or a wrong token or session",
    403: "Signed in without the right (or without the session's CSRF token)",
    404: "Names no such thing (a code, a commune, an id)",
    413: "The body is over the route's limit (read no further)",
    422: "A parameter or the body is not valid",
    429: "Too many attempts: wait (Retry-After)",
}


def document_refusals(router: APIRouter) -> None:
    """Add :data:`SHARED` to every documented route of ``router`` that does not declare the
    status itself (before the app includes it: the document is built from what it includes)."""
    for route in router.routes:
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        json = route.path.startswith("/api/") or route.path == "/healthz"
        for status, description in SHARED.items():
            answer: dict[str, Any] = (
                {"model": ErrorBody, "description": description}
                if json
                else {"description": description, "content": {"text/html": {}}}
            )
            route.responses.setdefault(status, answer)
