"""The checklist's maps: a village's, and each leg's zoomed in, north up, to scale.

A map draws, clipped to its frame and from the bottom up: the village outline, the officer's
background layer (roads and landmarks, when given), the route, the points with their plate
numbers (labels placed so that none covers another or a point: `plates.labels`), the
landmarks' names where room is left, a north arrow and a scale bar. A leg's map frames that
leg's points and shows the village's other points as small grey dots, for orientation.
"""

import math
from collections.abc import Sequence

from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from addrgen.catalog import t
from addrgen.formatting import format_number
from plates.docs import ACCENT
from plates.fonts import BOLD, REGULAR, check_glyphs
from plates.labels import Box, place_labels
from plates.language import PRINTED
from plates.records import Background, VillageMap

__all__ = ["RouteMap"]

_LIGHT = HexColor("#E8EEF7")
_INK = HexColor("#1A1A1A")
_POINT = HexColor("#C62828")
_ROAD = HexColor("#B0A28F")
_OTHER = HexColor("#BDBDBD")
_METRES_PER_DEGREE = 111_195.0
_MIN_SPAN_M = 120.0  # a leg of a few neighbours is still shown with its street around it
_PAD = 6 * mm
Numbered = Sequence[tuple[int, float, float]]  # plate number, lon, lat


class RouteMap(Flowable):  # type: ignore[misc]
    """A map of ``points`` (numbered, in walking order) framed on them, or on the whole
    village when ``village_frame``; ``others`` are drawn as grey dots for orientation."""

    def __init__(
        self,
        village: VillageMap,
        points: Numbered,
        *,
        width: float,
        max_height: float,
        background: Background | None = None,
        others: Sequence[tuple[float, float]] = (),
        village_frame: bool = True,
    ) -> None:
        super().__init__()
        self.village, self.points = village, list(points)
        self.background = background
        framed = [(x, y) for _, x, y in self.points]
        if village_frame or not framed:
            framed += [p for ring in village.boundary for p in ring]
        lat0 = math.radians(sum(lat for _, lat in framed) / len(framed))
        self._kx = math.cos(lat0)
        xs = [lon * self._kx for lon, _ in framed]
        ys = [lat for _, lat in framed]
        least = _MIN_SPAN_M / _METRES_PER_DEGREE
        span_x, span_y = max(max(xs) - min(xs), least), max(max(ys) - min(ys), least)
        self._x0 = (max(xs) + min(xs) - span_x) / 2
        self._y0 = (max(ys) + min(ys) - span_y) / 2
        self._scale = min((width - 2 * _PAD) / span_x, (max_height - 2 * _PAD) / span_y)
        self.width, self.height = width, span_y * self._scale + 2 * _PAD
        self._left = (width - span_x * self._scale) / 2  # centred in the frame
        # Only the dots inside the frame: a leg of a big village is drawn fifty times.
        self.others = [
            (lon, lat)
            for lon, lat in others
            if 0 <= self._xy(lon, lat)[0] <= width and 0 <= self._xy(lon, lat)[1] <= self.height
        ]

    def _xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self._left + (lon * self._kx - self._x0) * self._scale,
            _PAD + (lat - self._y0) * self._scale,
        )

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(0, 0, self.width, self.height)
        canvas.clipPath(clip, stroke=0, fill=0)
        self._draw_boundary(canvas)
        self._draw_background(canvas)
        self._draw_others(canvas)
        self._draw_route(canvas)
        self._draw_labels(canvas)
        canvas.restoreState()
        canvas.setStrokeColor(HexColor("#BDBDBD"))
        canvas.setLineWidth(0.5)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        self._draw_north(canvas)
        self._draw_scale_bar(canvas)

    def _line(self, canvas: Canvas, coords: Sequence[tuple[float, float]], close: bool) -> None:
        path = canvas.beginPath()
        for k, (lon, lat) in enumerate(coords):
            x, y = self._xy(lon, lat)
            path.lineTo(x, y) if k else path.moveTo(x, y)
        if close:
            path.close()
        canvas.drawPath(path, stroke=1, fill=1 if close else 0, fillMode=0)

    def _draw_boundary(self, canvas: Canvas) -> None:
        canvas.setFillColor(_LIGHT)
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(1.2)
        path = canvas.beginPath()
        for ring in self.village.boundary:
            for k, (lon, lat) in enumerate(ring):
                x, y = self._xy(lon, lat)
                path.lineTo(x, y) if k else path.moveTo(x, y)
            path.close()
        canvas.drawPath(path, stroke=1, fill=1, fillMode=0)  # even-odd: holes stay empty

    def _draw_background(self, canvas: Canvas) -> None:
        if self.background is None:
            return
        canvas.setStrokeColor(_ROAD)
        canvas.setLineWidth(1.6)
        canvas.setLineCap(1)
        for line in self.background.lines:
            if len(line) >= 2:
                self._line(canvas, line, close=False)
        canvas.setFillColor(_INK)
        for lon, lat, _ in self.background.points:
            x, y = self._xy(lon, lat)
            canvas.rect(x - 1.6, y - 1.6, 3.2, 3.2, stroke=0, fill=1)

    def _draw_others(self, canvas: Canvas) -> None:
        canvas.setFillColor(_OTHER)
        for lon, lat in self.others:
            x, y = self._xy(lon, lat)
            canvas.circle(x, y, 0.8, stroke=0, fill=1)

    def _draw_route(self, canvas: Canvas) -> None:
        if len(self.points) < 2:
            return
        canvas.setStrokeColor(HexColor("#757575"))
        canvas.setLineWidth(0.6)
        canvas.setDash(2, 1.5)
        self._line(canvas, [(lon, lat) for _, lon, lat in self.points], close=False)
        canvas.setDash()

    def _draw_labels(self, canvas: Canvas) -> None:
        """The points and their numbers, then the landmarks' names where room is left."""
        size = 6.5 if len(self.points) <= 60 else 5
        anchors = [self._xy(lon, lat) for _, lon, lat in self.points]
        texts = [str(number) for number, _, _ in self.points]
        frame: Box = (0, 0, self.width, self.height)
        landmarks = self.background.points if self.background else []
        spots = [self._xy(lon, lat) for lon, lat, _ in landmarks]
        squares = [(x - 1.6, y - 1.6, x + 1.6, y + 1.6) for x, y in spots]
        boxes = _labels(canvas, anchors, texts, BOLD, size, frame, squares)
        canvas.setFillColor(_POINT)
        for x, y in anchors:
            canvas.circle(x, y, 1.3, stroke=0, fill=1)
        _write(canvas, texts, boxes, BOLD, size)
        named = [
            (spot, check_glyphs(name))
            for spot, (_, _, name) in zip(spots, landmarks, strict=True)
            if name
        ]
        taken = [b for b in boxes if b is not None] + [
            (x - 1.5, y - 1.5, x + 1.5, y + 1.5) for x, y in anchors
        ]
        marks = _labels(
            canvas, [a for a, _ in named], [n for _, n in named], REGULAR, 6, frame, taken
        )
        _write(canvas, [n for _, n in named], marks, REGULAR, 6)

    def _draw_north(self, canvas: Canvas) -> None:
        x, y = self.width - 8 * mm, self.height - 12 * mm
        canvas.setFillColor(_INK)
        path = canvas.beginPath()
        path.moveTo(x, y + 7 * mm)
        path.lineTo(x - 2 * mm, y + 2 * mm)
        path.lineTo(x + 2 * mm, y + 2 * mm)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.setFont(BOLD, 8)
        canvas.drawCentredString(x, y - 1 * mm, t("print.checklist.north", PRINTED))

    def _draw_scale_bar(self, canvas: Canvas) -> None:
        points_per_metre = self._scale / _METRES_PER_DEGREE
        target = 30 * mm / points_per_metre
        metres = max(
            m for m in (10, 20, 50, 100, 200, 500, 1000, 2000, 5000) if m <= max(target, 10)
        )
        length = metres * points_per_metre
        x, y = 4 * mm, 3 * mm
        canvas.setStrokeColor(_INK)
        canvas.setLineWidth(1)
        canvas.line(x, y, x + length, y)
        canvas.line(x, y - 1, x, y + 2)
        canvas.line(x + length, y - 1, x + length, y + 2)
        canvas.setFillColor(_INK)
        canvas.setFont(REGULAR, 7)
        label = (
            f"{format_number(metres // 1000, PRINTED)} km"
            if metres >= 1000
            else f"{format_number(metres, PRINTED)} m"
        )
        canvas.drawString(x + length + 1.5 * mm, y - 1, label)


def _labels(
    canvas: Canvas,
    anchors: Sequence[tuple[float, float]],
    texts: Sequence[str],
    font: str,
    size: float,
    frame: Box,
    taken: Sequence[Box],
) -> list[Box | None]:
    """Boxes for ``texts`` at ``anchors`` (1 pt of white margin around each text)."""
    sizes = [(canvas.stringWidth(text, font, size) + 2, size + 1) for text in texts]
    return place_labels(anchors, sizes, frame=frame, taken=taken)


def _write(
    canvas: Canvas, texts: Sequence[str], boxes: Sequence[Box | None], font: str, size: float
) -> None:
    """Each placed text on a white patch, so lines and the outline never cross it."""
    canvas.setFont(font, size)
    for text, box in zip(texts, boxes, strict=True):
        if box is None:
            continue
        canvas.setFillColor(white)
        canvas.rect(box[0], box[1], box[2] - box[0], box[3] - box[1], stroke=0, fill=1)
        canvas.setFillColor(_INK)
        canvas.drawString(box[0] + 1, box[1] + 0.22 * size + 0.5, text)
