"""Reading a layer of village boundaries before anything is written: the name column, the
coordinate system (coordinates that cannot be degrees refused), each row's name and polygon
(:func:`gis.registry.village_checks.check_polygon`), the expected counts, one row per village.
Every finding about a row is a :class:`~gis.errors.Problem` with its row number.

The writing, and the checks against what is registered, are
:func:`gis.registry.villages.import_villages`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyproj.exceptions import CRSError
from shapely.geometry.base import BaseGeometry

from addrgen.catalog import N_
from gis.errors import InvalidInput, Problem
from gis.ingest.crs import describe_crs, source_crs, zone_note
from gis.ingest.sources import read_source
from gis.ingest.textrules import clean_name, name_fault, shown_text
from gis.ingest.zones import ZONE_EPSG, meridian_label, province_zones
from gis.registry.village_checks import check_degrees, check_polygon

__all__ = ["NAME_FIELDS", "Candidate", "read_village_layer"]

NAME_FIELDS = ("ten_thon", "name", "ten", "thon", "village", "ten_xom", "xom")

#: A village to add: its name, its boundary (WGS 84) and its expected address count, if given.
Candidate = tuple[str, BaseGeometry, int | None]


def read_village_layer(
    path: Path,
    *,
    name_field: str | None,
    expected_field: str | None,
    crs: str | None,
    problems: list[Problem],
    province: str | None = None,
    layer: str | None = None,
    glyphs: frozenset[str] | None = None,
) -> list[Candidate]:
    """The villages the layer holds, each row checked: what is wrong with a row goes to
    ``problems`` (with the row number as a person sees it) and the row is left out. ``crs``,
    the system the officer names, is read as a points import reads it (``province``: the
    commune's, whose zone a VN-2000 without one takes); ``layer``: which layer of a
    multi-layer source; ``glyphs``: the plate font's, which a name must be written in (every
    plate of the village prints it)."""
    table = read_source(path, layer=layer, shape="polygon")
    if table.geometry is None:
        raise InvalidInput("villages.not_a_layer", field="path", value=path.name)
    columns = [str(c) for c in table.frame.columns]
    name_col = _pick_name(columns, name_field, path.name)
    if expected_field is not None and expected_field not in columns:
        raise _missing_column(path.name, "expected_field", expected_field, columns)
    geoms = _to_wgs84(table.geometry, table.crs, crs, path.name, province, problems)
    candidates: list[Candidate] = []
    seen: dict[str, int] = {}
    for pos, row_no in enumerate(table.rows):
        name = clean_name(table.frame[name_col].iloc[pos])
        code, params = name_fault(name, glyphs=glyphs)
        if code:
            problems.append(Problem(path.name, row_no, name_col, shown_text(name), code, params))
            continue
        checked = check_polygon(path.name, row_no, name, geoms[pos], name_col, problems)
        expected = _expected(table.frame, pos, expected_field, path.name, row_no, problems)
        if checked is None or expected is False:
            continue
        if name in seen:
            problems.append(
                Problem(
                    path.name,
                    row_no,
                    name_col,
                    name,
                    "villages.duplicate_name",
                    {"first_row": seen[name]},
                )
            )
            continue
        seen[name] = row_no
        candidates.append((name, checked, expected if isinstance(expected, int) else None))
    return candidates


def _pick_name(columns: list[str], given: str | None, file: str) -> str:
    if given is not None:
        if given not in columns:
            raise _missing_column(file, "name_field", given, columns)
        return given
    lowered = {c.lower(): c for c in columns}
    for candidate in NAME_FIELDS:
        if candidate in lowered:
            return lowered[candidate]
    raise InvalidInput(
        "villages.no_name_column",
        field="name_field",
        file=file,
        looked_for=", ".join(NAME_FIELDS),
        columns=", ".join(columns),
    )


def _missing_column(file: str, parameter: str, column: str, columns: list[str]) -> InvalidInput:
    """A column named by ``parameter`` (the caller's option) that the file does not have."""
    return InvalidInput(
        "villages.no_column", field=parameter, value=column, file=file, columns=", ".join(columns)
    )


def _to_wgs84(
    geometry: Any,
    file_crs: str | None,
    given: str | None,
    file: str,
    province: str | None,
    problems: list[Problem],
) -> list[BaseGeometry]:
    try:
        crs = source_crs(given, file_crs, province=province, bounds=geometry.total_bounds)
    except CRSError as exc:  # the file's own system, which PROJ cannot read
        raise InvalidInput(
            "villages.unknown_crs", field="crs", value=file_crs, reason=str(exc)
        ) from exc
    problems.extend(zone_note(given, file_crs, crs, file=file, province=province))
    _refuse_other_zone(crs, file=file, province=province, from_file=file_crs is not None)
    series = geometry.set_crs(crs, allow_override=True)
    if series.crs.is_geographic and len(series.dropna()):
        # Metres read as degrees would be stored as such: refused before any reprojection.
        minx, miny, maxx, maxy = (float(v) for v in series.dropna().total_bounds)
        check_degrees((minx, miny, maxx, maxy), file=file, crs=series.crs.to_string())
    return list(series.to_crs("EPSG:4326"))


def _refuse_other_zone(crs: Any, *, file: str, province: str | None, from_file: bool) -> None:
    """Refuse a VN-2000 zone the commune's province does not map in, named by the file's .prj
    (``from_file``) or by ``--crs``: read in the neighbouring zone the villages land ≈ 26 km
    off, and a first import has no registered village to be far from (that once stored a
    shifted commune with exit 0)."""
    code = crs.to_epsg(min_confidence=70) or 0
    zones = province_zones(province)
    if code not in ZONE_EPSG.values() or not zones or code in zones:
        return
    raise InvalidInput(
        N_("villages.prj_other_zone") if from_file else "villages.crs_other_zone",
        field="crs",
        value=describe_crs(crs),
        file=file,
        province=province,
        crs=", ".join(f"EPSG:{z}" for z in zones),
        meridian=", ".join(meridian_label(z) for z in zones),
    )


def _expected(
    frame: Any, pos: int, column: str | None, file: str, row_no: int, problems: list[Problem]
) -> int | bool | None:
    if column is None:
        return None
    raw = str(frame[column].iloc[pos]).strip()
    if raw == "":
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = -1.0
    if value < 0 or value != int(value):
        problems.append(Problem(file, row_no, column, raw, "villages.bad_expected"))
        return False
    return int(value)
