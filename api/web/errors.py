"""The one place where errors become responses: JSON ``{"error": {"code", "message"}}`` under
``/api`` and a friendly page (Vietnamese, or English) everywhere else."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from addrgen.errors import AddrgenError, InvalidCode
from api.web.deps import render
from api.web.i18n import TEXTS, pick_lang
from gis.errors import Conflict, InvalidInput, NotFound, RegistryError
from gis.field.accounts import Forbidden, Unauthorized

__all__ = ["ApiError", "install_error_handlers"]

STATUS: list[tuple[type[Exception], int]] = [
    (Unauthorized, 401),
    (Forbidden, 403),
    (NotFound, 404),
    (InvalidCode, 404),  # a code with a bad check digit names no address
    (InvalidInput, 422),
    (AddrgenError, 422),
    (Conflict, 409),
    (RegistryError, 400),
]


class ApiError(Exception):
    """An HTTP-level refusal that is not the core's (rate limit, bad cursor…)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RegistryError, _core_error)
    app.add_exception_handler(AddrgenError, _core_error)
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


def _code_of(exc: Exception) -> str:
    if isinstance(exc, InvalidCode):
        return f"invalid_code.{exc.reason}"
    code = str(getattr(exc, "code", "error"))
    if " " in code:  # transition: an error still raised with a sentence instead of a code
        return next((c for cls, c in _LEGACY_CODES if isinstance(exc, cls)), "error")
    return code


async def _core_error(request: Request, exc: Exception) -> Response:
    status = next(s for cls, s in STATUS if isinstance(exc, cls)) if _known(exc) else 500
    return respond(request, status, _code_of(exc), str(exc), exc)


def _known(exc: Exception) -> bool:
    return any(isinstance(exc, cls) for cls, _ in STATUS)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return respond(request, exc.status, exc.code, str(exc), exc)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else err.get("msg", ""))
    return respond(request, 422, "invalid_body", "; ".join(parts) or "invalid request", exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    headers = dict(exc.headers) if exc.headers else None
    return respond(request, exc.status_code, code, str(exc.detail), exc, headers)


def respond(
    request: Request,
    status: int,
    code: str,
    message: str,
    exc: Exception,
    headers: dict[str, str] | None = None,
) -> Response:
    if request.url.path.startswith("/api/") or request.url.path == "/healthz":
        body = {"error": {"code": code, "message": message}}
        return JSONResponse(body, status_code=status, headers=headers)
    lang = pick_lang(request.query_params.get("lang"), request.headers.get("accept-language"))
    texts = TEXTS[lang]
    given = str(request.path_params.get("code", ""))
    if isinstance(exc, InvalidCode):
        key = "check_digit" if exc.reason == "check_digit" else "bad_code"
        title, text = texts["not_found.title"], texts[key].format(code=given)
    elif isinstance(exc, NotFound) and given:
        title, text = texts["not_found.title"], texts["not_found.code"].format(code=given)
    elif status == 404:
        title, text = texts["not_found.title"], texts["error.generic"].format(message=message)
    else:
        title, text = texts["error.title"], texts["error.generic"].format(message=message)
    page = render(request.app.state.diachiso, "error.html", lang, title=title, message=text)
    return HTMLResponse(page, status_code=status, headers=headers)
