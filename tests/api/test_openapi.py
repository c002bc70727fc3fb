"""Every HTTP route is in the OpenAPI document, with a description written for people."""

from __future__ import annotations

from pathlib import Path

from fastapi.routing import APIRoute

from api.web.app import create_app
from gis.settings import load_settings

HIDDEN = {"/", "/a/{code}"}  # the home page and the lower-case alias of /A/{code}


def test_every_route_is_documented(tmp_path: Path) -> None:
    app = create_app(load_settings(database_url=f"sqlite:///{tmp_path / 'r.sqlite'}"))
    spec = app.openapi()
    for route in app.routes:
        if not isinstance(route, APIRoute) or route.path in HIDDEN:
            continue
        assert route.path in spec["paths"], f"{route.path} is missing from the OpenAPI document"
        for method in route.methods or ():
            op = spec["paths"][route.path][method.lower()]
            generated = route.name.replace("_", " ").title()
            text = (op.get("summary") or "") + (op.get("description") or "")
            assert text and op.get("summary") != generated, f"{method} {route.path} undescribed"


def test_contract_routes_are_there(tmp_path: Path) -> None:
    app = create_app(load_settings(database_url=f"sqlite:///{tmp_path / 'r.sqlite'}"))
    paths = app.openapi()["paths"]
    for path, method in [
        ("/A/{code}", "get"),
        ("/api/points/{code}", "get"),
        ("/api/points", "get"),
        ("/api/villages", "get"),
        ("/api/coverage", "get"),
        ("/api/points/{code}/installations", "post"),
        ("/api/points/{code}/reports", "post"),
        ("/api/points/{code}/review", "post"),
        ("/api/reports/{report_id}/close", "post"),
        ("/signin/{token}", "get"),
        ("/signin/{token}", "post"),
        ("/map", "get"),
        ("/dashboard", "get"),
        ("/healthz", "get"),
    ]:
        assert method in paths.get(path, {}), f"{method.upper()} {path} (CONTRACT.md) is missing"
