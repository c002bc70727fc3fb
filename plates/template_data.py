"""Plate templates as data: one TOML file per template in plates/templates/, read by one renderer.

A template says where things sit on the plate, in millimetres from the trim's top-left corner
(the way a designer measures a proof), and how large its text may be: the colour band, the code
(by its capital height, since that decides the reading distance), the QR's box (the symbol and
its quiet zone are centred in it) and a text column whose blocks stack from its top and its
bottom. Which fields show and in what colours is the renderer's (plates/plate.py); a new
template is a new file, no code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast, get_args

from plates.errors import PlatesError

__all__ = ["TEMPLATES", "Block", "Box", "Field", "Template", "template"]

_DIR = Path(__file__).resolve().parent / "templates"
#: The templates shipped, by name (each is plates/templates/<name>.toml).
TEMPLATES: tuple[str, ...] = tuple(sorted(p.stem for p in _DIR.glob("*.toml")))

Field = Literal["distinct", "head", "address", "plus_code", "scan_hint", "lookup", "issuer"]
Face = Literal["regular", "semibold", "bold"]


@dataclass(frozen=True)
class Box:
    """A rectangle in millimetres from the trim's top-left corner."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Block:
    """One field of the text column: its face, its size range (points) and its most lines."""

    field: Field
    face: Face
    largest: float
    smallest: float
    lines: int


@dataclass(frozen=True)
class Template:
    name: str
    width: float
    height: float
    safe: float  # everything but the colour band keeps this far inside the trim
    band_height: float
    title_size: float
    commune_size: float
    code: Box
    cap_height: tuple[float, float]  # the code's capitals, mm: wanted, and the least allowed
    qr: Box
    column: Box
    top: tuple[Block, ...]  # stacked down from the column's top
    bottom: tuple[Block, ...]  # stacked so that the last ends at the column's bottom


def _box(data: Any, *, where: str) -> Box:
    if not (isinstance(data, list) and len(data) == 4):
        raise ValueError(f"{where}: expected [x, y, width, height]")
    return Box(*(float(v) for v in data))


def _block(data: dict[str, Any]) -> Block:
    if data["field"] not in get_args(Field) or data["font"] not in get_args(Face):
        raise ValueError(f"unknown field or font in {data!r}")
    largest, smallest = data["size"]
    return Block(
        field=cast(Field, data["field"]),
        face=cast(Face, data["font"]),
        largest=float(largest),
        smallest=float(smallest),
        lines=int(data["lines"]),
    )


def _parse(name: str, data: dict[str, Any]) -> Template:
    width, height = data["size"]
    wanted, least = data["code"]["cap_height"]
    return Template(
        name=name,
        width=float(width),
        height=float(height),
        safe=float(data["safe"]),
        band_height=float(data["band"]["height"]),
        title_size=float(data["band"]["title"]),
        commune_size=float(data["band"]["commune"]),
        code=_box(data["code"]["box"], where="code.box"),
        cap_height=(float(wanted), float(least)),
        qr=_box(data["qr"]["box"], where="qr.box"),
        column=_box(data["column"]["box"], where="column.box"),
        top=tuple(_block(b) for b in data["column"]["top"]),
        bottom=tuple(_block(b) for b in data["column"]["bottom"]),
    )


@cache
def template(name: str) -> Template:
    """The template called `name` (case-insensitive), read once per process."""
    key = name.strip().lower()
    if key not in TEMPLATES:
        raise PlatesError(
            "plate.unknown_template", field="template", value=name, known=", ".join(TEMPLATES)
        )
    with (_DIR / f"{key}.toml").open("rb") as handle:
        return _parse(key, tomllib.load(handle))
