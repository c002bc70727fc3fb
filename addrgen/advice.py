"""What to do about the errors an officer meets most: an error's code and the catalog key of the
advice (``advice.<code>``, in Vietnamese and English), in the order a campaign meets them —
reading a file, its rows, the codes, printing.

The error's own message says what is wrong, in every face's words; the advice says what to do,
for the person at the command line (it may name an option or a command). The officer's guide's
section "Khi gặp lỗi thì làm gì" is generated from this table and the catalog
(``scripts/guide_errors.py``, run by ``make messages``); a test keeps the two in step.
"""

from __future__ import annotations

from addrgen.catalog import N_

__all__ = ["ADVICE"]

#: (error code, advice key). One code stands for its kin (no_latitude for the missing longitude).
ADVICE: tuple[tuple[str, str], ...] = (
    ("registry.missing", N_("advice.registry.missing")),
    ("import.no_villages", N_("advice.import.no_villages")),
    ("villages.metres_as_degrees", N_("advice.villages.metres_as_degrees")),
    ("import.no_coordinate_columns", N_("advice.import.no_coordinate_columns")),
    ("import.projected_needs_crs", N_("advice.import.projected_needs_crs")),
    ("import.undecodable", N_("advice.import.undecodable")),
    ("import.field_count", N_("advice.import.field_count")),
    ("import.duplicate_column_choose", N_("advice.import.duplicate_column_choose")),
    ("import.area_not_a_point", N_("advice.import.area_not_a_point")),
    ("import.formula_without_value", N_("advice.import.formula_without_value")),
    ("import.house_number_is_date", N_("advice.import.house_number_is_date")),
    ("import.rejected", N_("advice.import.rejected")),
    ("import.no_latitude", N_("advice.import.no_latitude")),
    ("import.latitude_not_a_number", N_("advice.import.latitude_not_a_number")),
    ("import.ambiguous_number", N_("advice.import.ambiguous_number")),
    ("import.latitude_out_of_range", N_("advice.import.latitude_out_of_range")),
    ("import.swapped_coordinates", N_("advice.import.swapped_coordinates")),
    ("import.swapped_projected", N_("advice.import.swapped_projected")),
    ("point.outside_villages", N_("advice.point.outside_villages")),
    ("point.duplicate_of_row", N_("advice.point.duplicate_of_row")),
    ("point.duplicate_of_registered", N_("advice.point.duplicate_of_registered")),
    ("point.near_row", N_("advice.point.near_row")),
    ("point.agency_needs_name", N_("advice.point.agency_needs_name")),
    ("point.unknown_kind", N_("advice.point.unknown_kind")),
    ("point.bad_phone", N_("advice.point.bad_phone")),
    ("point.ref_taken", N_("advice.point.ref_taken")),
    ("import.ref_moved", N_("advice.import.ref_moved")),
    ("code.check_digit", N_("advice.code.check_digit")),
    ("code.length", N_("advice.code.length")),
    ("plate_url.not_https", N_("advice.plate_url.not_https")),
    ("batch.empty", N_("advice.batch.empty")),
    ("output.exists", N_("advice.output.exists")),
)
