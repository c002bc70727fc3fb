"""The web app, built by a factory from the settings (never at import time): the public address
pages and API, the volunteer's sign-in and confirmation, and their OpenAPI document."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.services.uploads import UploadStore, upload_root
from api.web.caching import PublicCache, PublicLocation
from api.web.deps import AppState
from api.web.errors import install_error_handlers
from api.web.limits import WebLimits
from api.web.openapi_refusals import document_refusals
from api.web.pagecache import ForgetOnWrite
from api.web.replay import ReplayKept
from api.web.request_limits import RequestLimits
from api.web.routes import (
    address,
    api_docs,
    batches_api,
    console,
    console_export,
    console_followup,
    console_points,
    console_print,
    console_villages,
    console_volunteers,
    coverage,
    dashboard,
    export_api,
    field,
    field_scan,
    fieldwork,
    followup_api,
    imports,
    notices_api,
    ogc,
    pages,
    points,
    signin,
    users_api,
)
from api.web.routes import map as map_routes
from api.web.security import SecurityHeaders, strict_transport
from gis.field.installations import InstallRules
from gis.settings import Settings, resolve_secret_key
from gis.storage.db import Registry, open_registry

__all__ = ["create_app"]

STATIC = Path(__file__).resolve().parent / "static"
DESCRIPTION = """Địa chỉ số: the public page and API behind every address plate's QR, and the
volunteers' confirmation that a plate is on the wall.

Reads are public and never carry personal data. Writes need a session cookie (with its
`X-CSRF-Token`) or an `Authorization: Bearer` token: 401 without, 403 without the right, 422 for
an invalid body. Errors are `{"error": {"code", "message"}}`."""


def create_app(
    settings: Settings,
    *,
    registry: Registry | None = None,
    rules: InstallRules | None = None,
) -> FastAPI:
    import xstatic.pkg.leaflet as leaflet  # served locally: the page works without a CDN
    import xstatic.pkg.leaflet_markercluster as markercluster

    state = AppState(
        settings=settings,
        registry=registry or open_registry(settings.database_url),
        secret_key=resolve_secret_key(settings),
        rules=rules
        or InstallRules(
            review_distance_m=settings.review_distance_m,
            review_accuracy_m=settings.review_accuracy_m,
        ),
        limits=WebLimits.of(settings),
        uploads=UploadStore(upload_root(settings.database_url)),
    )
    app = FastAPI(
        title="Địa chỉ số",
        version="0.1.0",
        description=DESCRIPTION,
        docs_url=None,  # FastAPI's pages load from CDNs; api_docs serves local copies
        redoc_url=None,
    )
    app.state.diachiso = state
    install_error_handlers(app)
    app.add_middleware(ForgetOnWrite, pages=state.pages)
    app.add_middleware(RequestLimits)  # inside SecurityHeaders: a refusal has its headers too
    hsts = strict_transport(
        production=settings.env == "production", subdomains=settings.hsts_include_subdomains
    )
    app.add_middleware(PublicCache)
    app.add_middleware(PublicLocation, public_url=settings.public_url)
    app.add_middleware(SecurityHeaders, hsts=hsts)
    app.add_middleware(ReplayKept, pages=state.pages)  # outermost: records the whole answer
    app.mount("/static/leaflet", StaticFiles(directory=leaflet.BASE_DIR), name="leaflet")
    app.mount(
        "/static/markercluster",
        StaticFiles(directory=markercluster.BASE_DIR),
        name="markercluster",
    )
    if settings.api_docs:
        app.mount(api_docs.ASSETS_URL, StaticFiles(directory=api_docs.ASSETS), name="apidocs")
        app.include_router(api_docs.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    routers = (pages, address, signin, points, coverage, fieldwork, field, map_routes, dashboard)
    consoles = (
        console,
        imports,
        console_volunteers,
        users_api,
        console_followup,
        followup_api,
        notices_api,
    )
    extra = (console_points, console_villages, console_export, export_api, ogc, field_scan)
    for module in (*routers, *consoles, console_print, batches_api, *extra):
        document_refusals(module.router)
        app.include_router(module.router)
    return app
