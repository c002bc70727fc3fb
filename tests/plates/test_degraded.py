"""A plate that has lived outdoors: blurred, noisy, smudged and seen at an angle, still reads."""

import math
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFilter

from plates.batch import BatchOptions, render_batch
from plates.layout import PlateSpec, plate_geometry
from plates.qr import build_matrix
from plates.sheets import BLEED, SLUG
from plates.urls import qr_payload
from tests.plates.samples import PUBLIC_URL, decode_qrs, needs_pdftoppm, sample_villages

DPI = 150
TILT_DEGREES = 20.0
SMUDGE_SHARE = 0.15


def _perspective_coefficients(
    output: list[tuple[float, float]], source: list[tuple[float, float]]
) -> list[float]:
    """PIL's eight PERSPECTIVE coefficients mapping each output corner to its source corner."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(output, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return [float(c) for c in np.linalg.solve(np.array(rows), np.array(rhs))]


def _tilt(image: Image.Image, degrees: float) -> Image.Image:
    """The image as a camera sees it after the plate turns `degrees` about its vertical axis."""
    width, height = image.size
    theta = math.radians(degrees)
    distance = 2.0 * width  # a phone held about two plate-widths away
    corners = [(0.0, 0.0), (width, 0.0), (width, height), (0.0, height)]
    seen = []
    for x, y in corners:
        cx, cy = x - width / 2, y - height / 2
        depth = distance + cx * math.sin(theta)
        seen.append((distance * cx * math.cos(theta) / depth, distance * cy / depth))
    left = min(p[0] for p in seen)
    top = min(p[1] for p in seen)
    seen = [(x - left + 20, y - top + 20) for x, y in seen]
    size = (int(max(p[0] for p in seen)) + 20, int(max(p[1] for p in seen)) + 20)
    coefficients = _perspective_coefficients(seen, corners)
    return image.transform(
        size,
        Image.Transform.PERSPECTIVE,
        coefficients,
        Image.Resampling.BICUBIC,
        fillcolor=(255, 255, 255),
    )


def _qr_box(spec: PlateSpec, modules: int) -> tuple[int, int, int, int]:
    """The symbol's pixel box (left, top, right, bottom) on a rasterised shop page."""
    g = plate_geometry(spec, modules)
    scale = DPI / 72
    page_height = spec.size[1] + 2 * BLEED + SLUG
    left = (BLEED + g.qr_x) * scale
    top = (page_height - SLUG - BLEED - g.qr_y - g.qr_side) * scale
    side = g.qr_side * scale
    return round(left), round(top), round(left + side), round(top + side)


@dataclass(frozen=True)
class Smudge:
    """A patch painted over the symbol, in fractions of its side (left, top, width, height)."""

    left: float
    top: float
    width: float
    height: float
    opacity: float = 1.0
    ellipse: bool = False


# Each covers 15 % of the symbol. Dirt on a wall plate comes as splashes from below, streaks
# down an edge, or a film over the face. None covers a finder pattern: no level survives that.
# An opaque blot of 15 % dead in the centre is NOT among them: it touches about 25 of the 70
# codewords of a version-3 symbol while level Q corrects 18, so nothing in the renderer can
# make it read; level H (PlateSpec(error_correction="H")) is the answer for that.
SMUDGES = {
    "splash from below": Smudge(0.30, 0.83, 0.70, 0.215),
    "streak down the right edge": Smudge(0.70, 0.30, 0.27, 0.56),
    "blot in the lower right": Smudge(0.50, 0.50, 0.44, 0.44, ellipse=True),
    "film over the centre": Smudge(0.25, 0.35, 0.50, 0.30, opacity=0.6),
}
_DIRT = np.array([110.0, 100.0, 90.0])


def _smudge(image: Image.Image, box: tuple[int, int, int, int], smudge: Smudge) -> Image.Image:
    left, top, right, _ = box
    side = right - left
    width, height = int(smudge.width * side), int(smudge.height * side)
    x0, y0 = left + int(smudge.left * side), top + int(smudge.top * side)
    rows, cols = np.mgrid[0:height, 0:width]
    inside = np.ones((height, width), dtype=bool)
    if smudge.ellipse:
        inside = ((cols - width / 2) / (width / 2)) ** 2 + (
            (rows - height / 2) / (height / 2)
        ) ** 2 <= 1
    assert inside.sum() / side**2 == pytest.approx(SMUDGE_SHARE, abs=0.005)
    pixels = np.asarray(image, dtype=np.float64).copy()
    patch = pixels[y0 : y0 + height, x0 : x0 + width]
    patch[inside] = patch[inside] * (1 - smudge.opacity) + _DIRT * smudge.opacity
    return Image.fromarray(pixels.astype(np.uint8))


def _noise(image: Image.Image, sigma: float, seed: int = 7) -> Image.Image:
    pixels = np.asarray(image, dtype=np.float64)
    noisy = pixels + np.random.default_rng(seed).normal(0.0, sigma, pixels.shape)
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[str]]:
    """Every plate of the sample batch rasterised at 150 dpi, with the URL each must give."""
    tmp = tmp_path_factory.mktemp("degraded")
    options = BatchOptions(
        public_url=PUBLIC_URL, batch_id="TB-1", created_at=datetime(2025, 11, 28)
    )
    files = render_batch(tmp / "out", sample_villages(), options)
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", str(files.plates), str(tmp / "plate")], check=True
    )
    expected = [qr_payload(PUBLIC_URL, p.record.code) for p in files.printed]
    return sorted(tmp.glob("plate-*.png")), expected


@needs_pdftoppm
@pytest.mark.parametrize("name", list(SMUDGES))
def test_degraded_plates_still_decode_at_level_q(
    rendered: tuple[list[Path], list[str]], name: str, tmp_path: Path
) -> None:
    pages, expected = rendered
    box = _qr_box(PlateSpec(), 29)
    decoded = []
    for k, page in enumerate(pages):
        image = Image.open(page).convert("RGB")
        image = _smudge(image, box, SMUDGES[name])
        image = image.filter(ImageFilter.GaussianBlur(radius=2))
        image = _noise(image, sigma=30, seed=k)
        image = _tilt(image, TILT_DEGREES if k % 2 else -TILT_DEGREES)
        if k == 0:
            image.save(tmp_path / "degraded.png")  # to look at when this fails
        decoded.append(decode_qrs(image))
    assert decoded == [[url] for url in expected]


@needs_pdftoppm
def test_the_sample_plates_are_version_3(rendered: tuple[list[Path], list[str]]) -> None:
    # The smudge boxes above are laid out for a 29-module symbol.
    _, expected = rendered
    assert {build_matrix(url).version for url in expected} == {3}
