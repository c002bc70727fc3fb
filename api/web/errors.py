"""The one place where errors become responses: JSON ``{"error": {"code", "message", "field"?,
"value"?}}`` under ``/api`` and a page (Vietnamese, or English) everywhere else.

A core error (:class:`addrgen.errors.DiachisoError`) carries its code and data; its sentence
comes from the catalog, in the page's language on a page and in English in the API (the code is
what scripts match on). The HTTP status follows the error's class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from addrgen.errors import AddrgenError, DiachisoError, InvalidCode
from api.web.deps import render
from api.web.i18n import TEXTS, Lang, pick_lang
from gis.errors import Conflict, InvalidInput, NotFound, RegistryError
from gis.field.accounts import Forbidden, Unauthorized

__all__ = ["API_LANG", "ApiError", "install_error_handlers"]

#: The language of the API's messages (pages speak the reader's).
API_LANG: Lang = "en"

STATUS: list[tuple[type[Exception], int]] = [
    (Unauthorized, 401),
    (Forbidden, 403),
    (NotFound, 404),
    (InvalidCode, 404),  # a code with a bad check digit names no address
    (InvalidInput, 422),
    (AddrgenError, 422),
    (Conflict, 409),
    (RegistryError, 400),
    (DiachisoError, 400),  # any other refusal of the core is bad input too
]


class ApiError(Exception):
    """An HTTP-level refusal that is not the core's (rate limit, bad cursor…)."""

    def __init__(self, status: int, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.field = field


@dataclass(frozen=True)
class Refusal:
    """What a response says about an error, whichever face shows it."""

    status: int
    code: str
    english: str  # the message in the API
    field: str | None = None
    value: str | None = None
    core: DiachisoError | None = None  # for a page's message in its own language

    def message(self, lang: Lang) -> str:
        return self.core.message(lang) if self.core is not None else self.english

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.english}
        if self.field is not None:
            error["field"] = self.field
        if self.value is not None:
            error["value"] = self.value
        return {"error": error}


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DiachisoError, _core_error)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)


_LEGACY_CODES: list[tuple[type[Exception], str]] = [
    (Unauthorized, "unauthorized"),
    (Forbidden, "forbidden"),
    (NotFound, "not_found"),
    (InvalidInput, "invalid_input"),
    (Conflict, "conflict"),
]


def _code_of(exc: DiachisoError) -> str:
    if " " in exc.code:  # transition: an error still raised with a sentence instead of a code
        return next((c for cls, c in _LEGACY_CODES if isinstance(exc, cls)), "error")
    return exc.code


async def _core_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DiachisoError)
    status = next(s for cls, s in STATUS if isinstance(exc, cls))
    refusal = Refusal(status, _code_of(exc), exc.message(API_LANG), exc.field, exc.value, exc)
    return respond(request, refusal, exc)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return respond(request, Refusal(exc.status, exc.code, str(exc), exc.field), exc)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else err.get("msg", ""))
    message = "; ".join(parts) or "invalid request"
    return respond(request, Refusal(422, "invalid_body", message), exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    headers = dict(exc.headers) if exc.headers else None
    return respond(request, Refusal(exc.status_code, code, str(exc.detail)), exc, headers)


def respond(
    request: Request, refusal: Refusal, exc: Exception, headers: dict[str, str] | None = None
) -> Response:
    if request.url.path.startswith("/api/") or request.url.path == "/healthz":
        return JSONResponse(refusal.body(), status_code=refusal.status, headers=headers)
    lang = pick_lang(request.query_params.get("lang"), request.headers.get("accept-language"))
    title, text = _page_text(request, refusal, exc, lang)
    page = render(request.app.state.diachiso, "error.html", lang, title=title, message=text)
    return HTMLResponse(page, status_code=refusal.status, headers=headers)


def _page_text(request: Request, refusal: Refusal, exc: Exception, lang: Lang) -> tuple[str, str]:
    """The page's title and sentence: the address page's own words for a code that names no
    address, else the error's message in the page's language."""
    texts = TEXTS[lang]
    given = str(request.path_params.get("code", ""))
    if isinstance(exc, InvalidCode):
        key = "check_digit" if exc.reason == "check_digit" else "bad_code"
        return texts["not_found.title"], texts[key].format(code=given)
    if isinstance(exc, NotFound) and given:
        return texts["not_found.title"], texts["not_found.code"].format(code=given)
    title = texts["not_found.title"] if refusal.status == 404 else texts["error.title"]
    return title, texts["error.generic"].format(message=refusal.message(lang))
