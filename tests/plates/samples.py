"""Sample records for the plate tests: two villages of Thạch Bình (Hà Tĩnh), made up.

Codes carry a real Damm check digit (computed here, independently of addrgen) and plus codes
come from the reference `openlocationcode` package, so the samples look exactly like what the
registry hands `plates`.
"""

import random
import shutil
from pathlib import Path

import pdfplumber
import pytest
import zxingcpp
from openlocationcode import openlocationcode as olc
from pdfminer.pdftypes import resolve1
from PIL import Image

from addrgen.checkdigit import damm_check_digit
from plates.records import Kind, PlateRecord, VillageMap

PUBLIC_URL = "https://diachi.example.vn"
CENTRE = (105.9318, 18.3148)  # lon, lat of Thạch Bình

needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None,
    reason="poppler's pdftoppm is not installed (apt-get install poppler-utils); "
    "these tests rasterise the PDFs to decode their QR codes",
)


def make_record(
    serial: int,
    village: str,
    lon: float,
    lat: float,
    kind: Kind = "household",
    name: str | None = None,
    house_number: str | None = None,
    street: str | None = None,
) -> PlateRecord:
    first_ten = f"18112{serial:05d}"
    code = first_ten + str(damm_check_digit(first_ten))
    return PlateRecord(
        code=code,
        code_display=f"{code[:5]} {code[5:10]} {code[10]}",
        plus_code=olc.encode(lat, lon, 11),
        kind=kind,
        name=name,
        house_number=house_number,
        street=street,
        village=village,
        commune="xã Thạch Bình",
        district="TP Hà Tĩnh",
        province="Hà Tĩnh",
        lon=lon,
        lat=lat,
    )


def _square(lon: float, lat: float, half: float) -> list[tuple[float, float]]:
    return [
        (lon - half, lat - half),
        (lon + half, lat - half),
        (lon + half, lat + half),
        (lon - half, lat + half),
        (lon - half, lat - half),
    ]


def sample_villages() -> list[tuple[VillageMap, list[PlateRecord]]]:
    """Twelve plates: Bình Minh (7, with an agency and a heritage site) and Nam Bình (5)."""
    rng = random.Random(2025)
    lon0, lat0 = CENTRE
    binh_minh = [
        make_record(1, "Bình Minh", lon0 - 0.0011, lat0 + 0.0007, house_number="5"),
        make_record(2, "Bình Minh", lon0 + 0.0009, lat0 - 0.0012, house_number="17"),
        make_record(
            3, "Bình Minh", lon0 + 0.0002, lat0 + 0.0003, "agency", "Trường Tiểu học Thạch Bình"
        ),
        make_record(4, "Bình Minh", lon0 - 0.0004, lat0 - 0.0009, name="Nguyễn Thị Hường"),
        make_record(
            5,
            "Bình Minh",
            lon0 + 0.0014,
            lat0 + 0.0013,
            "heritage",
            "Đền thờ Lê Khôi",
            street="đường Lê Khôi",
        ),
        make_record(6, "Bình Minh", lon0 - 0.0016, lat0 - 0.0002, house_number="23"),
        make_record(7, "Bình Minh", lon0 + 0.0006, lat0 + 0.0016, house_number="8"),
    ]
    lon1, lat1 = lon0 + 0.006, lat0 - 0.004
    nam_binh = [
        make_record(
            8 + k,
            "Nam Bình",
            lon1 + rng.uniform(-0.0015, 0.0015),
            lat1 + rng.uniform(-0.0015, 0.0015),
            house_number=str(40 + k),
        )
        for k in range(5)
    ]
    return [
        (VillageMap("Bình Minh", [_square(lon0, lat0, 0.002)]), binh_minh),
        (VillageMap("Nam Bình", [_square(lon1, lat1, 0.002)]), nam_binh),
    ]


def rasterise(pdf: Path, out_dir: Path, dpi: int = 150) -> list[Path]:
    """Every page of `pdf` as a PNG, with poppler (independent of reportlab and pdfium)."""
    import subprocess

    prefix = out_dir / pdf.stem
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
    return sorted(out_dir.glob(f"{pdf.stem}-*.png"))


def decode_qrs(image: Image.Image) -> list[str]:
    """Every QR on the image, in reading order: top to bottom, then left to right."""
    found = [r for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]

    def key(result: zxingcpp.Barcode) -> tuple[int, int]:
        corner = result.position.top_left
        return round(corner.y / 50), corner.x  # same row if within ~8 mm at 150 dpi

    return [r.text for r in sorted(found, key=key)]


def pdf_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(BaseFont, has an embedded TrueType program) for every font of every page."""
    fonts = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            resources = resolve1(page.page_obj.resources) or {}
            for ref in (resolve1(resources.get("Font")) or {}).values():
                font = resolve1(ref)
                descriptor = resolve1(font.get("FontDescriptor")) or {}
                fonts.append((str(font["BaseFont"]), "FontFile2" in descriptor))
    return fonts
