"""Plate rendering throughput: our vector renderer against the naive image-per-plate approach.

    .venv/bin/python bench/bench_plates.py [--n 2000] [--naive-n 200]

Renders N print-shop plates (A6, trim + bleed, crop marks) and prints plates per second and
bytes per plate for:
  * ours: QR matrices from plates.qr (numpy mask choice), drawn as one vector path per plate;
  * naive: qrcode's own make() (pure-Python mask choice) → PIL image → canvas.drawImage, the
    rest of the plate identical; run on a subset and scaled linearly;
  * ours split across 2 processes, each writing half the batch to its own PDF.
Targets (issue 3): ≥ 4× naive in one process, ≥ 1,000 plates/s on 2 cores, ≤ 2,500 bytes per
plate. Exits 1 if the single-process ratio target fails.
"""

import argparse
import io
import multiprocessing
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import qrcode
from qrcode.constants import ERROR_CORRECT_Q
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from plates.canvas import save
from plates.layout import PlateSpec, plate_geometry
from plates.plate import PlateRenderer
from plates.qr import QUIET_ZONE, build_matrix
from plates.records import PlateRecord
from plates.sheets import (
    BLEED,
    PlateJob,
    draw_crop_marks,
    shop_canvas,
    write_plates_pdf,
)
from plates.urls import qr_payload

PUBLIC_URL = "https://diachi.example.vn"
TARGET_RATIO = 4.0
TARGET_TWO_CORES = 1_000.0
TARGET_BYTES = 2_500.0
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2), (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9), (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8), (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4), (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5), (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)  # fmt: skip
_VILLAGES = ("Bình Minh", "Nam Bình", "Bắc Bình", "Đông Bình", "Tây Bình", "Trung Bình")


@dataclass(frozen=True)
class Result:
    plates: int
    seconds: float
    size: int

    @property
    def per_second(self) -> float:
        return self.plates / self.seconds

    @property
    def bytes_per_plate(self) -> float:
        return self.size / self.plates


def _code(serial: int) -> str:
    first_ten, interim = f"18112{serial:05d}", 0
    for digit in first_ten:
        interim = _DAMM[interim][int(digit)]
    return first_ten + str(interim)


def sample_records(n: int) -> list[PlateRecord]:
    rng = random.Random(42)
    records = []
    for serial in range(1, n + 1):
        code = _code(serial)
        agency = serial % 40 == 0
        records.append(PlateRecord(
            code=code, code_display=f"{code[:5]} {code[5:10]} {code[10]}",
            plus_code="7PC78W7J+WPF", kind="agency" if agency else "household",
            name="Trạm y tế xã Thạch Bình" if agency else None,
            house_number=None if agency else str(rng.randrange(1, 300)), street=None,
            village=_VILLAGES[serial % len(_VILLAGES)], commune="xã Thạch Bình",
            district="TP Hà Tĩnh", province="Hà Tĩnh",
            lon=105.9318 + rng.uniform(-0.01, 0.01), lat=18.3148 + rng.uniform(-0.01, 0.01),
        ))  # fmt: skip
    return records


def render_ours(records: Sequence[PlateRecord], spec: PlateSpec) -> int:
    """Matrices and the PDF, as render_batch makes plates.pdf; returns the PDF's size."""
    jobs = [
        PlateJob(k + 1, r, build_matrix(qr_payload(PUBLIC_URL, r.code), spec.error_correction))
        for k, r in enumerate(records)
    ]
    buffer = io.BytesIO()
    write_plates_pdf(buffer, jobs, spec, mode="shop", draft=False)
    return len(buffer.getvalue())


def _marks(spec: PlateSpec) -> Callable[[Canvas], None]:
    def marks(canvas: Canvas) -> None:
        canvas.saveState()
        canvas.translate(-BLEED, -BLEED)
        draw_crop_marks(canvas, *spec.size)
        canvas.restoreState()

    return marks


def render_naive(records: Sequence[PlateRecord], spec: PlateSpec) -> int:
    """The same pages with qrcode's make() and its PIL image placed by drawImage."""
    buffer = io.BytesIO()
    canvas = shop_canvas(buffer, spec)
    # The same text drawing as ours (shared parts in one form), so only the QR differs.
    renderer = PlateRenderer(canvas, spec, draft=False, bleed=BLEED, marks=_marks(spec))
    for k, record in enumerate(records):
        qr = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=QUIET_ZONE, box_size=10)
        qr.add_data(qr_payload(PUBLIC_URL, record.code))
        qr.make()
        image = qr.make_image().get_image()
        g = plate_geometry(spec, qr.modules_count)
        quiet = QUIET_ZONE * g.qr_module
        canvas.saveState()
        canvas.translate(BLEED, BLEED)
        renderer.draw_text(record, g, k + 1)
        side = g.qr_side + 2 * quiet
        canvas.drawImage(ImageReader(image), g.qr_x - quiet, g.qr_y - quiet, side, side)
        canvas.restoreState()
        canvas.showPage()
    save(canvas)
    return len(buffer.getvalue())


def _timed(render: object, records: Sequence[PlateRecord], spec: PlateSpec) -> Result:
    start = time.perf_counter()
    size = render(records, spec)  # type: ignore[operator]
    return Result(len(records), time.perf_counter() - start, int(size))


def _half(records: Sequence[PlateRecord]) -> int:
    return render_ours(records, PlateSpec())


def run_two_processes(records: list[PlateRecord]) -> Result:
    """Each process renders half the batch into its own PDF (as a shop would get two files)."""
    middle = len(records) // 2
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_half, [records[:10], records[10:20]])  # warm up fonts and QR templates
        start = time.perf_counter()
        sizes = pool.map(_half, [records[:middle], records[middle:]])
        seconds = time.perf_counter() - start
    return Result(len(records), seconds, sum(sizes))


def _verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="plates to render (default 2000)")
    parser.add_argument("--naive-n", type=int, default=200, help="plates for the naive run")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    spec = PlateSpec()
    records = sample_records(args.n)
    render_ours(records[:20], spec)  # warm up: font registration, per-version QR templates
    render_naive(records[:5], spec)

    ours = _timed(render_ours, records, spec)
    naive = _timed(render_naive, records[: min(args.naive_n, args.n)], spec)
    two = run_two_processes(records)
    ratio = ours.per_second / naive.per_second
    naive_full = args.n / naive.per_second
    print(f"plates: {args.n} A6 shop pages (trim + 3 mm bleed, crop marks), QR level Q")
    # Other work on the machine shows up mostly in the 2-process figure; say how busy it was.
    print(f"load average at start: {load:.2f} on {multiprocessing.cpu_count()} CPUs")
    print(
        f"ours, 1 process:   {ours.per_second:8.0f} plates/s  {ours.seconds:6.2f} s  "
        f"{ours.bytes_per_plate:6.0f} bytes/plate"
    )
    print(
        f"naive, 1 process:  {naive.per_second:8.0f} plates/s  {naive_full:6.2f} s (scaled from "
        f"{naive.plates})  {naive.bytes_per_plate:6.0f} bytes/plate"
    )
    print(
        f"ours, 2 processes: {two.per_second:8.0f} plates/s  {two.seconds:6.2f} s  "
        f"{two.bytes_per_plate:6.0f} bytes/plate"
    )
    print(
        f"ratio ours/naive: {ratio:.1f}x (target >= {TARGET_RATIO:g}x: "
        f"{_verdict(ratio >= TARGET_RATIO)})"
    )
    print(
        f"2 processes: {two.per_second:.0f} plates/s (target >= {TARGET_TWO_CORES:g}: "
        f"{_verdict(two.per_second >= TARGET_TWO_CORES)}; this machine has "
        f"{multiprocessing.cpu_count()} CPUs)"
    )
    print(
        f"size: {ours.bytes_per_plate:.0f} bytes/plate (target <= {TARGET_BYTES:g}: "
        f"{_verdict(ours.bytes_per_plate <= TARGET_BYTES)})"
    )
    return 0 if ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
