"""Plate sizes and templates (`PlateSpec`) and where everything sits on a plate.

All positions are derived from the plate's size, so an A5 or a 200 × 150 mm plate is the A6
design scaled, with the QR sized in millimetres so its modules never shrink below
`min_module_mm` (DESIGN.md: at least 1.5 mm, readable well beyond arm's length).
"""

import dataclasses
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from reportlab.lib.units import mm

from addrgen.catalog import t
from plates.errors import PlatesError
from plates.language import PRINTED
from plates.qr import QUIET_ZONE, ErrorLevel

__all__ = ["PRESETS", "PlateGeometry", "PlateSpec", "plain_number", "plate_geometry"]

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
_DESIGN_W, _DESIGN_H = 148.0, 105.0  # the A6 design every other size is scaled from


def plain_number(value: float) -> float | int:
    """A size as a person writes it in a message: 148, not 148.0."""
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class PlateSpec:
    """What a plate looks like: its size, its QR and which fields it shows."""

    width_mm: float = 148.0
    height_mm: float = 105.0
    qr_size_mm: float | None = None  # symbol side without quiet zone; None: 47.5 % of height
    error_correction: ErrorLevel = "Q"
    min_module_mm: float = 1.5
    show_commune: bool = True
    show_name: bool = True  # names of agencies and heritage sites
    show_household_name: bool = False  # a household head's name: only when the commune opts in
    show_address: bool = True
    show_plus_code: bool = True
    show_scan_hint: bool = True
    show_number: bool = True
    header: str = field(default_factory=lambda: t("print.plate.header", PRINTED))
    accent: str = "#0B3C7D"  # the deep blue of Vietnamese house-number plates

    def __post_init__(self) -> None:
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
    def size(self) -> tuple[float, float]:
        """Trim size in points."""
        return self.width_mm * mm, self.height_mm * mm


@dataclass(frozen=True)
class PlateGeometry:
    """Positions on one plate, in points from its bottom-left trim corner."""

    width: float
    height: float
    scale: float  # 1.0 on the A6 design; font sizes and gaps are multiplied by it
    margin: float
    header_height: float
    qr_modules: int  # modules across the symbol this layout is for
    qr_module: float
    qr_x: float  # bottom-left corner of the symbol, quiet zone outside it
    qr_y: float
    qr_side: float
    text_left: float
    text_right: float
    text_top: float
    footer_y: float  # baseline of the scan hint and the checklist number


@cache
def plate_geometry(spec: PlateSpec, modules: int) -> PlateGeometry:
    """Lay a plate out for a QR of `modules` modules across (21 for version 1, +4 a version)."""
    width, height = spec.size
    scale = min(spec.width_mm / _DESIGN_W, spec.height_mm / _DESIGN_H)
    header = 15.5 * mm * scale
    footer = 11.0 * mm * scale
    side = (spec.qr_size_mm or spec.height_mm * 0.475) * mm
    module = side / modules
    if module < spec.min_module_mm * mm - 1e-9:
        raise PlatesError(
            "plate.modules_too_small",
            module=module / mm,
            width=plain_number(spec.width_mm),
            height=plain_number(spec.height_mm),
            minimum=plain_number(spec.min_module_mm),
        )
    quiet = QUIET_ZONE * module
    body = height - header - footer
    if side + 2 * quiet > body:
        raise PlatesError("plate.qr_does_not_fit", side=round(side / mm))
    qr_x = width - 2 * mm * scale - quiet - side
    qr_y = footer + (body - side) / 2
    return PlateGeometry(
        width=width,
        height=height,
        scale=scale,
        margin=6 * mm * scale,
        header_height=header,
        qr_modules=modules,
        qr_module=module,
        qr_x=qr_x,
        qr_y=qr_y,
        qr_side=side,
        text_left=6 * mm * scale,
        text_right=qr_x - quiet - 2 * mm * scale,
        text_top=height - header - 4 * mm * scale,
        footer_y=4.5 * mm * scale,
    )
