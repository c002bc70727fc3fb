"""`diachiso map --out FILE.html`: the coverage map as one self-contained file (Leaflet,
markercluster and our script inlined, the villages and points embedded) that opens from disk
with no server — to send by Zalo or e-mail. Only the background tiles need the internet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.web.i18n import Lang
from api.web.mapview import MapPage, render_map
from gis.settings import load_settings
from gis.views.aggregates import all_points, commune_bounds
from gis.views.public import villages_collection

__all__ = ["map_command"]


def map_command(
    out: Annotated[Path, typer.Option("--out", help="The HTML file to write.")],
    lang: Annotated[str, typer.Option("--lang", help="vi or en.")] = "vi",
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Registry URL (overrides DIACHISO_DATABASE_URL).", show_default=False
        ),
    ] = None,
    commune: Annotated[
        str | None,
        typer.Option("--commune", help="The commune, when the registry holds more than one."),
    ] = None,
) -> None:
    """Write the coverage map as one HTML file that opens without a server."""
    from api import cli

    if lang not in ("vi", "en"):
        raise typer.BadParameter(f"{lang!r}: expected vi or en", param_hint="--lang")
    language: Lang = "vi" if lang == "vi" else "en"
    settings = load_settings(database_url=db)
    registry = cli._registry(db)
    the_commune = cli._commune(registry, commune)
    with registry.read() as conn:
        page = MapPage(
            commune=the_commune.name,
            bounds=commune_bounds(conn, the_commune),
            lang=language,
            tiles=settings.map_tiles,
            address_base=settings.public_url,
            villages=villages_collection(conn, the_commune),
            points=all_points(conn, the_commune),
        )
    registry.dispose()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_map(page, inline=True), encoding="utf-8")
    count = page.points["count"] if page.points else 0
    cli.err.print(f"wrote {out} ({count} points, {out.stat().st_size:,} bytes)", markup=False)
