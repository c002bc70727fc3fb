"""`diachiso map --out FILE.html`: the coverage map as one self-contained file (Leaflet,
markercluster and our script inlined, the villages and points embedded) that opens from disk
with no server — to send by Zalo or e-mail. Only the background tiles need the internet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from addrgen.catalog import N_
from api.cli.context import context_of
from api.cli.options import CommuneOpt, DbOpt
from api.web.mapview import MapPage, render_map
from gis.views.aggregates import all_points, commune_bounds
from gis.views.public import villages_collection

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("map", help=N_("cli.map.help"))(map_command)


def map_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help=N_("cli.map.opt.out"))],
    db: DbOpt = None,
    commune: CommuneOpt = None,
) -> None:
    """Write the coverage map as one HTML file that opens without a server, in the run's
    language (``--lang``, which may stand anywhere on the line)."""
    run = context_of(ctx)
    settings = run.settings(db)
    registry, the_commune = run.open_commune(db, commune)
    with registry.read() as conn:
        page = MapPage(
            commune=the_commune.name,
            bounds=commune_bounds(conn, the_commune),
            lang=run.lang,
            tiles=settings.map_tiles,
            address_base=settings.public_url,
            villages=villages_collection(conn, the_commune),
            points=all_points(conn, the_commune),
        )
    registry.dispose()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_map(page, inline=True), encoding="utf-8")
    count = page.points["count"] if page.points else 0
    run.tell("cli.map.done", file=str(out), points=run.num(count), size=run.num(out.stat().st_size))
