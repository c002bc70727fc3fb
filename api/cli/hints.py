"""The command line's advice after a message: what to type next, naming its own flags.

The core's message says what is wrong in words every face shares; only the CLI knows its flags,
so it adds them here, by error (or report line) code, from the catalog in the run's language.
Both the error handler (:mod:`api.cli.errors`) and the import's report lines
(:meth:`api.cli.context.CliContext.report`) use it."""

from __future__ import annotations

from typing import Any

from addrgen.catalog import N_, t

__all__ = ["HINTS", "hint_for"]

#: Error code → the catalog's id of the advice. A hint's fields come from the error's data.
HINTS: dict[str, str] = {
    "import.rejected": N_("cli.hint.import_rejected"),
    "import.no_villages": N_("cli.hint.import_no_villages"),
    "import.no_coordinate_columns": N_("cli.hint.import_no_coordinate_columns"),
    "import.undecodable_file": N_("cli.hint.import_undecodable_file"),
    # Codes whose core message names no flag any more: the flag is the CLI's advice.
    "import.swapped_projected": N_("cli.hint.import_swapped_projected"),
    "import.undecodable": N_("cli.hint.encoding"),
    "import.garbled_text": N_("cli.hint.encoding"),
    "import.ref_moved": N_("cli.hint.points_move"),
    "import.ref_moved_uncoded": N_("cli.hint.points_move"),
    "import.lon_lat_pair": N_("cli.hint.import_lon_lat_pair"),
    "import.easting_northing_pair": N_("cli.hint.import_easting_northing_pair"),
    "import.projected_needs_crs": N_("cli.hint.import_projected_needs_crs"),
    "import.unconvertible": N_("cli.hint.import_unconvertible"),
    "registry.missing": N_("cli.hint.registry_missing"),
    "village.effective_without_rename": N_("cli.hint.village_effective_without_rename"),
    "reprint.selection": N_("cli.hint.reprint_selection"),
    "registry.no_commune": N_("cli.hint.registry_no_commune"),
    "batch.nothing_to_print": N_("cli.hint.batch_nothing_to_print"),
    "point.nothing_to_change": N_("cli.hint.point_nothing_to_change"),
    "user.volunteer_needs_village": N_("cli.hint.user_volunteer_needs_village"),
    "reorg.not_found": N_("cli.hint.reorg_not_found"),
    "reorg.village_name_clash": N_("cli.hint.reorg_village_name_clash"),
    "plate_url.not_https": N_("cli.hint.plate_url_draft"),
    "plate_url.local_host": N_("cli.hint.plate_url_draft"),
    "villages.metres_as_degrees": N_("cli.hint.villages_metres_as_degrees"),
    "villages.boundary_differs": N_("cli.hint.villages_boundary_differs"),
    "villages.not_degrees": N_("cli.hint.villages_not_degrees"),
    "villages.far_from_commune": N_("cli.hint.villages_far_from_commune"),
    "import.several_layers": N_("cli.hint.import_several_layers"),
    "import.wrong_encoding": N_("cli.hint.import_wrong_encoding"),
    "import.json_needs_dry_run": N_("cli.hint.import_json_needs_dry_run"),
    "import.area_not_a_point": N_("cli.hint.import_centroids"),
    "import.no_points": N_("cli.hint.import_centroids"),
}


def hint_for(code: str, lang: str, arguments: dict[str, Any]) -> str:
    """The CLI's advice for ``code`` in ``lang``, its fields filled from the error's or report
    line's data; empty when the code has none."""
    key = HINTS.get(code)
    return t(key, lang, **arguments) if key else ""
