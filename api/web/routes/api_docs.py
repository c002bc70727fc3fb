"""``/docs`` (Swagger UI) and ``/redoc``: the API's interactive documentation, served from this
app's own copies of the two viewers (the ``fastapi-offline`` package ships them), so the pages
work offline, load nothing from a CDN and stay under the strict CSP like every other page
(FastAPI's own pages fetch both viewers and Google Fonts from CDNs and start Swagger UI with an
inline script). Production may turn them off (``DIACHISO_API_DOCS=false``)."""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.web.deps import LangDep, render
from api.web.security import nonce_csp

__all__ = ["ASSETS", "ASSETS_URL", "router"]

ASSETS_URL = "/static/apidocs"  # the viewers' files, mounted by the app


def _assets() -> Path:
    import fastapi_offline  # only its files are used: they are a pinned, local copy

    return Path(fastapi_offline.__file__).resolve().parent / "static"


ASSETS = _assets()
router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request, lang: LangDep) -> HTMLResponse:
    page = render(request, "api_docs.html", lang, viewer="swagger", assets=ASSETS_URL)
    return HTMLResponse(page, headers={"Cache-Control": "public, max-age=3600"})


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request, lang: LangDep) -> HTMLResponse:
    """ReDoc writes its styles into ``<style>`` elements at run time: the page's CSP allows
    those that carry this answer's nonce, which ``api_docs.js`` gives them (as the map page
    does for folium's); nothing else is relaxed."""
    nonce = secrets.token_urlsafe(16)
    page = render(request, "api_docs.html", lang, viewer="redoc", assets=ASSETS_URL, nonce=nonce)
    headers = {"Cache-Control": "no-store", "Content-Security-Policy": nonce_csp(nonce, None)}
    return HTMLResponse(page, headers=headers)
