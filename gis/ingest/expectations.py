"""What an import expected in place of a bad cell, in the reader's words (issue 15).

A problem's ``expected`` parameter is data in the contract's English (``"a number"``,
``"-90 to 90"``: the CLI's ``--dry-run --json`` shows it as it is); the officer's console, the
JSON API's ``bad[].expected`` and the bad rows' workbook say it in the reader's language. Each
code of a bad row names here the catalog entry (``expected.<name>``) that says what was expected,
formatted with the problem's data like its message; a code without one expects nothing a cell
could say (a file-wide refusal, a note)."""

from __future__ import annotations

from addrgen.catalog import N_, t
from addrgen.vocab import Lang
from gis.errors import Problem

__all__ = ["EXPECTED", "expected_text"]

_NUMBER = N_("expected.number")
_POINT = N_("expected.point")
_NAME = N_("expected.name")
_POLYGON = N_("expected.polygon")
_AS_TYPED = N_("expected.as_typed")
_TEXT = N_("expected.text")
_LAT_LON = N_("expected.lat_lon_columns")

#: The catalog entry that says what each code of a bad row expected.
EXPECTED: dict[str, str] = {
    # positions
    "import.no_latitude": _NUMBER,
    "import.no_longitude": _NUMBER,
    "import.no_easting": _NUMBER,
    "import.no_northing": _NUMBER,
    "import.latitude_not_a_number": _NUMBER,
    "import.longitude_not_a_number": _NUMBER,
    "import.easting_not_a_number": _NUMBER,
    "import.northing_not_a_number": _NUMBER,
    "import.ambiguous_number": N_("expected.unambiguous_number"),
    "import.pair_in_cell": N_("expected.one_number"),
    "import.not_a_pair": N_("expected.pair"),
    "import.no_pair": N_("expected.pair"),
    "import.latitude_out_of_range": N_("expected.latitude"),
    "import.longitude_out_of_range": N_("expected.longitude"),
    "import.swapped_coordinates": _LAT_LON,
    "import.swapped_geometry": N_("expected.lon_lat_order"),
    "import.no_geometry": _POINT,
    "import.not_a_point": _POINT,
    "import.line_not_a_point": _POINT,
    "import.multipoint_not_a_point": _POINT,
    "import.area_not_a_point": _POINT,
    "point.outside_villages": N_("expected.inside_village"),
    "point.duplicate_of_row": N_("expected.once"),
    "point.duplicate_of_registered": N_("expected.once"),
    "point.repeated_ref": N_("expected.ref_once"),
    # the other cells
    "point.unknown_kind": N_("expected.kind"),
    "point.agency_needs_name": _NAME,
    "point.heritage_needs_name": _NAME,
    "import.field_count": N_("expected.field_count"),
    "import.formula_without_value": N_("expected.formula_value"),
    "import.undecodable": _TEXT,
    "import.garbled_text": _TEXT,
    "import.glyph_missing": N_("expected.printable"),
    "import.name_is_date": _AS_TYPED,
    "import.ref_is_date": _AS_TYPED,
    "import.house_number_is_date": _AS_TYPED,
    "import.too_long": N_("expected.at_most"),
    # village outlines
    "villages.no_name": _NAME,
    "villages.no_boundary": _POLYGON,
    "villages.not_polygon": _POLYGON,
    "villages.polygon_invalid": _POLYGON,
    "villages.duplicate_name": N_("expected.village_once"),
    "villages.bad_expected": N_("expected.count"),
    "villages.boundary_differs": N_("expected.same_outline"),
}


def expected_text(problem: Problem, lang: Lang) -> str | None:
    """What ``problem``'s row expected, in ``lang``; None when its code names nothing."""
    key = EXPECTED.get(problem.code)
    return None if key is None else t(key, lang, **problem.arguments())
