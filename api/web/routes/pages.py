"""The home page and the health check."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.web.deps import LangDep, MaybeAuthDep, render, state_of

__all__ = ["router"]

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, lang: LangDep, auth: MaybeAuthDep) -> HTMLResponse:
    user, csrf = (auth.user, auth.csrf) if auth else (None, None)
    page = render(request, "home.html", lang, user=user, csrf=csrf)
    return HTMLResponse(page, headers={"Cache-Control": "private, no-store"})


@router.get("/healthz", tags=["health"], summary="200 when the registry answers")
async def healthz(request: Request) -> dict[str, str]:
    state_of(request).ping()
    return {"status": "ok"}
