"""Print batches end to end: select in the registry, render with `plates`, record the result.

Called by the CLI (and by the web console when it prints), so both print the same way. The
write transaction is held while the files are rendered: if recording fails, the files just
written are removed, so the registry and the folder never disagree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection

from gis.registry.batches import (
    BatchRecord,
    PrintItem,
    PrintVillage,
    next_label,
    record_batch,
    select_codes,
    select_for_batch,
)
from gis.registry.communes import Commune
from gis.storage.db import Registry
from gis.storage.events import now
from plates.batch import BatchFiles, BatchOptions, render_batch
from plates.layout import PlateSpec
from plates.records import PlateRecord, VillageMap

__all__ = ["Mode", "PrintRequest", "PrintResult", "print_batch", "reprint_plates"]

Mode = Literal["shop", "office"]


@dataclass(frozen=True, kw_only=True)
class PrintRequest:
    """How a batch is printed, whatever it selects: where the files go, the URL its QR codes
    carry, who prints it, and the options of the plates."""

    out_dir: Path
    public_url: str
    actor: str
    mode: Mode = "shop"  # shop: one plate a page with bleed; office: A4 sheets with cut lines
    letters: bool = False
    draft: bool = False  # a test print: plates say BẢN THỬ and no status changes
    size: str = "A6"  # a preset name or WxH in millimetres
    show_household_names: bool = False

    def spec(self) -> PlateSpec:
        """The plates' layout (the renderer refuses an unknown size)."""
        return PlateSpec.preset(self.size, show_household_name=self.show_household_names)


@dataclass(frozen=True)
class PrintResult:
    batch: BatchRecord
    files: BatchFiles


def print_batch(
    registry: Registry,
    commune: Commune,
    request: PrintRequest,
    *,
    village_names: Sequence[str] = (),
    kinds: Sequence[str] = (),
) -> PrintResult:
    """Plates for the coded points not yet printed in the chosen villages and kinds (default:
    all)."""
    spec = request.spec()  # a bad size is refused before the registry is locked
    selection: dict[str, Any] = {
        "villages": list(village_names),
        "kinds": list(kinds),
        "status": "coded",
    }
    with registry.write(commune.id) as conn:
        chosen = select_for_batch(conn, commune, village_names=village_names, kinds=kinds)
        return _render_and_record(
            conn, commune, chosen, request, spec=spec, purpose="batch", selection=selection
        )


def reprint_plates(
    registry: Registry, commune: Commune, request: PrintRequest, *, codes: Sequence[str]
) -> PrintResult:
    """Lost or damaged plates again, with the same codes; statuses further along stay."""
    spec = request.spec()
    with registry.write(commune.id) as conn:
        chosen = select_codes(conn, commune, codes)
        selection: dict[str, Any] = {"codes": [p.code for v in chosen for p in v.points]}
        return _render_and_record(
            conn, commune, chosen, request, spec=spec, purpose="reprint", selection=selection
        )


def _render_and_record(
    conn: Connection,
    commune: Commune,
    chosen: list[PrintVillage],
    request: PrintRequest,
    *,
    spec: PlateSpec,
    purpose: str,
    selection: dict[str, Any],
) -> PrintResult:
    at = now()
    label = next_label(conn, at)
    options = BatchOptions(
        public_url=request.public_url,
        batch_id=label,
        created_at=at,
        mode=request.mode,
        draft=request.draft,
        letters=request.letters,
        spec=spec,
        words=commune.words,  # the commune's issuing unit, officer's title, Youth Union, phone
    )
    ids = {p.code: p.id for v in chosen for p in v.points}
    files = render_batch(request.out_dir, [_village(commune, v) for v in chosen], options)
    try:
        record = record_batch(
            conn,
            commune,
            purpose=purpose,
            selection=selection,
            mode=request.mode,
            draft=request.draft,
            public_url=request.public_url,
            out_dir=str(request.out_dir.resolve()),
            files=files.sha256,
            items=[
                PrintItem(ids[p.record.code], p.number, p.record.code, p.address_text)
                for p in files.printed
            ],
            actor=request.actor,
            at=at,
            label=label,
        )
    except BaseException:
        for path in files.paths:
            path.unlink(missing_ok=True)
        raise
    return PrintResult(record, files)


def _village(commune: Commune, village: PrintVillage) -> tuple[VillageMap, list[PlateRecord]]:
    records = [
        PlateRecord(
            code=p.code or "",
            code_display=p.code_display,
            plus_code=p.plus_code,
            kind=p.kind,  # type: ignore[arg-type]
            name=p.name,
            house_number=p.house_number,
            street=p.street,
            village=p.village,
            commune=commune.name,
            district=commune.district,
            province=commune.province or "",
            lon=p.lon,
            lat=p.lat,
        )
        for p in village.points
    ]
    return VillageMap(village.name, village.rings), records
