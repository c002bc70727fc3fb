"""Plate sizes and templates (`PlateSpec`) and where everything sits on a plate.

Positions come from the plate's template (plates/templates/*.toml, read by plates.template_data),
scaled to the plate's size, so a 200 × 150 mm plate is the A6 design scaled; the QR's modules
never shrink below `min_module_mm` (DESIGN.md: at least 1.5 mm, readable well beyond arm's
length).
"""

import dataclasses
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from reportlab.lib.units import mm

from addrgen.catalog import t
from plates.errors import PlatesError
from plates.language import PRINTED
from plates.qr import QUIET_ZONE, ErrorLevel
from plates.template_data import Box, Template, template

__all__ = [
    "PRESETS",
    "Color",
    "PlateGeometry",
    "PlateSpec",
    "Rect",
    "plain_number",
    "plate_geometry",
]

Color = Literal["rgb", "cmyk"]

# Named sizes (width × height in mm, landscape); any "WxH" string is read as millimetres too.
PRESETS: dict[str, tuple[float, float]] = {
    "A6": (148.0, 105.0),
    "A5": (210.0, 148.0),
    "A4": (297.0, 210.0),
    "150x100": (150.0, 100.0),
    "200x150": (200.0, 150.0),
    "300x200": (300.0, 200.0),
}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*", re.IGNORECASE)


def plain_number(value: float) -> float | int:
    """A size as a person writes it in a message: 148, not 148.0."""
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class PlateSpec:
    """What a plate looks like: its template, its size, its QR, which fields show, its colours."""

    template: str = "a6"  # a file of plates/templates/ (plates.template_data)
    width_mm: float = 0.0  # 0: the template's own size
    height_mm: float = 0.0
    qr_size_mm: float | None = None  # symbol side without quiet zone; None: the template's box
    error_correction: ErrorLevel = "Q"
    min_module_mm: float = 1.5
    show_commune: bool = True
    show_name: bool = True  # names of agencies and heritage sites
    # The "Chủ hộ: …" line: only when the commune turns it on (its setting, or the batch's flag).
    show_household_name: bool = False
    show_address: bool = True
    show_plus_code: bool = True
    show_scan_hint: bool = True
    show_number: bool = True  # the sequence number, on the shop page's slug (outside the trim)
    show_issuer: bool = True
    show_lookup: bool = True
    header: str = field(default_factory=lambda: t("print.plate.header", PRINTED))
    color: Color = "rgb"  # cmyk: DeviceCMYK for a print shop (plates.canvas.palette)

    def __post_init__(self) -> None:
        design = template(self.template)
        object.__setattr__(self, "template", design.name)
        if not self.width_mm and not self.height_mm:
            object.__setattr__(self, "width_mm", design.width)
            object.__setattr__(self, "height_mm", design.height)
        width, height = plain_number(self.width_mm), plain_number(self.height_mm)
        given = f"{self.width_mm:g}x{self.height_mm:g}"
        if self.width_mm < self.height_mm:
            raise PlatesError("plate.portrait", field="size", value=given)
        if self.height_mm < 60 or self.width_mm > 600:
            raise PlatesError(
                "plate.unprintable", field="size", value=given, width=width, height=height
            )

    @classmethod
    def preset(cls, name: str, **changes: Any) -> "PlateSpec":
        """'A6', 'A5', 'A4', '200x150' … or any 'WxH' in millimetres."""
        if name.upper() in PRESETS:
            width, height = PRESETS[name.upper()]
        elif match := _SIZE.fullmatch(name):
            width, height = float(match[1]), float(match[2])
        else:
            raise PlatesError(
                "plate.unknown_size", field="size", value=name, known=", ".join(PRESETS)
            )
        return cls(width_mm=width, height_mm=height, **changes)

    @classmethod
    def from_mm(cls, width: float, height: float, **changes: Any) -> "PlateSpec":
        return cls(width_mm=width, height_mm=height, **changes)

    def replace(self, **changes: Any) -> "PlateSpec":
        return dataclasses.replace(self, **changes)

    @property
    def design(self) -> Template:
        return template(self.template)

    @property
    def size(self) -> tuple[float, float]:
        """Trim size in points."""
        return self.width_mm * mm, self.height_mm * mm

    @property
    def safe(self) -> float:
        """The margin (points) inside the trim that holds nothing but the colour band."""
        return float(self.design.safe * mm * min(self.scales))

    @property
    def scales(self) -> tuple[float, float]:
        """Across and down, from the template's size to this plate's."""
        design = self.design
        return self.width_mm / design.width, self.height_mm / design.height


@dataclass(frozen=True)
class Rect:
    """A rectangle in points from the plate's bottom-left trim corner."""

    left: float
    bottom: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.bottom + self.height

    @property
    def right(self) -> float:
        return self.left + self.width


@dataclass(frozen=True)
class PlateGeometry:
    """Positions on one plate, in points from its bottom-left trim corner."""

    width: float
    height: float
    scale: float  # font sizes of the template are multiplied by it
    safe: float
    band_height: float
    code: Rect
    cap_height: tuple[float, float]  # the code's capitals in points: wanted, least
    column: Rect
    qr_modules: int  # modules across the symbol this layout is for
    qr_module: float
    qr_x: float  # bottom-left corner of the symbol, quiet zone outside it
    qr_y: float
    qr_side: float


def _rect(box: Box, spec: PlateSpec) -> Rect:
    """A template box (mm from the top-left) as points from the bottom-left, scaled."""
    across, down = spec.scales
    height = spec.size[1]
    return Rect(
        box.x * across * mm,
        height - (box.y + box.h) * down * mm,
        box.w * across * mm,
        box.h * down * mm,
    )


@cache
def plate_geometry(spec: PlateSpec, modules: int) -> PlateGeometry:
    """Lay a plate out for a QR of `modules` modules across (21 for version 1, +4 a version)."""
    width, height = spec.size
    design = spec.design
    scale = min(spec.scales)
    qr_box = _rect(design.qr, spec)
    across = modules + 2 * QUIET_ZONE
    if spec.qr_size_mm:
        module = spec.qr_size_mm * mm / modules
    else:
        module = min(qr_box.width, qr_box.height) / across
    if module < spec.min_module_mm * mm - 1e-9:
        raise PlatesError(
            "plate.modules_too_small",
            module=module / mm,
            width=plain_number(spec.width_mm),
            height=plain_number(spec.height_mm),
            minimum=plain_number(spec.min_module_mm),
        )
    side = module * modules
    if module * across > min(qr_box.width, qr_box.height) + 1e-6:
        raise PlatesError("plate.qr_does_not_fit", side=round(side / mm))
    return PlateGeometry(
        width=width,
        height=height,
        scale=scale,
        safe=spec.safe,
        band_height=design.band_height * spec.scales[1] * mm,
        code=_rect(design.code, spec),
        cap_height=(design.cap_height[0] * scale * mm, design.cap_height[1] * scale * mm),
        column=_rect(design.column, spec),
        qr_modules=modules,
        qr_module=module,
        qr_x=qr_box.left + (qr_box.width - side) / 2,
        qr_y=qr_box.bottom + (qr_box.height - side) / 2,
        qr_side=side,
    )
