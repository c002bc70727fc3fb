"""The command line's advice after a message: what to type next, naming its own flags.

The core's message says what is wrong in words every face shares; the advice says what to do,
naming the command line's options and commands: the catalog's ``advice.<code>`` entries, one per
error, the same texts the officer's guide lists (:mod:`addrgen.advice`, its section "Khi gặp
lỗi thì làm gì"). The CLI adds it in brackets after the message, for the codes below, in the
run's language. Both the error handler (:mod:`api.cli.errors`) and the import's report lines
(:meth:`api.cli.context.CliContext.report`) use it."""

from __future__ import annotations

from typing import Any

from addrgen.catalog import N_, t

__all__ = ["HINTS", "hint_for"]

#: Error code → the catalog's key of its advice, ``advice.<code>`` (kin codes share their
#: kin's). A hint's fields come from the error's data.
HINTS: dict[str, str] = {
    "import.rejected": N_("advice.import.rejected"),
    "import.no_villages": N_("advice.import.no_villages"),
    "import.no_coordinate_columns": N_("advice.import.no_coordinate_columns"),
    "import.undecodable_file": N_("advice.import.undecodable"),
    "import.swapped_projected": N_("advice.import.swapped_projected"),
    "import.undecodable": N_("advice.import.undecodable"),
    "import.garbled_text": N_("advice.import.undecodable"),
    "import.ref_moved": N_("advice.import.ref_moved"),
    "import.ref_moved_uncoded": N_("advice.import.ref_moved"),
    "import.lon_lat_pair": N_("advice.import.lon_lat_pair"),
    "import.easting_northing_pair": N_("advice.import.easting_northing_pair"),
    "import.projected_needs_crs": N_("advice.import.projected_needs_crs"),
    "import.unconvertible": N_("advice.import.unconvertible"),
    "import.projected_given_geographic": N_("advice.import.projected_given_geographic"),
    "import.looks_vn2000": N_("advice.import.looks_vn2000"),
    "import.degrees_as_projected": N_("advice.import.degrees_as_projected"),
    "import.looks_vn2000_swapped": N_("advice.import.looks_vn2000_swapped"),
    "import.other_vn2000_zone": N_("advice.import.other_vn2000_zone"),
    "import.prj_other_zone": N_("advice.import.prj_other_zone"),
    "import.vn2000_choose_zone": N_("advice.import.vn2000_choose_zone"),
    "import.crs_conflict": N_("advice.import.crs_conflict"),
    "import.pair_in_cell": N_("advice.import.pair_in_cell"),
    "import.latlon_given_as_latitude": N_("advice.import.latlon_given_as_latitude"),
    "registry.missing": N_("advice.registry.missing"),
    "village.effective_without_rename": N_("advice.village.effective_without_rename"),
    "reprint.selection": N_("advice.reprint.selection"),
    "registry.no_commune": N_("advice.registry.no_commune"),
    "batch.nothing_to_print": N_("advice.batch.nothing_to_print"),
    "point.nothing_to_change": N_("advice.point.nothing_to_change"),
    "point.bad_phone": N_("advice.point.bad_phone"),
    "point.ref_taken": N_("advice.point.ref_taken"),
    "user.volunteer_needs_village": N_("advice.user.volunteer_needs_village"),
    "user.expires_without_token": N_("advice.user.expires_without_token"),
    "session.not_found": N_("advice.session.not_found"),
    "session.bad_number": N_("advice.session.not_found"),
    "reorg.not_found": N_("advice.reorg.not_found"),
    "reorg.village_name_clash": N_("advice.reorg.village_name_clash"),
    "reorg.rename_form": N_("advice.reorg.rename_form"),
    "point.ref_namespaced": N_("advice.point.ref_namespaced"),
    "plate_url.not_https": N_("advice.plate_url.not_https"),
    "plate_url.local_host": N_("advice.plate_url.not_https"),
    "villages.metres_as_degrees": N_("advice.villages.metres_as_degrees"),
    "villages.boundary_differs": N_("advice.villages.boundary_differs"),
    "villages.not_degrees": N_("advice.villages.not_degrees"),
    "villages.far_from_commune": N_("advice.villages.far_from_commune"),
    "villages.prj_other_zone": N_("advice.import.prj_other_zone"),
    "villages.crs_other_zone": N_("advice.import.other_vn2000_zone"),
    "import.several_layers": N_("advice.import.several_layers"),
    "import.wrong_encoding": N_("advice.import.wrong_encoding"),
    "import.json_needs_dry_run": N_("advice.import.json_needs_dry_run"),
    "import.area_not_a_point": N_("advice.import.area_not_a_point"),
    "import.no_points": N_("advice.import.area_not_a_point"),
}


def hint_for(code: str, lang: str, arguments: dict[str, Any]) -> str:
    """The CLI's advice for ``code`` in ``lang``, its fields filled from the error's or report
    line's data; empty when the code has none."""
    key = HINTS.get(code)
    return f"({t(key, lang, **arguments).removesuffix('.')})" if key else ""
