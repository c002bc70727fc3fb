"""The colours the app draws statuses and coverage in: the map (api/web/mapview.py) and the
GeoPackage's QGIS styles (gis/views/export_styles.py) read them here, so a point is the same
colour on the web map and in QGIS."""

from __future__ import annotations

__all__ = ["SHADES", "STATUS_COLOURS"]

# Share of installed plates (%, lower bound) → a village's fill, red (behind) to green (done).
SHADES: tuple[tuple[float, str], ...] = (
    (0.0, "#d7191c"),
    (25.0, "#fdae61"),
    (50.0, "#fee08b"),
    (75.0, "#a6d96a"),
    (100.0, "#1a9641"),
)
STATUS_COLOURS = {
    "registered": "#9e9e9e",
    "coded": "#1f78b4",
    "printed": "#ff7f00",
    "installed": "#33a02c",
    "review": "#e31a1c",
}
