"""Print batches end to end: select in the registry, render with `plates`, record the result.

Called by the CLI and by the web console, so both print the same way. Rendering a batch takes
seconds to minutes, and volunteers' confirmations must keep flowing meanwhile, so the files are
rendered outside the registry's write lock (prepare outside, write inside): the selection and the
batch's label are read, each village's walking order computed (`plates.route`, about a second
for 2,000 points) and the files rendered, and then, in one write transaction, the selection
is read again and the label taken; if another writer changed either in between, the files are
removed and the batch rendered again (after a few such tries, once inside the lock, so a busy
registry still prints). If recording fails, the files just written are removed, so the registry
and the folder never disagree."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection

from addrgen.formatting import local_day
from gis.ingest.background import read_background
from gis.registry.batches import (
    BatchRecord,
    PrintItem,
    PrintVillage,
    next_label,
    peek_label,
    record_batch,
    select_codes,
    select_for_batch,
)
from gis.registry.communes import Commune
from gis.registry.letter_numbers import peek_letter_number, take_letter_numbers
from gis.storage.db import Registry
from gis.storage.events import now
from plates.batch import BatchFiles, BatchOptions, order_village, render_batch
from plates.errors import PlatesError
from plates.layout import Color, PlateSpec
from plates.records import Background, PlateRecord, VillageMap
from plates.template_data import TEMPLATES
from plates.urls import check_public_url

__all__ = [
    "DEFAULT_TEMPLATE",
    "PLATE_TEMPLATES",
    "Color",
    "Mode",
    "PlatesError",
    "PrintRequest",
    "PrintResult",
    "check_public_url",
    "check_template",
    "print_batch",
    "reprint_plates",
]

# The renderer's refusals (a final batch to a local PUBLIC_URL, an empty batch…) and its check of
# a PUBLIC_URL reach the faces from here: they render through this layer, never importing plates.

Mode = Literal["shop", "office"]
DEFAULT_TEMPLATE = "a6"
#: The plate templates there are, for the faces' choices (the renderer's own list).
PLATE_TEMPLATES: tuple[str, ...] = TEMPLATES


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
    size: str | None = None  # a preset name or WxH in millimetres; None: the template's own
    template: str | None = None  # None: the commune's setting, or the default A6
    color: Color = "rgb"  # cmyk: DeviceCMYK plates for a print shop
    show_household_names: bool = False  # the head's line for this batch, whatever the setting
    # The checklist names households' heads (an internal document) unless told not to.
    checklist_names: bool = True
    background: Path | None = None  # roads and landmarks drawn under the checklist's maps

    def spec(self, commune: Commune) -> PlateSpec:
        """The plates' layout: this batch's template or the commune's, at the size asked (the
        renderer refuses an unknown template or size)."""
        changes: dict[str, Any] = {
            "template": self.template or commune.plate_template or DEFAULT_TEMPLATE,
            "color": self.color,
            "show_household_name": self.show_household_names or bool(commune.plate_household_head),
        }
        return PlateSpec.preset(self.size, **changes) if self.size else PlateSpec(**changes)


def check_template(name: str) -> str:
    """The name of a plate template there is (lower case); PlatesError names the known ones."""
    return PlateSpec(template=name).template


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
    wanted = {"villages": list(village_names), "kinds": list(kinds), "status": "coded"}

    def choose(conn: Connection) -> list[PrintVillage]:
        return select_for_batch(conn, commune, village_names=village_names, kinds=kinds)

    return _print(registry, _Job(commune, request, choose, "batch", lambda _: wanted))


def reprint_plates(
    registry: Registry, commune: Commune, request: PrintRequest, *, codes: Sequence[str]
) -> PrintResult:
    """Lost or damaged plates again, with the same codes; statuses further along stay."""

    def choose(conn: Connection) -> list[PrintVillage]:
        return select_codes(conn, commune, codes)

    def selection(chosen: list[PrintVillage]) -> dict[str, Any]:
        return {"codes": [p.code for v in chosen for p in v.points]}

    return _print(registry, _Job(commune, request, choose, "reprint", selection))


TRIES = 3  # renders outside the lock before one inside it


@dataclass(frozen=True)
class _Job:
    """A batch to print: how to choose its points in a transaction, and what to record."""

    commune: Commune
    request: PrintRequest
    choose: Callable[[Connection], list[PrintVillage]]
    purpose: str  # "batch" or "reprint"
    selection: Callable[[list[PrintVillage]], dict[str, Any]]  # what the batch row records
    background: Background | None = None  # read from the request's file before anything else


class _Changed(Exception):
    """The registry changed under a batch rendered outside the lock: render it again."""


# A village's walking order by what it depends on (outline, codes, kinds, positions): the
# codes in order. A try rendered again after another writer changed, say, a house number keeps
# its routes, and so does the try under the lock: routing never holds the write lock.
Routes = dict[tuple[object, ...], list[str]]


def _print(registry: Registry, job: _Job) -> PrintResult:
    """Select, route and render outside the write lock, record inside it (see the module's
    text)."""
    spec = job.request.spec(job.commune)  # a bad size is refused before anything is read
    if job.request.background is not None:  # and so is an unreadable background layer
        layer = read_background(job.request.background)
        job = replace(job, background=Background(layer.lines, layer.points))
    routes: Routes = {}
    for _ in range(TRIES):
        at = now()
        with registry.read() as conn:
            chosen = job.choose(conn)
            label = peek_label(conn, at=at)
            first = _letter_number(conn, job, at, chosen, take=False)
        _route(job.commune, chosen, routes, background=job.background)
        files = _render(job, chosen, routes, spec=spec, label=label, at=at, first_letter=first)
        try:
            with registry.write(job.commune.id) as conn:
                if next_label(conn, at) != label or job.choose(conn) != chosen:
                    raise _Changed
                if _letter_number(conn, job, at, chosen, take=True) != first:
                    raise _Changed  # another batch took letter numbers meanwhile
                record = _record(conn, job, _Batch(chosen, files, label, at, first))
            return PrintResult(record, files)
        except BaseException as exc:
            _remove(files)
            if not isinstance(exc, _Changed):
                raise
    return _print_locked(registry, job, spec, routes)


def _print_locked(registry: Registry, job: _Job, spec: PlateSpec, routes: Routes) -> PrintResult:
    """Select, render and record inside one write: a registry too busy for the optimistic
    tries still prints (its writers wait for this one batch's PDFs; the routes of villages
    whose points did not move were computed outside the lock, by the tries)."""
    files: BatchFiles | None = None
    try:
        with registry.write(job.commune.id) as conn:
            at = now()
            chosen = job.choose(conn)
            label = next_label(conn, at)
            _route(job.commune, chosen, routes, background=job.background)
            first = _letter_number(conn, job, at, chosen, take=True)
            files = _render(job, chosen, routes, spec=spec, label=label, at=at, first_letter=first)
            record = _record(conn, job, _Batch(chosen, files, label, at, first))
    except BaseException:
        _remove(files)
        raise
    return PrintResult(record, files)


def _remove(files: BatchFiles | None) -> None:
    for path in files.paths if files else []:
        path.unlink(missing_ok=True)


def _route_key(village: VillageMap, records: Sequence[PlateRecord]) -> tuple[object, ...]:
    rings = tuple(tuple(ring) for ring in village.boundary)
    return (rings, tuple((r.code, r.kind, r.lon, r.lat) for r in records))


def _route(
    commune: Commune,
    chosen: list[PrintVillage],
    routes: Routes,
    *,
    background: Background | None,
) -> None:
    """Each chosen village's walking order (along ``background``'s roads when given), into
    ``routes`` unless it is there already."""
    for chosen_village in chosen:
        village, records = _village(commune, chosen_village, None)
        key = _route_key(village, records)
        if key not in routes:
            walk = order_village(village, records, background=background)
            routes[key] = [r.code for r in walk]


def _letter_number(
    conn: Connection, job: _Job, at: datetime, chosen: list[PrintVillage], *, take: bool
) -> int | None:
    """The first document number of the batch's letters (one a plate, in the plates' order),
    taken in the write transaction with ``take``; None without letters or on a draft, whose
    letters are no issued document and leave the number blank."""
    if not job.request.letters or job.request.draft:
        return None
    where = {"commune_id": job.commune.id, "year": local_day(at).year}
    if not take:
        return peek_letter_number(conn, **where)
    return take_letter_numbers(conn, **where, count=sum(len(v.points) for v in chosen))


def _render(
    job: _Job,
    chosen: list[PrintVillage],
    routes: Routes,
    *,
    spec: PlateSpec,
    label: str,
    at: datetime,
    first_letter: int | None,
) -> BatchFiles:
    request = job.request
    options = BatchOptions(
        public_url=request.public_url,
        batch_id=label,
        created_at=at,
        mode=request.mode,
        draft=request.draft,
        letters=request.letters,
        spec=spec,
        words=job.commune.words,  # the commune's issuing unit, officer's title, Youth Union…
        checklist_names=request.checklist_names,
        first_letter_number=first_letter,
        background=job.background,
    )
    villages = []
    for chosen_village in chosen:
        village, records = _village(job.commune, chosen_village, local_day(at))
        by_code = {r.code: r for r in records}
        walk = routes[_route_key(village, records)]
        villages.append((village, [by_code[code] for code in walk]))
    return render_batch(request.out_dir, villages, options, ordered=True)


@dataclass(frozen=True)
class _Batch:
    """A batch rendered, to record: what was chosen, the files, the label and time they print."""

    chosen: list[PrintVillage]
    files: BatchFiles
    label: str
    at: datetime
    first_letter: int | None = None  # its letters' first document number


def _record(conn: Connection, job: _Job, batch: _Batch) -> BatchRecord:
    """The rendered batch recorded under the label it printed (taken by the caller)."""
    request = job.request
    ids = {p.code: p.id for v in batch.chosen for p in v.points}
    return record_batch(
        conn,
        job.commune,
        purpose=job.purpose,
        selection=job.selection(batch.chosen),
        mode=request.mode,
        draft=request.draft,
        public_url=request.public_url,
        out_dir=str(request.out_dir.resolve()),
        files=batch.files.sha256,
        items=[
            PrintItem(
                ids[p.record.code],
                p.number,
                p.record.code,
                p.address_text,
                None if batch.first_letter is None else batch.first_letter + p.number - 1,
            )
            for p in batch.files.printed
        ],
        actor=request.actor,
        at=batch.at,
        label=batch.label,
    )


def _village(
    commune: Commune, village: PrintVillage, on: date | None
) -> tuple[VillageMap, list[PlateRecord]]:
    """The village's plain records, their address written ``on`` the print date (None: for
    routing, which reads no address)."""
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
            printed_on=on,
            district_from=commune.district_from,
        )
        for p in village.points
    ]
    return VillageMap(village.name, village.rings), records
