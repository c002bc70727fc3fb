"""QR codewords (ISO/IEC 18004 model 2): the payload as data codewords, Reed–Solomon error
correction over GF(256), block interleaving, and the BCH codes of the format and version
information. :mod:`plates.qr` places them in a symbol; how each step works and where each
constant comes from is told there."""

from dataclasses import dataclass
from functools import cache

__all__ = [
    "BLOCK_COUNT",
    "ECC_PER_BLOCK",
    "Segment",
    "bch",
    "data_codewords",
    "interleaved_codewords",
    "segment",
    "size_class",
]

# Error correction codewords per block, then number of blocks, for versions 1–40 (ISO/IEC
# 18004:2015 Table 9). The data codewords are what the symbol's codewords leave over.
# fmt: off
ECC_PER_BLOCK: dict[str, tuple[int, ...]] = {
    "L": (7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
          28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
    "M": (10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
          26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28),
    "Q": (13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
          28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
    "H": (17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
          30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30),
}
BLOCK_COUNT: dict[str, tuple[int, ...]] = {
    "L": (1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
          8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25),
    "M": (1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
          17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49),
    "Q": (1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
          23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68),
    "H": (1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
          25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81),
}
# fmt: on

_NUMERIC, _ALPHANUMERIC, _BYTE = 0b0001, 0b0010, 0b0100  # mode indicators
_ALPHANUMERIC_VALUE = {c: k for k, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")}
# Character count widths for versions 1–9, 10–26 and 27–40 (Table 3).
_COUNT_BITS = {_NUMERIC: (10, 12, 14), _ALPHANUMERIC: (9, 11, 13), _BYTE: (8, 16, 16)}
_PAD = b"\xec\x11"

# GF(256) modulo x⁸+x⁴+x³+x²+1: powers of α = 2 and their logarithms.
_EXP = [0] * 510
_LOG = [0] * 256
_value = 1
for _power in range(255):
    _EXP[_power] = _EXP[_power + 255] = _value
    _LOG[_value] = _power
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D
del _value, _power


@dataclass(frozen=True)
class Segment:
    mode: int
    count: int  # characters, or bytes in byte mode
    value: int  # the characters' bits, read as one integer
    bits: int  # how many bits that is

    def header_bits(self, version: int) -> int:
        return 4 + _COUNT_BITS[self.mode][size_class(version)]


def size_class(version: int) -> int:
    return 0 if version <= 9 else 1 if version <= 26 else 2


def segment(payload: str) -> Segment:
    """The payload as one segment in the narrowest mode that holds all of it."""
    if payload.isascii() and payload.isdigit():
        value, bits = 0, 0
        for k in range(0, len(payload), 3):
            group = payload[k : k + 3]
            width = 3 * len(group) + 1  # 10, 7 or 4 bits for 3, 2 or 1 digits
            value, bits = value << width | int(group), bits + width
        return Segment(_NUMERIC, len(payload), value, bits)
    if all(c in _ALPHANUMERIC_VALUE for c in payload):
        codes = [_ALPHANUMERIC_VALUE[c] for c in payload]
        value = 0
        for k in range(0, len(codes) - 1, 2):
            value = value << 11 | codes[k] * 45 + codes[k + 1]
        bits = 11 * (len(codes) // 2)
        if len(codes) % 2:
            value, bits = value << 6 | codes[-1], bits + 6
        return Segment(_ALPHANUMERIC, len(payload), value, bits)
    raw = payload.encode("utf-8")
    return Segment(_BYTE, len(raw), int.from_bytes(raw, "big"), 8 * len(raw))


def data_codewords(segment: Segment, version: int, capacity: int) -> bytes:
    """Mode, count, characters, terminator and padding, as `capacity` bytes."""
    count_bits = _COUNT_BITS[segment.mode][size_class(version)]
    value = (segment.mode << count_bits | segment.count) << segment.bits | segment.value
    bits = segment.header_bits(version) + segment.bits
    zeros = min(4, 8 * capacity - bits)  # the terminator, shortened if the symbol is full
    zeros += -(bits + zeros) % 8
    data = (value << zeros).to_bytes((bits + zeros) // 8, "big")
    return data + (_PAD * capacity)[: capacity - len(data)]


@cache
def _ecc_table(ecc_count: int) -> tuple[int, ...]:
    """For each feedback byte, the generator polynomial times that byte, packed in an int.

    The generator is (x−α⁰)…(x−α^(ecc_count−1)), highest power first; its leading 1 is left
    out, since the division cancels it. Reed–Solomon's division then shifts one int per data
    byte instead of looping over the generator's coefficients.
    """
    generator = [1]
    for power in range(ecc_count):  # multiply by (x − αᵖᵒʷᵉʳ); minus is XOR in GF(2⁸)
        root = _EXP[power]
        generator = [
            high ^ _multiply(low, root)
            for high, low in zip([*generator, 0], [0, *generator], strict=True)
        ]
    coefficients = generator[1:]
    return tuple(
        int.from_bytes(bytes(_multiply(c, factor) for c in coefficients), "big")
        for factor in range(256)
    )


def _multiply(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else _EXP[_LOG[a] + _LOG[b]]


def _ecc(data: bytes, ecc_count: int) -> bytes:
    """The remainder of data(x)·x^ecc_count divided by the generator: the block's ECC."""
    table = _ecc_table(ecc_count)
    shift = 8 * (ecc_count - 1)
    full = (1 << (8 * ecc_count)) - 1
    remainder = 0
    for byte in data:
        remainder = ((remainder << 8) & full) ^ table[byte ^ (remainder >> shift)]
    return remainder.to_bytes(ecc_count, "big")


def interleaved_codewords(data_lengths: tuple[int, ...], ecc_count: int, data: bytes) -> bytes:
    """Data and error correction codewords, each interleaved block by block (the blocks'
    data lengths shorter first, as Table 9 splits them)."""
    blocks, ecc_blocks, offset = [], [], 0
    for length in data_lengths:
        block = data[offset : offset + length]
        offset += length
        blocks.append(block)
        ecc_blocks.append(_ecc(block, ecc_count))
    if len(blocks) == 1:
        return data + ecc_blocks[0]
    longest = data_lengths[-1]
    interleaved = bytes(b[i] for i in range(longest) for b in blocks if i < len(b))
    return interleaved + bytes(b[i] for i in range(ecc_count) for b in ecc_blocks)


def bch(value: int, data_bits: int, generator: int) -> int:
    """`value` followed by the remainder of its division by `generator` (over GF(2))."""
    degree = generator.bit_length() - 1
    remainder = value << degree
    for bit in range(data_bits + degree - 1, degree - 1, -1):
        if remainder >> bit & 1:
            remainder ^= generator << (bit - degree)
    return value << degree | remainder
