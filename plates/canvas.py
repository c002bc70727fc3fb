"""Canvases and documents made the same way everywhere: invariant, our font, binary streams.

* Invariant mode: no timestamps or random ids, so the same inputs give byte-identical PDFs.
* The initial font is ours: otherwise reportlab puts an unembedded Helvetica into every page's
  resources even when no Helvetica text is drawn.
* Compressed streams are written as binary, not ASCII85: a quarter smaller, and reportlab's
  pure-Python ASCII85 encoder was a third of the time spent per plate. reportlab reads the
  switch from its global config when it writes the file, so it is set around the save only.
* Colours come from a palette: RGB for screens and office printers, DeviceCMYK for a print shop,
  where the QR and the text are pure black (K only: rich black would smear four plates' worth of
  registration error into the modules) and the brand blue is a CMYK build. A CMYK canvas refuses
  any other colour (reportlab's enforceColorSpace), so nothing RGB slips through. The A4
  documents (checklist, letters) draw with platypus, whose styles hold RGB colours: their CMYK
  canvas turns a grey into K only and each of their few other colours into its build
  (:func:`document_cmyk`), and refuses any colour it does not know.
* Metadata: title, author (the issuing unit), subject, creator and a real creation date, the
  batch's recorded time, so that re-rendering the same batch still gives the same bytes.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Literal

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, Color, HexColor, black, toColor, white
from reportlab.pdfgen.canvas import Canvas

from addrgen.catalog import t
from plates.fonts import REGULAR, register_fonts
from plates.language import PRINTED

__all__ = [
    "CMYK",
    "RGB",
    "Metadata",
    "Palette",
    "batch_metadata",
    "binary_streams",
    "document_cmyk",
    "new_canvas",
    "palette",
    "save",
    "stamp",
]


@dataclass(frozen=True)
class Palette:
    """The colours a plate page uses, by role."""

    ink: Color  # body text and the code
    qr: Color  # the QR's dark modules, crop marks
    grey: Color  # labels
    accent: Color  # the brand blue of the band
    paper: Color  # the band's text, the QR's quiet zone, the crop marks' halo
    alert: Color  # the draft badge
    cut: Color  # office sheets' cut lines


RGB = Palette(
    ink=HexColor("#1A1A1A"),
    qr=black,
    grey=HexColor("#555555"),
    accent=HexColor("#0B3C7D"),  # the deep blue of Vietnamese house-number plates
    paper=white,
    alert=HexColor("#C62828"),
    cut=HexColor("#9E9E9E"),
)
CMYK = Palette(
    ink=CMYKColor(0, 0, 0, 1),
    qr=CMYKColor(0, 0, 0, 1),
    grey=CMYKColor(0, 0, 0, 0.7),
    # #0B3C7D built for offset: 205 % total ink, below the usual 300 % limit of coated stock.
    accent=CMYKColor(1, 0.7, 0, 0.35),
    paper=CMYKColor(0, 0, 0, 0),
    alert=CMYKColor(0, 0.9, 0.85, 0.1),
    cut=CMYKColor(0, 0, 0, 0.4),
)


def palette(color: Literal["rgb", "cmyk"]) -> Palette:
    return CMYK if color == "cmyk" else RGB


# The documents' colours that are not grey, by RGB value, as CMYK builds.
_DOCUMENT_BUILDS = {
    RGB.accent.hexval(): CMYK.accent,  # titles, the map's village outline
    RGB.alert.hexval(): CMYK.alert,  # a shared house number, the map's points
    "0xe8eef7": CMYKColor(0.06, 0.04, 0, 0.03),  # the tables' header tint
    "0xb0a28f": CMYKColor(0, 0.08, 0.19, 0.31),  # the background layer's roads
}


def document_cmyk(color: object) -> CMYKColor:
    """A document canvas's colour in DeviceCMYK (its enforceColorSpace): CMYK as given, a grey
    as K only (black text stays pure black), a known colour as its build; anything else is a
    colour nobody chose a build for, refused rather than printed as a guess."""
    found = toColor(color)
    if isinstance(found, CMYKColor):
        return found
    if found.red == found.green == found.blue:
        return CMYKColor(0, 0, 0, 1 - found.red)
    build = _DOCUMENT_BUILDS.get(found.hexval())
    if build is None:
        raise ValueError(f"no CMYK build for the document colour {found.hexval()}")
    return build


@dataclass(frozen=True, kw_only=True)
class Metadata:
    """A document's information dictionary."""

    title: str
    author: str
    subject: str
    creator: str
    created: datetime  # the batch's recorded time, never the clock at rendering


def batch_metadata(
    *, title: str, batch: str, issuer: str, subject: str, created: datetime
) -> Metadata:
    """A batch's document's metadata: '<title> — <batch>', issued by ``issuer``, created when
    the batch was recorded (so a re-render gives the same bytes)."""
    return Metadata(
        title=f"{title} — {batch}",
        author=issuer,
        subject=subject,
        creator=t("print.plates.creator", PRINTED),
        created=created,
    )


def _pdf_date(when: datetime) -> str:
    """D:YYYYMMDDHHmmSS+HH'mm' (PDF 32000-1, 7.9.4); a naive time is written as UTC."""
    offset = when.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return when.strftime("D:%Y%m%d%H%M%S") + f"{sign}{hours:02d}'{mins:02d}'"


def stamp(canvas: Canvas, meta: Metadata) -> None:
    """Write ``meta`` into the document's information dictionary when the canvas is saved."""
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author)
    canvas.setSubject(meta.subject)
    canvas.setCreator(meta.creator)
    stamp = _pdf_date(meta.created)
    # Invariant mode fixes the timestamp at 2000-01-01; the formatter writes ours instead.
    canvas.setDateFormatter(lambda *_: stamp)


def new_canvas(
    target: str | Path | IO[bytes],
    size: tuple[float, float],
    *,
    color: Literal["rgb", "cmyk"] = "rgb",
    meta: Metadata | None = None,
) -> Canvas:
    """A canvas in invariant mode whose initial font is ours, in the given colour space."""
    register_fonts()
    canvas = Canvas(
        str(target) if isinstance(target, Path) else target,
        pagesize=size,
        invariant=1,
        pageCompression=1,
        initialFontName=REGULAR,
        initialFontSize=10,
        enforceColorSpace="cmyk" if color == "cmyk" else None,
    )
    if color == "cmyk":
        # The canvas starts with RGB black for fill and stroke; DeviceCMYK from the first mark.
        canvas.setFillColorCMYK(0, 0, 0, 1)
        canvas.setStrokeColorCMYK(0, 0, 0, 1)
    if meta:
        stamp(canvas, meta)
    return canvas


# One save at a time: the switch is process-global, and two threads restoring it out of order
# would leave one file half ASCII85, which is valid but breaks byte-identical output.
_SWITCH = threading.RLock()


@contextmanager
def binary_streams() -> Iterator[None]:
    """Write Flate streams without the ASCII85 layer while the block runs."""
    with _SWITCH:
        previous = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = previous


def save(canvas: Canvas) -> None:
    with binary_streams():
        canvas.save()
