"""The import preview's map (issue 15): where a points file's rows fall, or a villages file's
outlines, over the commune's registered villages, as JSON-ready data. The console's page embeds
it as a JSON data block that its script reads (no inline script); bounded whatever the file's
size (:data:`gis.ingest.preview.MAP_GOOD`, :data:`~gis.ingest.preview.MAP_BAD`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from shapely.geometry.base import BaseGeometry

from api.services.imports import UploadPreview
from gis.errors import Problem
from gis.registry.communes import Commune
from gis.registry.villages import list_villages
from gis.registry.villages_import import read_village_layer
from gis.spatial.geometry import DRAWN_DIGITS as DIGITS
from gis.spatial.geometry import light_geojson
from gis.storage.db import Registry

__all__ = ["preview_map"]


def preview_map(registry: Registry, commune: Commune, preview: UploadPreview) -> dict[str, Any]:
    """``villages``: the registered outlines (GeoJSON); ``outlines``: a villages file's
    (GeoJSON, else None); ``points``: ``[lat, lon, row, bad]`` of the rows shown, with how many
    good and bad rows have a position (``good_total``, ``bad_total``)."""
    with registry.read() as conn:
        registered = [(v.name, v.boundary) for v in list_villages(conn, commune)]
    doc: dict[str, Any] = {
        "villages": _collection(registered),
        "outlines": None,
        "points": [],
        "good_total": 0,
        "bad_total": 0,
    }
    if preview.upload.request.target == "villages":
        doc["outlines"] = _collection(_file_outlines(commune, preview))
        return doc
    p = preview.positions
    if p is not None:
        doc["points"] = [
            [round(lat, DIGITS), round(lon, DIGITS), row, int(bad)]
            for lat, lon, row, bad in zip(p.lat, p.lon, p.rows, p.bad, strict=True)
        ]
        doc["good_total"], doc["bad_total"] = p.good_total, p.bad_total
    return doc


def _file_outlines(commune: Commune, preview: UploadPreview) -> list[tuple[str, BaseGeometry]]:
    """The villages file's outlines as the import reads them (its bad rows left out: the
    preview's table names them)."""
    req = preview.upload.request
    ignored: list[Problem] = []
    read = read_village_layer(
        preview.upload.path,
        name_field=req.name_field,
        expected_field=req.expected_field,
        crs=req.crs,
        problems=ignored,
        province=commune.province,
        layer=req.layer,
    )
    return [(name, geom) for name, geom, _ in read]


def _collection(shapes: Iterable[tuple[str, BaseGeometry]]) -> dict[str, Any]:
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": light_geojson(geom),
        }
        for name, geom in shapes
    ]
    return {"type": "FeatureCollection", "features": features}
