"""The install checklist: per village, the plates in walking order, and maps to walk by.

An internal document for the people who put the plates up. Each village starts on a new page:
a title, the date and batch, a map of the whole village (its outline, the officer's background
layer of roads and landmarks when given, the route, the numbered points). The route is cut
into legs of about forty plates, a volunteer's afternoon; each leg of a longer route starts a
page of its own with its map zoomed in on it. Each leg's table names every household by its
head and house number (`names=False` leaves the heads' names out), marks a house number that
two plates of the village share, leaves a column for why a plate was not put up, and ends with
a block for the volunteer's name, the date and a signature. Long tables run on with their
header repeated.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from addrgen.address import at_line_start, village_words
from addrgen.catalog import N_, t
from addrgen.formatting import format_number
from addrgen.vocab import Kind, label
from plates.canvas import Metadata, batch_metadata
from plates.checklist_map import RouteMap
from plates.docs import STYLES, build_document, para_text, vn_date
from plates.fonts import REGULAR, check_glyphs
from plates.language import PRINTED
from plates.layout import Color
from plates.records import Background, CommuneWords, PlateRecord, VillageMap, commune_words

__all__ = [
    "LEG_SIZE",
    "ChecklistSection",
    "checklist_label",
    "duplicate_house_numbers",
    "split_legs",
    "write_checklist_pdf",
]

LEG_SIZE = 40  # plates a volunteer puts up in an afternoon: one leg, one page with its map

_HEADER = (
    N_("print.checklist.number"),
    N_("print.checklist.code"),
    N_("print.checklist.name"),
    N_("print.checklist.kind"),
    N_("print.checklist.done"),
    N_("print.checklist.reason"),
)
_WIDTHS = [11 * mm, 31 * mm, 56 * mm, 32 * mm, 14 * mm, 36 * mm]
_LIGHT = HexColor("#E8EEF7")
_WARN = "#C62828"
_SHOWN_DUPLICATES = 6


@dataclass(frozen=True)
class ChecklistSection:
    """One village's part of a batch: its map and its (number, record) pairs in walking order."""

    village: VillageMap
    entries: Sequence[tuple[int, PlateRecord]]


@dataclass(frozen=True)
class _Options:
    """How every section of one checklist is printed."""

    batch_id: str
    created_at: datetime
    draft: bool
    phone: str | None
    names: bool
    background: Background | None


def split_legs(count: int, size: int = LEG_SIZE) -> list[range]:
    """Positions 0..count-1 of a village's route cut into legs of about ``size`` plates, in
    order, their lengths differing by one at most (163 plates: 41, 41, 41, 40)."""
    legs = max(1, round(count / size))
    base, extra = divmod(count, legs)
    cuts, start = [], 0
    for k in range(legs):
        length = base + (1 if k < extra else 0)
        cuts.append(range(start, start + length))
        start += length
    return cuts


def checklist_label(record: PlateRecord, *, names: bool = True) -> str:
    """How the checklist names a point: an agency's or a site's name, a household's head
    (unless ``names`` is off), then the house number and street: 'Nguyễn Văn An · Số nhà 26'."""
    house = record.house_number.strip() if record.house_number else ""
    where = " ".join(
        p
        for p in (
            t("print.checklist.house_number", PRINTED, number=house) if house else "",
            (record.street or "").strip(),
        )
        if p
    )
    name = (record.name or "").strip()
    if record.kind == "household" and not names:
        name = ""
    return " · ".join(p for p in (name, where) if p) or "—"


def duplicate_house_numbers(entries: Sequence[tuple[int, PlateRecord]]) -> dict[int, list[int]]:
    """For each plate whose house number (on the same street) another plate of the village
    carries too, the numbers of those other plates: a volunteer must tell the houses apart."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for number, record in entries:
        house = " ".join((record.house_number or "").split()).casefold()
        if house:
            street = " ".join((record.street or "").split()).casefold()
            groups[(street, house)].append(number)
    return {
        number: [other for other in group if other != number]
        for group in groups.values()
        if len(group) > 1
        for number in group
    }


class TickBox(Flowable):  # type: ignore[misc]
    """An empty square to tick by hand."""

    def __init__(self, side: float = 4.5 * mm) -> None:
        super().__init__()
        self.width = self.height = side

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)


def _name_cell(record: PlateRecord, names: bool, others: list[int] | None) -> Paragraph:
    """The name and house number; a house number shared with other plates is marked and
    names them."""
    text = para_text(checklist_label(record, names=names), record.code)
    if others:
        # The first few are enough to tell the houses apart; a long list would
        # swallow the row (a village numbered without streets can repeat a number many times).
        numbers = ", ".join(str(n) for n in others[:_SHOWN_DUPLICATES])
        numbers += ", …" if len(others) > _SHOWN_DUPLICATES else ""
        note = para_text(t("print.checklist.duplicate", PRINTED, numbers=numbers))
        mark = f'<font color="{_WARN}"><b>!</b></font>'
        text = f'{mark} {text}<br/><font color="{_WARN}" size="7.5">{note}</font>'
    return Paragraph(text, STYLES["cell"])


def _table(
    entries: Sequence[tuple[int, PlateRecord]], names: bool, shared: dict[int, list[int]]
) -> Table:
    header = [Paragraph(para_text(t(h, PRINTED)), STYLES["cell_bold"]) for h in _HEADER]
    rows: list[list[object]] = [header]
    for number, record in entries:
        rows.append(
            [
                str(number),
                check_glyphs(record.code_display, record.code),
                _name_cell(record, names, shared.get(number)),
                Paragraph(para_text(label(Kind(record.kind))), STYLES["cell"]),
                TickBox(),
                "",
            ]
        )
    table = Table(rows, colWidths=_WIDTHS, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("BACKGROUND", (0, 0), (-1, 0), _LIGHT),
                ("GRID", (0, 0), (-1, -1), 0.4, HexColor("#9E9E9E")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 1), (0, -1), "RIGHT"),
                ("ALIGN", (4, 1), (4, -1), "CENTER"),
                ("TOPPADDING", (0, 1), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 4),
            ]
        )
    )
    return table


def _sign_block(count: int) -> Flowable:
    """Where the volunteer who walked the leg writes their name and the date, and signs."""
    dots = " " + "." * 40

    def cell(key: str, **args: object) -> Paragraph:
        return Paragraph(para_text(t(key, PRINTED, **args)) + dots, STYLES["small"])

    title = Paragraph(para_text(t("print.checklist.sign.title", PRINTED)), STYLES["cell_bold"])
    rows = [
        [title, ""],
        [cell(N_("print.checklist.sign.name")), cell(N_("print.checklist.sign.date"))],
        [
            cell(N_("print.checklist.sign.count"), count=str(count)),
            cell(N_("print.checklist.sign.signature")),
        ],
    ]
    table = Table(rows, colWidths=[95 * mm, 85 * mm], rowHeights=[7 * mm, 10 * mm, 16 * mm])
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (1, 0)),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # the empty cells too: no Helvetica
                ("BOX", (0, 0), (-1, -1), 0.6, HexColor("#9E9E9E")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return KeepTogether([Spacer(1, 4 * mm), table])


def _heading(section: ChecklistSection, options: _Options) -> list[Flowable]:
    name = at_line_start(village_words(section.village.name))
    commune = section.entries[0][1].commune if section.entries else ""
    title = f"{t('print.checklist.title', PRINTED)} — {name}"
    if options.draft:
        title = t("print.draft_title", PRINTED, title=title)
    meta = t(
        "print.checklist.meta",
        PRINTED,
        commune=commune,
        date=vn_date(options.created_at),
        batch=options.batch_id,
        count=format_number(len(section.entries), PRINTED),
    )
    if options.phone:  # the number a volunteer calls from the village
        meta += " · " + t("print.checklist.contact", PRINTED, phone=options.phone)
    return [
        Paragraph(para_text(title), STYLES["title"]),
        Paragraph(para_text(meta), STYLES["small"]),
        Spacer(1, 3 * mm),
    ]


def _section_story(section: ChecklistSection, options: _Options) -> list[Flowable]:
    """A village: its heading and map, then each leg (a page, a zoomed map, when there are
    several) with its table and the volunteer's block."""
    entries = list(section.entries)
    legs = split_legs(len(entries))
    shared = duplicate_house_numbers(entries)
    everyone = [(n, r.lon, r.lat) for n, r in entries]
    story = _heading(section, options)
    if len(legs) > 1:
        note = t("print.checklist.legs", PRINTED, legs=str(len(legs)), size=str(LEG_SIZE))
        story.append(Paragraph(para_text(note), STYLES["small"]))
        story.append(Spacer(1, 2 * mm))
    if section.village.boundary or entries:
        story += [
            RouteMap(section.village, everyone, width=180 * mm, max_height=100 * mm,
                     background=options.background),
            Spacer(1, 4 * mm),
        ]  # fmt: skip
    for k, leg in enumerate(legs):
        part = entries[leg.start : leg.stop]
        if len(legs) > 1:
            story += _leg_heading(section, options, k, legs, part, everyone)
        story += [_table(part, options.names, shared), _sign_block(len(part))]
    return story


def _leg_heading(
    section: ChecklistSection,
    options: _Options,
    k: int,
    legs: list[range],
    part: list[tuple[int, PlateRecord]],
    everyone: list[tuple[int, float, float]],
) -> list[Flowable]:
    """A leg's new page: its title and its map, zoomed in on its points."""
    heading = t(
        "print.checklist.leg",
        PRINTED,
        leg=str(k + 1),
        legs=str(len(legs)),
        first=str(part[0][0]),
        last=str(part[-1][0]),
        count=str(len(part)),
    )
    mine = {n for n, _ in part}
    return [
        PageBreak(),
        Paragraph(para_text(heading), STYLES["title"]),
        RouteMap(
            section.village,
            [(n, r.lon, r.lat) for n, r in part],
            width=180 * mm,
            max_height=95 * mm,
            background=options.background,
            others=[(x, y) for n, x, y in everyone if n not in mine],
            village_frame=False,
        ),
        Spacer(1, 4 * mm),
    ]


def write_checklist_pdf(
    target: str | Path | IO[bytes],
    sections: Sequence[ChecklistSection],
    *,
    batch_id: str,
    created_at: datetime,
    draft: bool = False,
    words: CommuneWords | None = None,
    names: bool = True,
    background: Background | None = None,
    color: Color = "rgb",
) -> None:
    """One section per village; ``words`` gives the contact phone printed under each title and
    the issuing unit named as the document's author (None: the defaults of the commune);
    ``names`` prints households' heads; ``background`` is drawn under every map; ``color``
    "cmyk": DeviceCMYK for a print shop, as the plates."""
    options = _Options(
        batch_id, created_at, draft, words.phone if words else None, names, background
    )
    story: list[Flowable] = []
    for k, section in enumerate(sections):
        if k:
            story.append(PageBreak())
        story += _section_story(section, options)

    def footer(canvas: Canvas, page: int) -> None:
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(HexColor("#555555"))
        canvas.drawString(
            15 * mm, 9 * mm, check_glyphs(t("print.footer.batch", PRINTED, batch=batch_id))
        )
        canvas.drawRightString(
            195 * mm, 9 * mm, t("print.footer.page", PRINTED, page=format_number(page, PRINTED))
        )

    meta = _metadata(sections, batch_id=batch_id, created_at=created_at, words=words)
    build_document(target, story, title=meta.title, footer=footer, meta=meta, color=color)


def _metadata(
    sections: Sequence[ChecklistSection],
    *,
    batch_id: str,
    created_at: datetime,
    words: CommuneWords | None,
) -> Metadata:
    commune = next((r.commune for s in sections for _, r in s.entries), "")
    return batch_metadata(
        title=t("print.checklist.title", PRINTED),
        batch=batch_id,
        issuer=(words or commune_words(commune)).issuer,
        subject=t(
            "print.checklist.subject",
            PRINTED,
            commune=commune,
            batch=batch_id,
            count=sum(len(s.entries) for s in sections),
        ),
        created=created_at,
    )
