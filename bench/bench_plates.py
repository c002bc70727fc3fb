"""Plate rendering throughput: our renderer against a fair and a naive baseline.

    .venv/bin/python bench/bench_plates.py [--n 2000] [--fair-n 500] [--naive-n 200] [--repeat 5]

Renders print-shop plates (A6, trim + bleed, crop marks, QR level Q) and prints plates per
second, milliseconds and bytes per plate for:
  * ours: QR matrices from plates.qr (numpy mask choice), drawn as one vector path per plate;
  * fair: the same vector plate, drawn by the same code, from segno's matrix (segno's public
    API, pure-Python mask choice): only the QR builder differs, so this ratio is what
    plates.qr itself gains per plate;
  * naive: qrcode's own make() → PIL image → canvas.drawImage, the rest of the plate identical:
    this ratio mixes vector-versus-raster drawing with the QR builder's speed;
  * ours split across 2 processes, each writing half the batch to its own PDF.
Each single-process figure is the best of --repeat runs in this process (the renderers take
turns, so load from elsewhere hits all alike), and each ratio compares ours and the baseline on
the same records (the first --fair-n or --naive-n).
Targets: ≥ 4× the fair baseline in one process (issue 12), ≥ 1,000 plates/s on 2 cores,
≤ 2,500 bytes per plate. Exits 1, naming the miss, if the fair ratio is under 4.
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

import numpy as np
import qrcode
import segno
from qrcode.constants import ERROR_CORRECT_Q
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from addrgen.checkdigit import damm_check_digit
from plates.canvas import save
from plates.layout import PlateSpec, plate_geometry
from plates.plate import PlateRenderer
from plates.qr import QUIET_ZONE, ErrorLevel, QrMatrix, build_matrix
from plates.records import PlateRecord
from plates.sheets import (
    BLEED,
    SLUG,
    PlateJob,
    PlatePages,
    draw_crop_marks,
    shop_canvas,
    write_plates_pdf,
)
from plates.urls import qr_payload

PUBLIC_URL = "https://diachi.example.vn"
TARGET_FAIR_RATIO = 4.0
TARGET_TWO_CORES = 1_000.0
TARGET_BYTES = 2_500.0
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
    first_ten = f"18112{serial:05d}"
    return first_ten + str(damm_check_digit(first_ten))


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
    write_plates_pdf(buffer, jobs, PlatePages(spec=spec, draft=False), mode="shop")
    return len(buffer.getvalue())


def segno_matrix(payload: str, level: ErrorLevel) -> QrMatrix:
    """segno's symbol (public API; the level kept, not boosted) as our QrMatrix."""
    qr = segno.make_qr(payload, error=level, boost_error=False)
    n = len(qr.matrix)
    modules = np.frombuffer(b"".join(qr.matrix), dtype=np.uint8).reshape(n, n).astype(bool)
    return QrMatrix(modules, int(qr.version), level, int(qr.mask))


def render_fair(records: Sequence[PlateRecord], spec: PlateSpec) -> int:
    """render_ours with segno's matrices: the same vector drawing and PDF, another QR builder."""
    jobs = [
        PlateJob(k + 1, r, segno_matrix(qr_payload(PUBLIC_URL, r.code), spec.error_correction))
        for k, r in enumerate(records)
    ]
    buffer = io.BytesIO()
    write_plates_pdf(buffer, jobs, PlatePages(spec=spec, draft=False), mode="shop")
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
        canvas.translate(BLEED, SLUG + BLEED)
        renderer.draw_text(record, g, k + 1)
        side = g.qr_side + 2 * quiet
        canvas.drawImage(ImageReader(image), g.qr_x - quiet, g.qr_y - quiet, side, side)
        canvas.restoreState()
        canvas.showPage()
    save(canvas)
    return len(buffer.getvalue())


Render = Callable[[Sequence[PlateRecord], PlateSpec], int]
Case = tuple[Render, Sequence[PlateRecord]]


def best_of(cases: Sequence[Case], spec: PlateSpec, runs: int) -> list[Result]:
    """The fastest of `runs` renderings of each case, the least disturbed by other work.

    The cases take turns, one run each per round, so that a busy spell on the machine slows
    ours and the baselines alike rather than whichever happened to be running.
    """
    best: list[Result | None] = [None] * len(cases)
    for _ in range(runs):
        for k, (render, records) in enumerate(cases):
            start = time.perf_counter()
            size = render(records, spec)
            result = Result(len(records), time.perf_counter() - start, size)
            previous = best[k]
            if previous is None or result.seconds < previous.seconds:
                best[k] = result
    return [result for result in best if result is not None]


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


def _line(name: str, result: Result) -> str:
    return (
        f"{name:<34} {result.per_second:7.0f} plates/s  {1000 / result.per_second:6.3f} ms/plate"
        f"  {result.bytes_per_plate:6.0f} bytes/plate  ({result.plates} plates)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="plates for ours (default 2000)")
    parser.add_argument("--fair-n", type=int, default=500, help="plates for the fair baseline")
    parser.add_argument("--naive-n", type=int, default=200, help="plates for the naive baseline")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each; the best counts")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    spec = PlateSpec()
    records = sample_records(args.n)
    fair_records = records[: min(args.fair_n, args.n)]
    naive_records = records[: min(args.naive_n, args.n)]
    for render in (render_ours, render_fair, render_naive):
        render(records[:20], spec)  # warm up: font registration, per-version QR templates

    cases: list[Case] = [
        (render_ours, records),
        (render_ours, fair_records),
        (render_fair, fair_records),
        (render_ours, naive_records),
        (render_naive, naive_records),
    ]
    ours, ours_fair, fair, ours_naive, naive = best_of(cases, spec, args.repeat)
    two = run_two_processes(records)
    fair_ratio = ours_fair.per_second / fair.per_second
    naive_ratio = ours_naive.per_second / naive.per_second

    print(f"A6 shop pages (trim + 3 mm bleed, crop marks), QR level Q; best of {args.repeat} runs")
    # Other work on the machine shows up mostly in the 2-process figure; say how busy it was.
    print(f"load average at start: {load:.2f} on {multiprocessing.cpu_count()} CPUs")
    print(_line("ours (plates.qr, vector):", ours))
    print(_line("fair (segno matrix, same vector):", fair))
    print(_line("naive (qrcode → PIL → drawImage):", naive))
    print(_line("ours, 2 processes:", two))
    print(
        f"ratio ours/fair:  {fair_ratio:5.1f}x  (only the QR builder differs; ours "
        f"{ours_fair.plates} plates at {1000 / ours_fair.per_second:.3f} ms/plate; "
        f"target >= {TARGET_FAIR_RATIO:g}x: "
        f"{_verdict(fair_ratio >= TARGET_FAIR_RATIO)})"
    )
    print(
        f"ratio ours/naive: {naive_ratio:5.1f}x  (vector vs raster plus QR builder; ours "
        f"{ours_naive.plates} plates at {1000 / ours_naive.per_second:.3f} ms/plate)"
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
    if fair_ratio < TARGET_FAIR_RATIO:
        print(
            f"MISSED: ours/fair ratio {fair_ratio:.2f}x is under the {TARGET_FAIR_RATIO:g}x target",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
