"""The volunteers' one-page guide (Vietnamese) for a commune, rendered by `plates` with the
commune's own words (whom to ask: its officer's title, issuing unit, phone)."""

from __future__ import annotations

from pathlib import Path

from gis.registry.communes import Commune
from plates.errors import OutputExists
from plates.guide import write_guide_pdf

__all__ = ["write_guide"]


def write_guide(out_file: Path, *, commune: Commune) -> None:
    """Write the guide to ``out_file``, which must not exist yet (never overwritten)."""
    try:
        handle = out_file.open("xb")
    except FileExistsError:
        raise OutputExists(out_file) from None
    with handle:
        write_guide_pdf(handle, commune=commune.name, words=commune.words)
