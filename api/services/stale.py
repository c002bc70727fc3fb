"""Re-printing stale plates: the registry's list of plates whose printed words are out of date
(:mod:`gis.views.stale`) rendered again as one reprint batch, with the same codes."""

from __future__ import annotations

from collections.abc import Sequence

from api.services.printing import PrintRequest, PrintResult, reprint_plates
from gis.errors import InvalidInput
from gis.registry.communes import Commune
from gis.storage.db import Registry
from gis.views.stale import stale_plates

__all__ = ["reprint_stale"]


def reprint_stale(
    registry: Registry,
    commune: Commune,
    request: PrintRequest,
    *,
    village_names: Sequence[str] = (),
) -> PrintResult:
    """The reprint batch of every stale plate (in the villages named): same codes, new words."""
    with registry.read() as conn:
        codes = [p.code for p in stale_plates(conn, commune, village_names=village_names)]
    if not codes:
        where = ", ".join(village_names) if village_names else commune.name
        raise InvalidInput("reprint.nothing_stale", where=where)
    return reprint_plates(registry, commune, request, codes=codes)
