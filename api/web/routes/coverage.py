"""Public coverage figures: the commune's villages as GeoJSON, and the coverage document."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from api.web.caching import PUBLIC
from api.web.deps import StateDep
from gis.registry.communes import get_commune
from gis.views.coverage import coverage as coverage_doc
from gis.views.public import villages_collection

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["coverage"])
CommuneQuery = Annotated[
    str | None, Query(description="The commune, when the registry holds more than one")
]


@router.get("/villages", summary="Village polygons with their coverage figures (GeoJSON)")
def villages(state: StateDep, response: Response, commune: CommuneQuery = None) -> dict[str, Any]:
    response.headers.update(PUBLIC)
    with state.registry.read() as conn:
        return villages_collection(conn, get_commune(conn, commune, field="commune"))


@router.get(
    "/coverage",
    summary="Coverage per village and for the commune",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "commune": {
                            "name": "xã Thạch Bình",
                            "total": 812,
                            "coded": 812,
                            "printed": 300,
                            "installed": 120,
                            "needs_review": 3,
                            "remaining": 692,
                            "percent_installed": 14.8,
                            "expected": 830,
                        },
                        "villages": [],
                    }
                }
            }
        }
    },
)
def coverage(state: StateDep, response: Response, commune: CommuneQuery = None) -> dict[str, Any]:
    response.headers.update(PUBLIC)
    with state.registry.read() as conn:
        return coverage_doc(conn, get_commune(conn, commune, field="commune"))
