"""The one place where errors become responses: JSON ``{"error": {"code", "message", "field"?,
"value"?}}`` under ``/api`` and ``/ogc``, a page everywhere else.

A core error (:class:`addrgen.errors.DiachisoError`) carries its code and data; the web's own
refusals (:class:`ApiError`: a rate limit, a bad cursor…) a code and a catalog id. Either way the
sentence comes from the catalog, in the reader's language: the page's on a page; in the API the
request's (``?lang=``, else Accept-Language, else the registry's language). The code is what
scripts match on; it never depends on the language. The HTTP status follows the error's class."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from addrgen.catalog import message
from addrgen.errors import AddrgenError, DiachisoError, InvalidCode
from api.services.printing import PlatesError
from api.web.apierror import ApiError, LimitExceeded
from api.web.deps import lang_of, render, state_of
from api.web.i18n import TEXTS, Lang, pick_lang
from gis.errors import Conflict, ImportRejected, InvalidInput, NotFound, RegistryError
from gis.field.accounts import Forbidden, Unauthorized

__all__ = ["ApiError", "api_lang", "install_error_handlers", "respond_to_limit"]

STATUS: list[tuple[type[Exception], int]] = [
    (Unauthorized, 401),
    (Forbidden, 403),
    (NotFound, 404),
    (InvalidCode, 404),  # a code with a bad check digit names no address
    (InvalidInput, 422),
    (ImportRejected, 422),  # bad rows: the request is understood, its file is not importable
    (AddrgenError, 422),
    (PlatesError, 422),  # a batch the printer refuses (a final one to a local PUBLIC_URL…)
    (Conflict, 409),
    (RegistryError, 400),
    (DiachisoError, 400),  # any other refusal of the core is bad input too
]


@dataclass(frozen=True)
class Refusal:
    """What a response says about an error, whichever face shows it."""

    status: int
    code: str
    say: Callable[[Lang], str]  # the message in a language
    field: str | None = None
    value: str | None = None

    def body(self, lang: Lang) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.say(lang)}
        if self.field is not None:
            error["field"] = self.field
        if self.value is not None:
            error["value"] = self.value
        return {"error": error}


def api_lang(request: Request) -> Lang:
    """The language of an API answer's message: ``?lang=``, else the client's Accept-Language,
    else the registry's language."""
    query, accept = request.query_params.get("lang"), request.headers.get("accept-language")
    return pick_lang(query, accept, state_of(request).lang)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DiachisoError, _core_error)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)


async def _core_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DiachisoError)
    status = next(s for cls, s in STATUS if isinstance(exc, cls))
    refusal = Refusal(status, exc.code, exc.message, exc.field, exc.value)
    return respond(request, refusal, exc)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    refusal = Refusal(exc.status, exc.code, exc.message, exc.field, exc.value)
    return respond(request, refusal, exc, exc.headers)


#: The catalog's words for what pydantic found wrong in a body, by its error type (the first
#: matching prefix); anything else is an invalid value.
_BODY_PROBLEMS = (
    ("missing", "web.body.missing"),
    ("float", "web.body.not_a_number"),
    ("int", "web.body.not_a_number"),
    ("greater_than_equal", "web.body.at_least"),
    ("less_than_equal", "web.body.at_most"),
    ("greater_than", "web.body.too_small"),
    ("less_than", "web.body.too_large"),
    ("string_too_long", "web.body.too_long"),
    ("string_too_short", "web.body.too_short"),
    ("literal_error", "web.body.one_of"),
    ("enum", "web.body.one_of"),
    ("json_invalid", "web.body.not_json"),
    ("model_attributes_type", "web.body.not_json"),
    ("dict_type", "web.body.not_json"),
)


def body_problems(errors: list[Any], lang: Lang) -> str:
    """What is wrong with a request's body, field by field (five at most), in ``lang``."""
    parts = []
    for err in errors[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query"))
        kind = str(err.get("type", ""))
        text_id = next((t for p, t in _BODY_PROBLEMS if kind.startswith(p)), "web.body.invalid")
        said = message(text_id, lang, **{k: v for k, v in (err.get("ctx") or {}).items()})
        parts.append(f"{where}: {said}" if where else said)
    return "; ".join(parts) or message("web.body.invalid", lang)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if errors and all(err.get("loc", ("",))[0] == "path" for err in errors):
        # An id that is not a number, or beyond any row's (IdPath), names nothing: 404.
        refusal = Refusal(404, "not_found", lambda lang: message("web.no_such_page", lang))
        return respond(request, refusal, exc)
    return respond(
        request, Refusal(422, "invalid_body", lambda lang: body_problems(errors, lang)), exc
    )


_HTTP_CODES = {404: ("not_found", "web.no_such_page"), 405: ("method_not_allowed", "web.method")}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if isinstance(exc, LimitExceeded):
        return respond_to_limit(request, exc)
    code, text_id = _HTTP_CODES.get(exc.status_code, ("http_error", "web.http_error"))
    headers = dict(exc.headers) if exc.headers else None
    refusal = Refusal(
        exc.status_code, code, lambda lang: message(text_id, lang, status=exc.status_code)
    )
    return respond(request, refusal, exc, headers)


def respond_to_limit(request: Request, exc: LimitExceeded) -> Response:
    """A request refused by a limit: its own code and words, as a page or as JSON."""
    return respond(request, Refusal(exc.status_code, exc.code, exc.message), exc)


def respond(
    request: Request, refusal: Refusal, exc: Exception, headers: dict[str, str] | None = None
) -> Response:
    # GIS tools read /ogc's refusals as JSON like the API's.
    path = request.url.path
    if path.startswith(("/api/", "/ogc/")) or path in ("/healthz", "/ogc"):
        body = refusal.body(api_lang(request))
        return JSONResponse(body, status_code=refusal.status, headers=headers)
    lang = lang_of(request)
    title, text = _page_text(request, refusal, exc, lang)
    page = render(request, "error.html", lang, title=title, message=text)
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
    return title, texts["error.generic"].format(message=refusal.say(lang))
