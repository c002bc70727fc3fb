"""QR symbols (ISO/IEC 18004 model 2) built in our own typed code, and drawn as one vector path.

Encoding, step by step, with where each constant comes from:

* Data: the whole payload in one segment (mixing modes would save nothing on a plate URL), in
  the narrowest mode that holds it: numeric (three digits in 10 bits), alphanumeric (two of
  the 45 characters `0-9 A-Z space $%*+-./:` in 11 bits; plate URLs are upper case for this
  reason) or byte (UTF-8, no ECI header, as qrcode and segno write it and as readers assume).
  The character count's width grows with the version (Table 3). Then a terminator of up to
  four 0 bits, 0 bits to a byte boundary, and the pad bytes 0xEC 0x11 alternately to the
  capacity.
* Error correction: for each version and level the standard splits the codewords into blocks
  (Table 9: `ECC_PER_BLOCK`, `BLOCK_COUNT`; the shorter blocks come first, the longer ones
  carry one more data codeword). Each block gets the remainder of its data, read as a
  polynomial over GF(256) (reduced by x⁸+x⁴+x³+x²+1, 0x11D, the field the standard fixes),
  divided by the generator (x−α⁰)(x−α¹)…(x−αⁿ⁻¹) with α = 2. Data, then error correction
  codewords are interleaved block by block.
* Layout: finder patterns in three corners, timing patterns on row and column 6, alignment
  patterns on a grid whose spacing the version fixes, the dark module, the format information
  (level and mask, 5 bits made 15 by the BCH code with generator 0x537 and XORed with 0x5412 so
  it is never all light) twice, and from version 7 the version number (6 bits made 18 by the
  BCH code with generator 0x1F25) twice. The data bits fill the remaining modules in two-column
  zigzags from the bottom right; the last few (remainder bits) stay 0.
* Mask: each of the eight masks XORs a fixed pattern into the data modules, and the finished
  symbol (format and version information included, as ZXing scores it) with the lowest
  penalty wins, the first on a tie (§7.8.3): N1, 3 + (length − 5) for each run of five or more
  equal modules in a row or column; N2, 3 for each 2×2 block of one colour; N3, 40 for each
  1:1:3:1:1 finder-like pattern with four light modules after it and 40 more for four before
  it, looked for inside the symbol; N4, 10 for each full 5 % that the dark share is away from
  50 %. Readers of the standard differ on N3 (segno and ZXing count a pattern once and the
  quiet zone as light) and on what is scored (qrcode's make() and segno score the symbol
  before its format information is written), so their choices can differ; any mask makes a
  valid symbol. This reading is the one plates.qr used when it leant on qrcode's scoring, so
  symbols are the same as those already printed. The tests check the choice against a plain
  module-by-module reading of these rules.

Speed (about 0.06 ms for a version 3 plate symbol; segno takes about 2 ms): the layout
work is done once per (version, level): for each mask the symbol with every data bit 0
(function patterns, format information and the mask itself) is cached, with the order in which
data bits are placed. A symbol is then `template[mask] XOR data bits`, all eight at once in
numpy, and the eight penalty scores come from a few whole-array operations (`penalties`).
Reed–Solomon divides with one table lookup and one shift of a Python int per data byte.

The tests compare every matrix with segno's and qrcode's (public APIs) across versions, levels,
modes and masks, and decode drawn symbols with zxing-cpp.
"""

from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
import numpy.typing as npt
from reportlab.lib.colors import Color, black, white
from reportlab.pdfgen.canvas import Canvas

from plates.errors import PlatesError
from plates.qr_codewords import (
    BLOCK_COUNT,
    ECC_PER_BLOCK,
    Segment,
    bch,
    data_codewords,
    interleaved_codewords,
)
from plates.qr_codewords import segment as make_segment

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
_MAX_VERSION = 40

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.intp]

_LEVEL_BITS = {"L": 0b01, "M": 0b00, "Q": 0b11, "H": 0b10}  # in the format information


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
class _Layout:
    """What every symbol of one version shares."""

    dark: Bools  # function patterns and version information; the dark module
    rows: Ints  # data modules, in the order the data bits are placed
    cols: Ints


@dataclass(frozen=True)
class _Template:
    blanks: Bools  # (8, n, n): the symbol for each mask with every data bit 0
    flat: Ints  # row * n + col of each data module, in placement order
    data_lengths: tuple[int, ...]  # data codewords of each block, shorter blocks first
    ecc_count: int  # error correction codewords per block

    @property
    def capacity(self) -> int:
        """Data codewords of the symbol."""
        return sum(self.data_lengths)


def _alignment_positions(version: int) -> list[int]:
    """Row (and column) centres of the alignment patterns (Annex E).

    From 6 to n − 7, evenly spaced by an even step, the gap next to 6 taking the slack.
    """
    if version == 1:
        return []
    n = 4 * version + 17
    count = version // 7 + 2
    step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2
    return [6] + [n - 7 - step * k for k in range(count - 2, -1, -1)]


def _placement_order(free: Bools) -> tuple[Ints, Ints]:
    """Row and column of each data module in placement order (§7.7.3).

    Two-column strips from the right edge, alternately upwards and downwards, the right module
    of each pair first, skipping the vertical timing pattern (column 6).
    """
    n = free.shape[0]
    order: list[tuple[int, int]] = []
    row, step = n - 1, -1
    for right in range(n - 1, 0, -2):
        col = right - 1 if right <= 6 else right
        while 0 <= row < n:
            order.extend((row, c) for c in (col, col - 1) if free[row, c])
            row += step
        row -= step
        step = -step
    rows, cols = zip(*order, strict=True)
    return np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)


def _square(side: int) -> Bools:
    """Concentric dark, light, dark… rings: the finder (7) and alignment (5) patterns."""
    ring = np.minimum.outer(np.arange(side), np.arange(side))
    ring = np.minimum(ring, ring[::-1, ::-1])  # distance to the nearest edge
    pattern: Bools = ring % 2 == 0
    if side == 7:
        pattern[2:5, 2:5] = True  # the finder's 3×3 centre
    return pattern


@cache
def _layout(version: int) -> _Layout:
    n = 4 * version + 17
    dark = np.zeros((n, n), dtype=bool)
    reserved = np.zeros((n, n), dtype=bool)
    finder = _square(7)
    for row, col in ((0, 0), (0, n - 7), (n - 7, 0)):
        dark[row : row + 7, col : col + 7] = finder
    # Finders with their separators and the format information beside them.
    reserved[:9, :9] = reserved[:9, n - 8 :] = reserved[n - 8 :, :9] = True
    positions = _alignment_positions(version)
    for row in positions:
        for col in positions:
            if not reserved[row, col]:  # not over a finder (the three corners of the grid)
                dark[row - 2 : row + 3, col - 2 : col + 3] = _square(5)
                reserved[row - 2 : row + 3, col - 2 : col + 3] = True
    # Only now, so that the check above skips just the finders: alignment patterns centred on
    # row or column 6 lie across the timing patterns (and agree with them).
    reserved[6, :] = reserved[:, 6] = True
    dark[6, 8 : n - 8 : 2] = dark[8 : n - 8 : 2, 6] = True  # timing: dark on even positions
    dark[n - 8, 8] = True  # the dark module
    if version >= 7:
        bits = bch(version, 6, 0x1F25)
        for k in range(18):
            a, b = n - 11 + k % 3, k // 3
            dark[b, a] = dark[a, b] = bool(bits >> k & 1)
            reserved[b, a] = reserved[a, b] = True
    rows, cols = _placement_order(~reserved)
    return _Layout(dark, rows, cols)


def _format_positions(n: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Where bit k (least significant first) of the format information goes, in each copy."""
    first = [(k, 8) for k in range(6)] + [(7, 8), (8, 8), (8, 7)]
    first += [(8, 14 - k) for k in range(9, 15)]
    second = [(8, n - 1 - k) for k in range(8)] + [(n - 15 + k, 8) for k in range(8, 15)]
    return first, second


def _mask_patterns(n: int) -> Bools:
    """(8, n, n): where each mask reference (000 to 111) darkens a data module (Table 10)."""
    i, j = np.indices((n, n))
    return np.stack(
        (
            (i + j) % 2 == 0,
            i % 2 == 0,
            j % 3 == 0,
            (i + j) % 3 == 0,
            (i // 2 + j // 3) % 2 == 0,
            (i * j) % 2 + (i * j) % 3 == 0,
            ((i * j) % 2 + (i * j) % 3) % 2 == 0,
            ((i + j) % 2 + (i * j) % 3) % 2 == 0,
        )
    )


@cache
def _template(version: int, level: ErrorLevel) -> _Template:
    layout = _layout(version)
    n = layout.dark.shape[0]
    blanks = np.repeat(layout.dark[None], 8, axis=0)
    masks = _mask_patterns(n)
    blanks[:, layout.rows, layout.cols] = masks[:, layout.rows, layout.cols]
    for mask in range(8):
        bits = bch(_LEVEL_BITS[level] << 3 | mask, 5, 0x537) ^ 0x5412
        for copy in _format_positions(n):
            for k, (row, col) in enumerate(copy):
                blanks[mask, row, col] = bool(bits >> k & 1)
    total = layout.rows.size // 8  # codewords; the remainder bits are left over
    blocks = BLOCK_COUNT[level][version - 1]
    ecc_count = ECC_PER_BLOCK[level][version - 1]
    short, long_count = divmod(total - blocks * ecc_count, blocks)
    lengths = (short,) * (blocks - long_count) + (short + 1,) * long_count
    return _Template(blanks, layout.rows * n + layout.cols, lengths, ecc_count)


@cache
def _inside(lines: int, n: int, width: int) -> Bools:
    """Flat positions, line after line of `n` modules, where `width` modules fit in the line."""
    return np.tile(np.arange(n) <= n - width, lines)


@cache
def _block_inside(symbols: int, n: int) -> Bools:
    """Flat positions in `symbols` n×n symbols that are the top left of a 2×2 block."""
    inside = np.ones((n, n), dtype=bool)
    inside[-1, :] = inside[:, -1] = False
    return np.tile(inside.reshape(-1), symbols)


def penalties(candidates: Bools) -> npt.NDArray[np.float64]:
    """The penalty score of each symbol in a (k, n, n) stack; the lowest mask wins.

    Every row and then every column of every symbol go end to end in one flat array, so that
    each rule is a few whole-array operations (numpy's cost here is per call, not per module):
    a pattern "starting at p" compares shifted slices, and patterns that would run from one
    line into the next are masked out. Each position gets its points, and one sum per symbol
    adds them up.
    """
    k, n = candidates.shape[0], candidates.shape[-1]
    lines, half = 2 * k * n, k * n * n
    size = 2 * half
    a = np.zeros(size + 16, dtype=bool)  # light beyond the end: every slice below fits
    a[:half] = candidates.reshape(-1)
    a[half:size] = candidates.transpose(0, 2, 1).reshape(-1)
    light = ~a
    same = a[1:] == a[:-1]  # p and p + 1 equal
    two = same[:-1] & same[1:]  # p to p + 2 equal
    five = two[: size + 2] & two[2 : size + 4]  # p to p + 4 equal
    five[:size] &= _inside(lines, n, 5)
    five[size:] = False
    # N1: a run of L ≥ 5 holds L − 4 fives and L − 5 sixes (two fives in a row), and costs
    # L − 2 = 3·(L − 4) − 2·(L − 5).
    six = five[:size] & five[1 : size + 1]
    points = 3 * five[:size].view(np.uint8) - 2 * six.view(np.uint8)
    # N3: dark, light, dark ×3, light, dark starting at p, with four light modules after it
    # (from p + 7) and, counted again, before it (p − 4 to p − 1, so from p for a core at p + 4).
    core = (
        a[: size + 4]
        & light[1 : size + 5]
        & a[2 : size + 6]
        & a[3 : size + 7]
        & a[4 : size + 8]
        & light[5 : size + 9]
        & a[6 : size + 10]
    )
    quiet = light[: size + 10] & light[1 : size + 11] & light[2 : size + 12] & light[3 : size + 13]
    eleven = _inside(lines, n, 11)
    after = core[:size] & quiet[7 : size + 7] & eleven
    before = quiet[:size] & core[4 : size + 4] & eleven
    points += 40 * (after.view(np.uint8) + before.view(np.uint8))
    # N2 on the rows: p equal to its right neighbour, below it, and the one below-right.
    block = same[:half] & same[n : half + n] & (a[:half] == a[n : half + n])
    points[:half] += 3 * (block & _block_inside(k, n)).view(np.uint8)
    score = points.reshape(2, k, n * n).sum(axis=(0, 2), dtype=np.int64)
    # N4: 10 for each full 5 % away from half dark, in integers (no rounding at the steps).
    dark = np.count_nonzero(candidates.reshape(k, n * n), axis=1)
    score += 10 * (np.abs(20 * dark - 10 * n * n) // (n * n))
    return np.asarray(score, dtype=np.float64)


def _fit_version(segment: Segment, level: ErrorLevel) -> int:
    """The smallest version whose data capacity at `level` holds `segment`."""
    for version in range(1, _MAX_VERSION + 1):
        needed = segment.header_bits(version) + segment.bits
        if needed <= 8 * _template(version, level).capacity:
            return version
    raise PlatesError("qr.too_long", value=segment.bits // 8, expected="a version 40 symbol")


def build_matrix(
    payload: str,
    level: ErrorLevel = "Q",
    *,
    version: int | None = None,
    mask: int | None = None,
) -> QrMatrix:
    """Encode `payload` in the smallest version for `level`, with the best-scoring mask.

    `version` and `mask` force those choices (the tests compare symbols with other libraries
    that way); a forced version too small for the payload is refused.
    """
    segment = make_segment(payload)
    if version is None:
        version = _fit_version(segment, level)
    template = _template(version, level)
    if segment.header_bits(version) + segment.bits > 8 * template.capacity:
        raise PlatesError("qr.version_too_small", value=version, level=level)
    data = data_codewords(segment, version, template.capacity)
    codewords = np.frombuffer(
        interleaved_codewords(template.data_lengths, template.ecc_count, data), dtype=np.uint8
    )
    bits = np.unpackbits(codewords).astype(bool)
    n = template.blanks.shape[-1]
    flat = template.blanks.reshape(8, n * n)
    if mask is not None:
        symbol = flat[mask].copy()
        symbol[template.flat[: bits.size]] ^= bits
        return QrMatrix(symbol.reshape(n, n), version, level, mask)
    placed = np.zeros(n * n, dtype=bool)
    placed[template.flat[: bits.size]] = bits  # the few remainder modules stay 0
    candidates = (flat ^ placed).reshape(8, n, n)
    best = int(np.argmin(penalties(candidates)))
    return QrMatrix(candidates[best], version, level, best)


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


def draw_qr(
    canvas: Canvas, qr: QrMatrix, x: float, y: float, module: float, **colors: Color
) -> None:
    """Draw `qr` with its bottom-left symbol corner at (x, y), modules `module` points wide, in
    the page palette's `ink` and `paper` (default black and white).

    The quiet zone (four modules on each side) is painted, so the caller only has to keep it
    free. All dark modules are one filled path in module units: a short page stream ("3 0 5 1
    re") made of integers formatted by Python, not reportlab's slower per-number formatting.
    """
    ink, paper = colors.get("ink", black), colors.get("paper", white)
    quiet = QUIET_ZONE * module
    side = qr.size * module
    canvas.saveState()
    canvas.setFillColor(paper)
    canvas.rect(x - quiet, y - quiet, side + 2 * quiet, side + 2 * quiet, stroke=0, fill=1)
    canvas.setFillColor(ink)
    canvas.translate(x, y + side)
    canvas.scale(module, -module)  # row 0 at the top, in module units
    path = " ".join(f"{c} {r} {w} {h} re" for c, r, w, h in dark_runs(qr.modules).tolist())
    canvas.addLiteral(path + " f")
    canvas.restoreState()
