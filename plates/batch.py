"""A print batch: plates, install checklist, letters and manifest for a selection of villages.

`render_batch` is the one entry point the CLI (and later the web) calls. It checks everything
that can be refused before it writes a byte: the PUBLIC_URL, the QR's module size, glyphs, and
that no output file exists. Plates are numbered 1..n across the batch in each village's walking
order, so the bundle a volunteer carries is already sorted like the checklist.
"""

import csv
import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal, NamedTuple

from addrgen.catalog import t
from addrgen.spreadsheet import csv_text
from plates.canvas import Metadata, batch_metadata
from plates.checklist import ChecklistSection, write_checklist_pdf
from plates.errors import EmptyBatch, OutputExists
from plates.language import PRINTED
from plates.layout import PlateSpec, plate_geometry
from plates.letters import write_letters_pdf
from plates.plate_texts import lookup_host, plate_texts
from plates.qr import build_matrix
from plates.records import (
    Background,
    CommuneWords,
    PlateRecord,
    VillageMap,
    address_text,
    commune_words,
)
from plates.route import choose_start, walking_order
from plates.sheets import PlateJob, PlatePages, write_plates_pdf
from plates.urls import check_public_url, qr_payload

__all__ = [
    "MANIFEST_COLUMNS",
    "BatchFiles",
    "BatchOptions",
    "PrintedPlate",
    "order_village",
    "render_batch",
    "village_centroid",
]

PLATES_PDF = "plates.pdf"
CHECKLIST_PDF = "checklist.pdf"
LETTERS_PDF = "letters.pdf"
MANIFEST_CSV = "manifest.csv"
MANIFEST_COLUMNS = ("number", "code", "village", "kind", "address_text")


@dataclass
class BatchOptions:
    public_url: str
    batch_id: str
    created_at: datetime  # given by the caller, so the same batch renders to the same bytes
    mode: Literal["shop", "office"] = "shop"
    draft: bool = False
    letters: bool = False
    spec: PlateSpec = field(default_factory=PlateSpec)
    # The commune's own words on letters and checklists; None: the defaults of its name.
    words: CommuneWords | None = None
    office_margin_mm: float = 5.0  # what the office printer cannot print on
    # The checklist (an internal document) names households' heads unless told not to.
    checklist_names: bool = True
    background: Background | None = None  # roads and landmarks under the checklist's maps
    # The first document number of the batch's letters (the registry's series; None: blank).
    first_letter_number: int | None = None


class PrintedPlate(NamedTuple):
    number: int
    record: PlateRecord
    address_text: str


@dataclass(frozen=True)
class BatchFiles:
    plates: Path
    checklist: Path
    manifest: Path
    letters: Path | None
    sha256: dict[str, str]  # file name → hex digest
    printed: list[PrintedPlate]

    @property
    def paths(self) -> list[Path]:
        return [p for p in (self.plates, self.checklist, self.letters, self.manifest) if p]


def village_centroid(village: VillageMap, records: Sequence[PlateRecord]) -> tuple[float, float]:
    """Area centroid of the exterior ring (shoelace); the points' mean if there is no ring."""
    ring = village.boundary[0] if village.boundary else []
    twice_area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        twice_area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(twice_area) > 1e-15:
        return cx / (3 * twice_area), cy / (3 * twice_area)
    if not records:
        return 0.0, 0.0
    return (sum(r.lon for r in records) / len(records), sum(r.lat for r in records) / len(records))


def order_village(
    village: VillageMap, records: Sequence[PlateRecord], *, background: Background | None = None
) -> list[PlateRecord]:
    """A village's records in walking order, from its first agency or its most central point;
    along the roads of ``background`` when it has lines near them."""
    if not records:
        return []
    start = choose_start(records, village_centroid(village, records))
    roads = background.lines if background else None
    order = walking_order([(r.lon, r.lat) for r in records], start, roads=roads)
    return [records[i] for i in order]


def _targets(out_dir: Path, letters: bool) -> list[Path]:
    names = [PLATES_PDF, CHECKLIST_PDF] + ([LETTERS_PDF] if letters else []) + [MANIFEST_CSV]
    return [out_dir / name for name in names]


def _refuse_existing(paths: list[Path]) -> None:
    for path in paths:
        if path.exists():
            raise OutputExists(path)


def _manifest(printed: list[PrintedPlate]) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(MANIFEST_COLUMNS)
    for number, record, address in printed:
        # The village and address come from officers' files: no cell of them runs in Excel.
        texts = (record.village, record.kind, address)
        writer.writerow([number, record.code, *map(csv_text, texts)])
    # UTF-8 with a byte-order mark: Excel then opens Vietnamese text correctly.
    return text.getvalue().encode("utf-8-sig")


def _write_exclusive(files: dict[Path, bytes]) -> None:
    """Create every file or none: "xb" never overwrites one that appeared since the check."""
    written: list[Path] = []
    try:
        for path, content in files.items():
            with path.open("xb") as handle:
                written.append(path)
                handle.write(content)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def render_batch(
    out_dir: Path,
    villages: Sequence[tuple[VillageMap, Sequence[PlateRecord]]],
    options: BatchOptions,
    *,
    ordered: bool = False,
) -> BatchFiles:
    """Write the batch's files into `out_dir` (created if missing) and describe them.
    ``ordered``: each village's records come in walking order already (the caller routed them
    with :func:`order_village`, as api.services does before its write transaction)."""
    check_public_url(options.public_url, draft=options.draft)
    sections: list[ChecklistSection] = []
    jobs: list[PlateJob] = []
    for village, records in villages:
        entries = []
        walk = (
            records if ordered else order_village(village, records, background=options.background)
        )
        for record in walk:
            qr = build_matrix(
                qr_payload(options.public_url, record.code), options.spec.error_correction
            )
            jobs.append(PlateJob(len(jobs) + 1, record, qr))
            entries.append((len(jobs), record))
        if entries:
            sections.append(ChecklistSection(village, entries))
    if not jobs:
        raise EmptyBatch()
    words, host = _words(options, jobs), lookup_host(options.public_url)
    for job in jobs:  # refuse bad glyphs or a QR too small for the plate before writing
        plate_geometry(options.spec, job.qr.size)
        plate_texts(job.record, options.spec, job.number, words=words, host=host)
    _refuse_existing(_targets(out_dir, options.letters))
    return _write_all(out_dir, jobs, sections, options)


def _words(options: BatchOptions, jobs: list[PlateJob]) -> CommuneWords:
    return options.words or commune_words(jobs[0].record.commune)


def _plates_meta(options: BatchOptions, words: CommuneWords, jobs: list[PlateJob]) -> Metadata:
    """Who issues the plates and when the batch was recorded (not when it was rendered, so a
    re-render of the same batch gives the same bytes)."""
    return batch_metadata(
        title=t("print.plates.title", PRINTED),
        batch=options.batch_id,
        issuer=words.issuer,
        subject=t(
            "print.plates.subject",
            PRINTED,
            commune=jobs[0].record.commune,
            batch=options.batch_id,
            count=len(jobs),
        ),
        created=options.created_at,
    )


def _pdf(write: Callable[[io.BytesIO], None]) -> bytes:
    buffer = io.BytesIO()
    write(buffer)
    return buffer.getvalue()


def _write_all(
    out_dir: Path, jobs: list[PlateJob], sections: list[ChecklistSection], options: BatchOptions
) -> BatchFiles:
    """Render every file in memory first, so a failure leaves nothing half-written behind."""
    printed = [PrintedPlate(j.number, j.record, address_text(j.record)) for j in jobs]
    spec, draft = options.spec, options.draft
    words = _words(options, jobs)
    pages = PlatePages(spec=spec, draft=draft, words=words, host=lookup_host(options.public_url))
    contents = {
        PLATES_PDF: _pdf(lambda out: write_plates_pdf(
            out, jobs, pages, mode=options.mode, office_margin_mm=options.office_margin_mm,
            meta=_plates_meta(options, words, jobs))),
        CHECKLIST_PDF: _pdf(lambda out: write_checklist_pdf(
            out, sections, batch_id=options.batch_id, created_at=options.created_at,
            draft=draft, words=options.words, names=options.checklist_names,
            background=options.background, color=spec.color)),
    }  # fmt: skip
    if options.letters:
        contents[LETTERS_PDF] = _pdf(lambda out: write_letters_pdf(
            out, [(j.record, j.qr) for j in jobs], spec=spec, created_at=options.created_at,
            batch_id=options.batch_id, words=options.words, draft=draft,
            first_number=options.first_letter_number,
            plate_numbers=[j.number for j in jobs]))  # fmt: skip
    contents[MANIFEST_CSV] = _manifest(printed)
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_exclusive({out_dir / name: data for name, data in contents.items()})
    letters = out_dir / LETTERS_PDF if options.letters else None
    return BatchFiles(
        plates=out_dir / PLATES_PDF,
        checklist=out_dir / CHECKLIST_PDF,
        manifest=out_dir / MANIFEST_CSV,
        letters=letters,
        sha256={name: hashlib.sha256(data).hexdigest() for name, data in contents.items()},
        printed=printed,
    )
