"""Administrative reorganisations as dated events, and the address of a point at any date.

A commune merge or rename, a district level abolished, a village renamed or merged: each is one
row of `reorganisations` and one row of `reorg_changes` per field it changed (before and after).
The registry's rows always hold the latest state; the state at an earlier date is found by taking
back, newest first, the changes effective after that date. Dates only move forward per unit: a
change dated before the last one already recorded for the same unit is refused, so taking changes
back is the same as replaying them forward.

- `timeline`: the address of a point at a date, the list of reorganisations;
- `operations`: the reorganisations (`checks` refuses what they may not do, `journal` records
  them);
- `undo`: taking one back, and what that is refused for.

Codes are never touched: a point keeps its code and area number whatever happens around it.
"""

from gis.registry.communes import get_commune as find_commune
from gis.registry.reorg.checks import effective_date
from gis.registry.reorg.operations import (
    merge_communes,
    merge_villages,
    rename_commune,
    rename_village,
    set_district,
)
from gis.registry.reorg.timeline import (
    AddressText,
    Reorganisation,
    address_at,
    addresses_at,
    former_units,
    list_reorganisations,
)
from gis.registry.reorg.undo import undo_reorganisation

__all__ = [
    "AddressText",
    "Reorganisation",
    "address_at",
    "addresses_at",
    "effective_date",
    "find_commune",
    "former_units",
    "list_reorganisations",
    "merge_communes",
    "merge_villages",
    "rename_commune",
    "rename_village",
    "set_district",
    "undo_reorganisation",
]
