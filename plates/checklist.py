"""The install checklist: per village, the plates in walking order, and a map to walk by.

Each village starts on a new page: a title, the date and batch, a small vector map (the
village boundary, the route, the numbered points, north up) and a table the volunteer ticks
as each plate goes up. Long tables run on with their header repeated.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from addrgen.address import at_line_start, village_words
from addrgen.catalog import N_, t
from addrgen.formatting import format_number
from addrgen.vocab import Kind, label
from plates.docs import ACCENT, STYLES, build_document, para_text, vn_date
from plates.fonts import BOLD, REGULAR, check_glyphs
from plates.language import PRINTED
from plates.layout import PlateSpec
from plates.records import CommuneWords, PlateRecord, VillageMap

__all__ = ["ChecklistSection", "checklist_label", "write_checklist_pdf"]

_HEADER = (
    N_("print.checklist.number"),
    N_("print.checklist.code"),
    N_("print.checklist.name"),
    N_("print.checklist.kind"),
    N_("print.checklist.done"),
    N_("print.checklist.note"),
)
_WIDTHS = [11 * mm, 32 * mm, 54 * mm, 33 * mm, 16 * mm, 34 * mm]
_LIGHT = HexColor("#E8EEF7")


@dataclass(frozen=True)
class ChecklistSection:
    """One village's part of a batch: its map and its (number, record) pairs in walking order."""

    village: VillageMap
    entries: Sequence[tuple[int, PlateRecord]]


def checklist_label(record: PlateRecord, spec: PlateSpec) -> str:
    """How the checklist names a point: its name, or a household's house number."""
    named = record.kind != "household" or spec.show_household_name
    if named and record.name and record.name.strip():
        return record.name.strip()
    house = record.house_number.strip() if record.house_number else ""
    parts = [
        t("print.checklist.house_number", PRINTED, number=house) if house else "",
        (record.street or "").strip(),
    ]
    return " ".join(p for p in parts if p) or "—"


class TickBox(Flowable):  # type: ignore[misc]
    """An empty square to tick by hand."""

    def __init__(self, side: float = 4.5 * mm) -> None:
        super().__init__()
        self.width = self.height = side

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)


class VillageMapFlowable(Flowable):  # type: ignore[misc]
    """The village outline, the walking route and the numbered points, north up, to scale."""

    def __init__(
        self,
        village: VillageMap,
        points: list[tuple[int, float, float]],
        width: float,
        max_height: float,
    ) -> None:
        super().__init__()
        self.points = points
        lonlats = [p for ring in village.boundary for p in ring] + [(x, y) for _, x, y in points]
        lat0 = math.radians(sum(lat for _, lat in lonlats) / len(lonlats))
        self._kx = math.cos(lat0)
        xs = [lon * self._kx for lon, _ in lonlats]
        ys = [lat for _, lat in lonlats]
        self._x0, self._y0 = min(xs), min(ys)
        span_x, span_y = max(max(xs) - self._x0, 1e-6), max(max(ys) - self._y0, 1e-6)
        pad = 6 * mm
        self._scale = min((width - 2 * pad) / span_x, (max_height - 2 * pad) / span_y)
        self.width = width
        self.height = span_y * self._scale + 2 * pad
        self._left = (width - span_x * self._scale) / 2  # centred in the frame
        self._pad = pad
        self._metres_per_degree = 111_195.0
        self.rings = village.boundary

    def _xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self._left + (lon * self._kx - self._x0) * self._scale,
            self._pad + (lat - self._y0) * self._scale,
        )

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.setStrokeColor(HexColor("#BDBDBD"))
        canvas.setLineWidth(0.5)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        self._draw_boundary(canvas)
        self._draw_route(canvas)
        self._draw_points(canvas)
        self._draw_north_and_scale(canvas)

    def _draw_boundary(self, canvas: Canvas) -> None:
        path = canvas.beginPath()
        for ring in self.rings:
            for k, (lon, lat) in enumerate(ring):
                x, y = self._xy(lon, lat)
                path.lineTo(x, y) if k else path.moveTo(x, y)
            path.close()
        canvas.setFillColor(_LIGHT)
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(1.2)
        canvas.drawPath(path, stroke=1, fill=1, fillMode=0)  # even-odd: holes stay empty

    def _draw_route(self, canvas: Canvas) -> None:
        if len(self.points) < 2:
            return
        path = canvas.beginPath()
        for k, (_, lon, lat) in enumerate(self.points):
            x, y = self._xy(lon, lat)
            path.lineTo(x, y) if k else path.moveTo(x, y)
        canvas.setStrokeColor(HexColor("#9E9E9E"))
        canvas.setLineWidth(0.6)
        canvas.setDash(2, 1.5)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.setDash()

    def _draw_points(self, canvas: Canvas) -> None:
        size = 6.5 if len(self.points) <= 60 else 5
        for number, lon, lat in self.points:
            x, y = self._xy(lon, lat)
            canvas.setFillColor(HexColor("#C62828"))
            canvas.circle(x, y, 1.3, stroke=0, fill=1)
            canvas.setFillColor(white)
            label = str(number)
            width = canvas.stringWidth(label, BOLD, size)
            canvas.rect(x + 1.6, y + 0.8, width + 1.2, size + 0.6, stroke=0, fill=1)
            canvas.setFillColor(HexColor("#1A1A1A"))
            canvas.setFont(BOLD, size)
            canvas.drawString(x + 2.2, y + 1.6, label)

    def _draw_north_and_scale(self, canvas: Canvas) -> None:
        x, y = self.width - 8 * mm, self.height - 12 * mm
        canvas.setFillColor(HexColor("#1A1A1A"))
        path = canvas.beginPath()
        path.moveTo(x, y + 7 * mm)
        path.lineTo(x - 2 * mm, y + 2 * mm)
        path.lineTo(x + 2 * mm, y + 2 * mm)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.setFont(BOLD, 8)
        canvas.drawCentredString(x, y - 1 * mm, t("print.checklist.north", PRINTED))
        self._draw_scale_bar(canvas)

    def _draw_scale_bar(self, canvas: Canvas) -> None:
        points_per_metre = self._scale / self._metres_per_degree
        target = 30 * mm / points_per_metre
        metres = max(
            m for m in (10, 20, 50, 100, 200, 500, 1000, 2000, 5000) if m <= max(target, 10)
        )
        length = metres * points_per_metre
        x, y = 4 * mm, 3 * mm
        canvas.setStrokeColor(HexColor("#1A1A1A"))
        canvas.setLineWidth(1)
        canvas.line(x, y, x + length, y)
        canvas.line(x, y - 1, x, y + 2)
        canvas.line(x + length, y - 1, x + length, y + 2)
        canvas.setFont(REGULAR, 7)
        label = (
            f"{format_number(metres // 1000, PRINTED)} km"
            if metres >= 1000
            else f"{format_number(metres, PRINTED)} m"
        )
        canvas.drawString(x + length + 1.5 * mm, y - 1, label)


def _table(section: ChecklistSection, spec: PlateSpec) -> Table:
    header = [Paragraph(para_text(t(h, PRINTED)), STYLES["cell_bold"]) for h in _HEADER]
    rows: list[list[object]] = [header]
    for number, record in section.entries:
        where = record.code
        rows.append(
            [
                str(number),
                check_glyphs(record.code_display, where),
                Paragraph(para_text(checklist_label(record, spec), where), STYLES["cell"]),
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


def _section_story(
    section: ChecklistSection,
    spec: PlateSpec,
    batch_id: str,
    created_at: datetime,
    draft: bool,
    phone: str | None,
) -> list[Flowable]:
    name = at_line_start(village_words(section.village.name))
    commune = section.entries[0][1].commune if section.entries else ""
    title = f"{t('print.checklist.title', PRINTED)} — {name}"
    if draft:
        title = t("print.draft_title", PRINTED, title=title)
    meta = t(
        "print.checklist.meta",
        PRINTED,
        commune=commune,
        date=vn_date(created_at),
        batch=batch_id,
        count=format_number(len(section.entries), PRINTED),
    )
    if phone:  # the number a volunteer calls from the village
        meta += " · " + t("print.checklist.contact", PRINTED, phone=phone)
    points = [(n, r.lon, r.lat) for n, r in section.entries]
    story: list[Flowable] = [
        Paragraph(para_text(title), STYLES["title"]),
        Paragraph(para_text(meta), STYLES["small"]),
        Spacer(1, 3 * mm),
    ]
    if section.village.boundary or points:
        story += [
            VillageMapFlowable(section.village, points, 180 * mm, 100 * mm),
            Spacer(1, 4 * mm),
        ]
    story.append(_table(section, spec))
    return story


def write_checklist_pdf(
    target: str | Path | IO[bytes],
    sections: Sequence[ChecklistSection],
    *,
    spec: PlateSpec,
    batch_id: str,
    created_at: datetime,
    draft: bool = False,
    words: CommuneWords | None = None,
) -> None:
    """One section per village; ``words`` gives the contact phone printed under each title."""
    phone = words.phone if words else None
    story: list[Flowable] = []
    for k, section in enumerate(sections):
        if k:
            story.append(PageBreak())
        story += _section_story(section, spec, batch_id, created_at, draft, phone)

    def footer(canvas: Canvas, page: int) -> None:
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(HexColor("#555555"))
        canvas.drawString(
            15 * mm, 9 * mm, check_glyphs(t("print.footer.batch", PRINTED, batch=batch_id))
        )
        canvas.drawRightString(
            195 * mm, 9 * mm, t("print.footer.page", PRINTED, page=format_number(page, PRINTED))
        )

    title = f"{t('print.checklist.title', PRINTED)} — {batch_id}"
    build_document(target, story, title=title, footer=footer)
