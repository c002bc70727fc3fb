"""The coverage map page, built with folium: for the live `/map` (assets served by the app, data
fetched from the API) and for `diachiso map --out` (one file: assets inlined, data embedded).

folium's page pulls Leaflet, jQuery, Bootstrap, Font Awesome and Leaflet.awesome-markers from
CDNs. This page needs only Leaflet and Leaflet.markercluster, so its asset lists are replaced by
those two, served from the XStatic packages (no request leaves for the internet but the tiles).
Our own drawing is api/static/map.js, which reads its settings from a JSON block on the page."""

from __future__ import annotations

import base64
import json
import mimetypes
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure

from addrgen.colours import SHADES, STATUS_COLOURS
from addrgen.formatting import format_percent
from addrgen.vocab import KINDS, REVIEW_LABELS, Status, label
from api.web.i18n import TEXTS, Lang, section

__all__ = [
    "OSM_TILES",
    "SHADES",
    "STATUS_COLOURS",
    "Asset",
    "MapPage",
    "assets",
    "embedded_json",
    "render_map",
    "shade",
    "tile_host",
    "tile_url",
]

STATIC = Path(__file__).resolve().parent / "static"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'


def _texts(lang: Lang) -> dict[str, str]:
    """The legend's and the popups' words: the catalog's ``page.map.*`` entries, and the
    vocabulary's labels for installed plates and the review flag (the address page and the
    dashboard say the same)."""
    installed, review = label(Status.installed, lang), REVIEW_LABELS[lang]
    return {
        **section(lang, "map."),
        "legend": installed,
        "installed": installed,
        "review": review,
        "needs_review": review,
    }


@dataclass(frozen=True)
class Asset:
    url: str  # where the app serves it
    path: Path  # the installed file, for inlining

    @property
    def is_css(self) -> bool:
        return self.url.endswith(".css")


def assets() -> list[Asset]:
    """Every script and stylesheet of the page, in load order (from the installed packages)."""
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as cluster

    lf, mc = Path(leaflet.BASE_DIR), Path(cluster.BASE_DIR)
    return [
        Asset("/static/leaflet/leaflet.css", lf / "leaflet.css"),
        Asset("/static/markercluster/MarkerCluster.css", mc / "MarkerCluster.css"),
        Asset("/static/markercluster/MarkerCluster.Default.css", mc / "MarkerCluster.Default.css"),
        Asset("/static/map.css", STATIC / "map.css"),
        Asset("/static/leaflet/leaflet.js", lf / "leaflet.js"),
        Asset("/static/markercluster/leaflet.markercluster.js", mc / "leaflet.markercluster.js"),
    ]


def shade(percent: float) -> str:
    """The fill of a village with ``percent`` of its points installed."""
    return [colour for bound, colour in SHADES if percent >= bound][-1]


def tile_url(tiles: str) -> str | None:
    """The URL template of the ``map_tiles`` setting's tiles, or None without tiles."""
    if tiles == "none":
        return None
    return OSM_TILES if tiles == "openstreetmap" else tiles


def tile_host(tiles: str) -> str | None:
    """The origin the page's tiles come from (for its CSP), or None without tiles."""
    url = tile_url(tiles)
    if url is None:
        return None
    return re.sub(r"^(https://[^/]+).*$", r"\1", url).replace("{s}.", "*.")


@dataclass(frozen=True)
class MapPage:
    """What a map page shows: where, in which language, and where its data comes from."""

    commune: str
    bounds: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
    lang: Lang
    tiles: str
    address_base: str  # "" on the live page (same site), the public URL in an export
    villages: dict[str, Any] | None = None  # embedded data (export); None: fetched live
    points: dict[str, Any] | None = None
    query: str = ""  # extra query string for the API (e.g. the commune)


def render_map(page: MapPage, *, inline: bool = False, nonce: str | None = None) -> str:
    """The page's HTML. ``inline`` puts every asset into the page (an export that opens from
    disk); ``nonce`` marks the inline scripts and styles folium writes, for the page's CSP."""
    x0, y0, x1, y1 = page.bounds
    m = folium.Map(location=[(y0 + y1) / 2, (x0 + x1) / 2], zoom_start=14, tiles=None, maxZoom=19)
    m.default_js, m.default_css = [], []  # no CDN: our assets are added below
    url = tile_url(page.tiles)
    if url is not None:
        folium.TileLayer(url, attr=OSM_ATTRIBUTION, name="tiles", max_zoom=19).add_to(m)
    m.fit_bounds([[y0, x0], [y1, x1]])
    root = m.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(Element('<link rel="icon" href="data:,">'))  # no /favicon.ico request
    for asset in assets():
        root.header.add_child(Element(_asset_tag(asset, inline)))
    config = _config(page, m.get_name())
    # A data block is never executed, so the CSP needs no nonce for it.
    data = embedded_json(config)
    root.header.add_child(
        Element(f'<script type="application/json" id="diachiso-config">{data}</script>')
    )
    root.header.add_child(
        Element(f"<title>{escape(page.commune)} — {_texts(page.lang)['legend']}</title>")
    )
    map_js = STATIC / "map.js"
    script = (
        f"<script>{map_js.read_text(encoding='utf-8')}</script>"
        if inline
        else '<script src="/static/map.js" defer></script>'
    )
    root.html.add_child(Element(script))
    html: str = root.render()
    html = html.replace("<html>", f'<html lang="{page.lang}">', 1)
    if nonce is not None:
        html = re.sub(r"<(script|style)>", rf'<\1 nonce="{nonce}">', html)
    return html


# What no name may put into a script block as itself: "<" and ">" (a "</script>" would end the
# block, a "<!--<script>" would make the parser run past its real end), "&", and the line
# separators older JavaScript parsers end a string at. JSON's \u escapes read back the same.
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def embedded_json(data: Any) -> str:
    """``data`` as JSON to stand inside an HTML ``<script type="application/json">`` block: no
    name, however written, can end the block early or change how the page parses."""
    text = json.dumps(data, ensure_ascii=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group(0)], text)


def _config(page: MapPage, map_name: str) -> dict[str, Any]:
    t, words = TEXTS[page.lang], _texts(page.lang)
    return {
        "mapName": map_name,
        "mode": "live" if page.points is None else "static",
        "villagesUrl": "/api/villages" + page.query,
        "featuresUrl": "/api/map/features",
        "query": page.query.lstrip("?"),
        "addressBase": page.address_base,
        "dashboardUrl": None if page.points is not None else f"/dashboard?lang={page.lang}",
        "commune": page.commune,
        # Numbers are written by the page's script with Intl in this language; "%" as the
        # server writes it (Vietnamese "61,7 %" with a no-break space, English "61.7%").
        "lang": page.lang,
        "percentSign": format_percent(0, page.lang, digits=0).removeprefix("0"),
        "kinds": list(KINDS),
        "shades": [list(s) for s in SHADES],
        "colours": STATUS_COLOURS,
        "texts": {
            **words,
            "kind": {k: t[f"kind.{k}"] for k in KINDS},
            "status": {
                **{s: t[f"status.{s}"] for s in STATUS_COLOURS if s != "review"},
                "review": words["review"],
            },
            "code": t["code"],
            "name": t["name"],
            "kindLabel": t["kind"],
            "statusLabel": t["status"],
        },
        "villages": page.villages,
        "points": page.points,
    }


def _asset_tag(asset: Asset, inline: bool) -> str:
    if not inline:
        if asset.is_css:
            return f'<link rel="stylesheet" href="{asset.url}">'
        return f'<script src="{asset.url}"></script>'
    text = asset.path.read_text(encoding="utf-8")
    if asset.is_css:
        return f"<style>{_inline_urls(text, asset.path.parent)}</style>"
    safe = text.replace("</script", "<\\/script")
    return f"<script>{safe}</script>"


def _inline_urls(css: str, folder: Path) -> str:
    """A stylesheet's relative url(...) images as data: URIs (a file on disk has no server)."""

    def data_uri(match: re.Match[str]) -> str:
        ref = match.group(1).strip("'\"")
        target = folder / ref
        if ref.startswith(("data:", "http")) or not target.is_file():
            return match.group(0)
        mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return f"url(data:{mime};base64,{base64.b64encode(target.read_bytes()).decode()})"

    return re.sub(r"url\(([^)]+)\)", data_uri, css)
