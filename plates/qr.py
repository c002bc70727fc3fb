"""QR matrices built fast, and drawn on a reportlab canvas as one vector path.

`qrcode` encodes the data (mode, version, Reed–Solomon); what makes it slow is the choice of
mask: it lays the whole symbol out eight times in pure Python and scores each layout. Here the
layout is done once per (version, level): for each mask, the symbol with every data bit light
(function patterns, format information and the mask itself) is cached, with the order in which
data bits are placed. A symbol is then `template[mask] XOR data bits`, all eight at once in
numpy, and the eight penalty scores (ISO/IEC 18004 §7.8.3, as `qrcode.util.lost_point` counts
them) are numpy reductions. The tests check every matrix against `qrcode` itself and decode
the drawn symbols with zxing-cpp.
"""

from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
import numpy.typing as npt
import qrcode
from qrcode import LUT, base, constants, util
from reportlab.pdfgen.canvas import Canvas

from plates.errors import PlatesError

__all__ = [
    "QUIET_ZONE",
    "ErrorLevel",
    "QrMatrix",
    "build_matrix",
    "dark_runs",
    "draw_qr",
    "penalties",
]

ErrorLevel = Literal["L", "M", "Q", "H"]
QUIET_ZONE = 4  # light modules around the symbol, as ISO/IEC 18004 requires

_LEVELS: dict[str, int] = {
    "L": constants.ERROR_CORRECT_L,
    "M": constants.ERROR_CORRECT_M,
    "Q": constants.ERROR_CORRECT_Q,
    "H": constants.ERROR_CORRECT_H,
}
# The finder-like pattern 1:1:3:1:1 with four light modules after or before it (rule N3).
_FINDER_LIGHT_AFTER = 0b10111010000
_FINDER_LIGHT_BEFORE = 0b00001011101

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.intp]


@dataclass(frozen=True)
class QrMatrix:
    """A finished QR symbol: `modules[row, col]` is True where a module is dark."""

    modules: Bools
    version: int
    error_correction: ErrorLevel
    mask: int

    @property
    def size(self) -> int:
        """Modules across the symbol, without the quiet zone."""
        return int(self.modules.shape[0])


@dataclass(frozen=True)
class _Template:
    blanks: Bools  # (8, n, n): the symbol for each mask with every data bit light
    rows: Ints  # data modules, in the order the data bits are placed
    cols: Ints


def _placement_order(free: Bools) -> tuple[Ints, Ints]:
    """Row and column of each data module in placement order (mirrors qrcode's map_data)."""
    n = free.shape[0]
    order: list[tuple[int, int]] = []
    row, step = n - 1, -1
    for right in range(n - 1, 0, -2):
        col = right - 1 if right <= 6 else right  # skip the vertical timing pattern
        while 0 <= row < n:
            order.extend((row, c) for c in (col, col - 1) if free[row, c])
            row += step
        row -= step
        step = -step
    rows, cols = zip(*order, strict=True)
    return np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)


def _function_free(version: int, level: int) -> Bools:
    """True on the modules that carry data: everything but function patterns and format info."""
    qr = qrcode.QRCode(version=version, error_correction=level, border=0)
    n = qr.modules_count = version * 4 + 17
    qr.modules = [[None] * n for _ in range(n)]
    for row, col in ((0, 0), (n - 7, 0), (0, n - 7)):
        qr.setup_position_probe_pattern(row, col)
    qr.setup_position_adjust_pattern()
    qr.setup_timing_pattern()
    qr.setup_type_info(True, 0)
    if version >= 7:
        qr.setup_type_number(True)
    return np.array([[m is None for m in row] for row in qr.modules], dtype=bool)


@cache
def _ecc_table(ecc_count: int) -> tuple[int, ...]:
    """For each feedback byte, the generator polynomial times that byte, packed in an int.

    Reed–Solomon's division then shifts one int per data byte instead of looping over the
    generator's coefficients in GF(256) for each one, as qrcode's Polynomial class does.
    """
    generator = LUT.rsPoly_LUT[ecc_count][1:]

    def times(factor: int) -> int:
        if factor == 0:
            return 0
        log = base.glog(factor)
        coeffs = [base.gexp(base.glog(g) + log) if g else 0 for g in generator]
        return int.from_bytes(bytes(coeffs), "big")

    return tuple(times(f) for f in range(256))


def _ecc(data: bytes, ecc_count: int) -> bytes:
    table = _ecc_table(ecc_count)
    shift = 8 * (ecc_count - 1)
    full = (1 << (8 * ecc_count)) - 1
    remainder = 0
    for byte in data:
        remainder = ((remainder << 8) & full) ^ table[byte ^ (remainder >> shift)]
    return remainder.to_bytes(ecc_count, "big")


def _segment_body(data: util.QRData) -> str:
    """One segment's character bits as text (qrcode's QRData.write, without its bit buffer)."""
    raw: bytes = data.data
    if data.mode == util.MODE_NUMBER:
        parts = (raw[i : i + 3] for i in range(0, len(raw), 3))
        return "".join(f"{int(p):0{util.NUMBER_LENGTH[len(p)]}b}" for p in parts)
    if data.mode == util.MODE_ALPHA_NUM:
        values = [util.ALPHA_NUM.index(c) for c in raw]
        pairs = [f"{values[i] * 45 + values[i + 1]:011b}" for i in range(0, len(values) - 1, 2)]
        odd = [f"{values[-1]:06b}"] if len(values) % 2 else []
        return "".join(pairs + odd)
    return "".join(f"{c:08b}" for c in raw)


def _segment_header(data: util.QRData, version: int) -> str:
    """Mode indicator and character count; the count's width depends on the version."""
    return f"{data.mode:04b}{len(data):0{util.length_in_bits(data.mode, version)}b}"


def _codewords(version: int, level: int, segments: list[tuple[util.QRData, str]]) -> bytes:
    """Data and error-correction codewords, interleaved by block (qrcode's create_data)."""
    blocks = base.rs_blocks(version, level)
    capacity = sum(b.data_count for b in blocks) * 8
    bits = "".join(_segment_header(s, version) + body for s, body in segments)
    bits += "0" * min(4, capacity - len(bits))  # terminator
    bits += "0" * (-len(bits) % 8)
    stream = int(bits, 2).to_bytes(len(bits) // 8, "big") if bits else b""
    stream += bytes([util.PAD0, util.PAD1] * capacity)[: capacity // 8 - len(stream)]
    data_blocks, ecc_blocks, offset = [], [], 0
    for block in blocks:
        chunk = stream[offset : offset + block.data_count]
        offset += block.data_count
        data_blocks.append(chunk)
        ecc_blocks.append(_ecc(chunk, block.total_count - block.data_count))
    return _interleave(data_blocks) + _interleave(ecc_blocks)


def _interleave(blocks: list[bytes]) -> bytes:
    longest = max(len(b) for b in blocks)
    return bytes(b[i] for i in range(longest) for b in blocks if i < len(b))


@cache
def _template(version: int, level: int) -> _Template:
    rows, cols = _placement_order(_function_free(version, level))
    qr = qrcode.QRCode(version=version, error_correction=level, border=0)
    blanks = []
    for mask in range(8):
        qr.data_cache = []  # no data: every data module shows the mask alone
        qr.makeImpl(False, mask)
        blanks.append(np.array(qr.modules, dtype=bool))
    return _Template(np.stack(blanks), rows, cols)


def _run_penalty(m: Bools) -> npt.NDArray[np.float64]:
    """Rule N1 along the last axis: each run of five or more equal modules costs length − 2."""
    k, n = m.shape[0], m.shape[-1]
    starts = np.ones(m.shape, dtype=bool)
    starts[..., 1:] = m[..., 1:] != m[..., :-1]
    first = np.flatnonzero(starts)
    lengths = np.diff(np.append(first, m.size))
    cost = np.where(lengths >= 5, lengths - 2, 0)
    return np.bincount(first // (n * n), weights=cost, minlength=k).astype(np.float64)


def _finder_penalty(m: Bools) -> npt.NDArray[np.int64]:
    """Rule N3 along the last axis: 40 per finder-like pattern beside four light modules."""
    n = m.shape[-1]
    bits = m.astype(np.int16)
    value = bits[..., : n - 10].copy()  # each window of 11 modules read as an 11-bit number
    for j in range(1, 11):
        value <<= 1
        value |= bits[..., j : n - 10 + j]
    hits = (value == _FINDER_LIGHT_AFTER) | (value == _FINDER_LIGHT_BEFORE)
    return np.asarray(40 * hits.sum(axis=(1, 2)), dtype=np.int64)


def penalties(candidates: Bools) -> npt.NDArray[np.float64]:
    """The penalty score of each symbol in a (k, n, n) stack; the lowest mask wins."""
    k, n = candidates.shape[0], candidates.shape[-1]
    # Rows and columns in one stack, so that each rule is one pass of numpy calls.
    both = np.concatenate((candidates, candidates.transpose(0, 2, 1)))
    score = (_run_penalty(both) + _finder_penalty(both)).reshape(2, k).sum(axis=0)
    top = candidates[:, :-1, :-1]
    blocks = (
        (top == candidates[:, 1:, :-1])
        & (top == candidates[:, :-1, 1:])
        & (top == candidates[:, 1:, 1:])
    )
    score += 3 * blocks.sum(axis=(1, 2))
    percent = candidates.sum(axis=(1, 2)) / n**2
    score += 10 * np.floor(np.abs(percent * 100 - 50) / 5)
    return np.asarray(score, dtype=np.float64)


def _fit_version(segments: list[tuple[util.QRData, str]], level: int) -> int:
    """The smallest version whose data capacity at `level` holds `segments`."""
    body = sum(len(bits) for _, bits in segments)
    for version in range(1, 41):
        needed = body + sum(len(_segment_header(s, version)) for s, _ in segments)
        if needed <= util.BIT_LIMIT_TABLE[level][version]:
            return version
    raise PlatesError(f"a QR code cannot hold {body // 8} bytes")


def build_matrix(payload: str, level: ErrorLevel = "Q") -> QrMatrix:
    """Encode `payload` in the smallest version for `level`, with the best-scoring mask."""
    # Segments as qrcode's QRCode.add_data splits them (its default `optimize=20`).
    chunks = util.optimal_data_chunks(payload, minimum=20)
    segments = [(chunk, _segment_body(chunk)) for chunk in chunks]
    version = _fit_version(segments, _LEVELS[level])
    template = _template(version, _LEVELS[level])
    codewords = _codewords(version, _LEVELS[level], segments)
    bits = np.unpackbits(np.frombuffer(codewords, dtype=np.uint8)).astype(bool)
    placed = np.zeros(template.blanks.shape[1:], dtype=bool)
    count = min(bits.size, template.rows.size)  # the few remainder bits stay light
    placed[template.rows[:count], template.cols[:count]] = bits[:count]
    candidates = template.blanks ^ placed
    mask = int(np.argmin(penalties(candidates)))
    return QrMatrix(candidates[mask], version, level, mask)


def dark_runs(modules: Bools) -> Ints:
    """Dark areas as rows of (col, row, width, height) rectangles, top row first.

    Horizontal runs of dark modules become one rectangle each, and a run repeated exactly on
    the rows below grows downwards instead of starting a new rectangle: fewer, larger
    rectangles make a smaller PDF and leave no hairline seams between rows.
    """
    rows, cols = modules.shape
    padded = np.zeros((rows, cols + 2), dtype=np.int8)
    padded[:, 1:-1] = modules
    edges = np.diff(padded, axis=1)
    row, start = np.nonzero(edges == 1)  # both row-major, so the k-th start pairs the k-th end
    end = np.nonzero(edges == -1)[1]
    key = start * (cols + 1) + end
    order = np.lexsort((row, key))  # equal runs together, each group top to bottom
    key, row, start, end = key[order], row[order], start[order], end[order]
    new = np.ones(key.size, dtype=bool)
    new[1:] = (key[1:] != key[:-1]) | (row[1:] != row[:-1] + 1)
    first = np.flatnonzero(new)
    height = np.diff(np.append(first, key.size))
    rects = np.stack((start[first], row[first], end[first] - start[first], height), axis=1)
    return np.asarray(rects[np.lexsort((rects[:, 0], rects[:, 1]))], dtype=np.intp)


def draw_qr(canvas: Canvas, qr: QrMatrix, x: float, y: float, module: float) -> None:
    """Draw `qr` with its bottom-left symbol corner at (x, y), modules `module` points wide.

    The quiet zone (four modules on each side) is painted white, so the caller only has to
    keep it free. All dark modules are one filled path in module units, which keeps the page
    stream short ("3 0 5 1 re") and its text cheap to make: integers formatted by Python
    rather than reportlab's per-number float formatting, which was most of the drawing time.
    """
    quiet = QUIET_ZONE * module
    side = qr.size * module
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x - quiet, y - quiet, side + 2 * quiet, side + 2 * quiet, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.translate(x, y + side)
    canvas.scale(module, -module)  # row 0 at the top, in module units
    path = " ".join(f"{c} {r} {w} {h} re" for c, r, w, h in dark_runs(qr.modules).tolist())
    canvas.addLiteral(path + " f")
    canvas.restoreState()
