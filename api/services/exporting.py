"""The registry's export as a download (the console's and the JSON API's): the very file
``diachiso export --format …`` writes (gis.views.exporting.export_points), read back as bytes.
One writer for the CLI and the web, so the two can never disagree."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from addrgen.vocab import Lang
from gis.registry.communes import Commune
from gis.storage.db import Registry
from gis.views.exporting import WGS84, ExportFormat, export_points

__all__ = ["EXPORT_FORMATS", "MEDIA_TYPES", "Exported", "export_file"]

EXPORT_FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)
MEDIA_TYPES: dict[ExportFormat, str] = {
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Exported:
    """An export file: its bytes, the name to save it under, its media type, how many points."""

    content: bytes
    file_name: str
    media_type: str
    count: int


def export_file(
    registry: Registry,
    communes: Sequence[Commune],
    *,
    fmt: ExportFormat,
    lang: Lang = "vi",
    crs: int = WGS84,
) -> Exported:
    """The points of ``communes`` in ``fmt`` and ``crs``, as ``export`` writes them (read only:
    the registry's write lock is never taken). ``lang`` is the Excel sheet's language and the
    GeoPackage's aliases. One commune's file is named by its code, several communes' ``all``."""
    place = communes[0].commune_code if len(communes) == 1 else "all"
    name = f"diachiso-{place}.{fmt}"
    # The GeoPackage driver writes to a path, not a stream: a private folder, gone afterwards.
    with tempfile.TemporaryDirectory(prefix="diachiso-export-") as folder:
        out = Path(folder) / name
        with registry.read() as conn:
            count = export_points(conn, communes, fmt, out, lang=lang, crs=crs)
        content = out.read_bytes()
    return Exported(content, name, MEDIA_TYPES[fmt], count)
