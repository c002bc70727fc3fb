"""Digital address codes: ``AAAAA SSSSS C``.

Eleven digits: the 5-digit area number of the issuing commune, the 5-digit serial of the address
in that area (00001–99999) and a Damm check digit over the first ten. The first ten digits are
the national structure; a 10-digit input is therefore accepted, but only as *unverified* (it may
be an 11-digit code with a dropped digit), and the caller must say so. Parsing never guesses: a
code that fails its check is rejected, not "corrected" to a neighbour, since that neighbour is
someone else's house.

The scheme sits behind :class:`CodeScheme` so that a deployment can swap in another numbering
(the national platform's identifiers, a 12-digit form) without touching the rest of the system.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from addrgen.checkdigit import damm_check_digit, damm_continue
from addrgen.errors import InvalidArea, InvalidCode

__all__ = [
    "AREA_DIGITS",
    "CODE_DIGITS",
    "DEFAULT_SCHEME",
    "MAX_AREA",
    "MAX_SERIAL",
    "NATIONAL_DIGITS",
    "SERIAL_DIGITS",
    "AddressCode",
    "CodeScheme",
    "DammScheme",
    "ParsedCode",
    "bulk_canonical",
    "format_code",
    "grouped_code",
    "make_code",
    "one_typo_away",
    "parse_code",
]

AREA_DIGITS = 5  # the commune's area number (số vùng, not a postcode), zero-padded
SERIAL_DIGITS = 5  # the address's serial within the area, zero-padded
NATIONAL_DIGITS = AREA_DIGITS + SERIAL_DIGITS  # the national 10-digit form
CODE_DIGITS = NATIONAL_DIGITS + 1  # plus the Damm check digit
MAX_AREA = 10**AREA_DIGITS - 1
MAX_SERIAL = 10**SERIAL_DIGITS - 1  # 99999; serial 0 is never issued

# Separators people type or paste between digit groups: spaces (NFKC turns no-break and
# full-width spaces into plain ones), dots, and dashes, including the typographic dashes
# and minus sign that word processors and chat apps substitute for a hyphen.
_SEPARATORS = frozenset(".-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_DIGITS = frozenset("0123456789")


def _check_area(area: int) -> None:
    if isinstance(area, bool) or not isinstance(area, int | np.integer):
        raise InvalidArea("area.not_integer", field="area", value=area)
    if not 0 <= area <= MAX_AREA:
        raise InvalidArea(
            "area.out_of_range", field="area", value=area, maximum=MAX_AREA, digits=AREA_DIGITS
        )


def _check_serial(serial: int) -> None:
    if isinstance(serial, bool) or not isinstance(serial, int | np.integer):
        raise InvalidArea("serial.not_integer", field="serial", value=serial)
    if not 1 <= serial <= MAX_SERIAL:
        raise InvalidArea(
            "serial.out_of_range",
            field="serial",
            value=serial,
            maximum=MAX_SERIAL,
            digits=SERIAL_DIGITS,
        )


@dataclass(frozen=True, order=True)
class AddressCode:
    """One digital address code; ordered by area, then serial."""

    area: int
    serial: int

    def __post_init__(self) -> None:
        _check_area(self.area)
        _check_serial(self.serial)
        # numpy integers would compare and hash like ints but print differently in places;
        # keep the stored values plain Python ints.
        object.__setattr__(self, "area", int(self.area))
        object.__setattr__(self, "serial", int(self.serial))

    @property
    def national(self) -> str:
        """The first ten digits: the national form, without check digit."""
        return f"{self.area:0{AREA_DIGITS}d}{self.serial:0{SERIAL_DIGITS}d}"

    @property
    def check_digit(self) -> int:
        """The Damm check digit over :attr:`national`."""
        return damm_check_digit(self.national)

    @property
    def canonical(self) -> str:
        """The 11 digits, as stored, put in URLs and QR codes."""
        return f"{self.national}{self.check_digit}"

    @property
    def display(self) -> str:
        """The grouped form printed on plates and shown on pages: ``18112 00123 4``."""
        national = self.national
        return f"{national[:AREA_DIGITS]} {national[AREA_DIGITS:]} {self.check_digit}"

    def __str__(self) -> str:
        return self.canonical


@dataclass(frozen=True)
class ParsedCode:
    """The result of reading a code typed or scanned by someone.

    ``verified`` is True when the input had its check digit and it matched: ``code`` is then
    set. ``verified`` False means the input was the 10-digit national form: ``code`` is None
    and the caller may look the point up by ``national`` (its first ten digits), saying that
    the input carried no check digit.
    """

    code: AddressCode | None
    national: str
    verified: bool


def _digits_of(text: str) -> str:
    """The digits of ``text`` with separators removed; raises for anything else."""
    normalised = unicodedata.normalize("NFKC", text).strip()
    if not normalised:
        raise InvalidCode(text, "empty")
    digits: list[str] = []
    for char in normalised:
        if char in _DIGITS:
            digits.append(char)
        elif not (char.isspace() or char in _SEPARATORS):
            raise InvalidCode(text, "non_digit", char=char)
    if not digits:
        raise InvalidCode(text, "empty")
    return "".join(digits)


def parse_code(text: str) -> ParsedCode:
    """Read an address code as a person typed it or a scanner read it.

    Accepts the canonical 11 digits, the grouped display form, and either with dots or dashes
    (full-width digits too: the text is NFKC-normalised first). The 10-digit national form is
    returned unverified. Anything else raises :class:`InvalidCode`; nothing is ever guessed.
    """
    digits = _digits_of(text)
    if len(digits) == NATIONAL_DIGITS:
        return ParsedCode(code=None, national=digits, verified=False)
    if len(digits) != CODE_DIGITS:
        raise InvalidCode(text, "length", digits=len(digits))
    national, given = digits[:NATIONAL_DIGITS], int(digits[NATIONAL_DIGITS])
    if given != damm_check_digit(national):
        # The right digit is never named: it would turn a typo into a neighbour's valid code.
        raise InvalidCode(text, "check_digit")
    serial = int(national[AREA_DIGITS:])
    if serial == 0:
        # A well-formed number, but serials start at 1, so no address can carry it.
        raise InvalidCode(text, "serial", max_serial=MAX_SERIAL)
    return ParsedCode(
        code=AddressCode(int(national[:AREA_DIGITS]), serial), national=national, verified=True
    )


def grouped_code(canonical: str | None) -> str:
    """'18112 00123 4' from a stored canonical code, without parsing it again (the registry
    holds only valid codes; a page of 1,000 points groups each); '' for none."""
    if not canonical:
        return ""
    a, n = AREA_DIGITS, NATIONAL_DIGITS
    return f"{canonical[:a]} {canonical[a:n]} {canonical[n:]}"


def format_code(code: AddressCode | str, *, grouped: bool = True) -> str:
    """The display form (``grouped``) or the canonical 11 digits of a code.

    A string must be a complete, valid code (any accepted input form); the 10-digit national
    form is refused because it has no check digit to print.
    """
    if isinstance(code, str):
        parsed = parse_code(code)
        if parsed.code is None:
            raise InvalidCode(code, "national_form")
        code = parsed.code
    return code.display if grouped else code.canonical


def make_code(area: int, serial: int) -> AddressCode:
    """The address code of ``serial`` in ``area``; raises :class:`InvalidArea` when out of range."""
    return AddressCode(area, serial)


def bulk_canonical(area: int, serials: npt.ArrayLike) -> npt.NDArray[np.str_]:
    """Canonical codes of many serials of one area, as a ``'<U11'`` array, without a Python loop.

    The serial digits are laid out as a uint8 matrix, the check column is computed by the
    vectorised Damm, and the digits are written into an ``(n, 11)`` character matrix that is
    read back as strings.
    """
    _check_area(area)
    values = np.asarray(serials)
    if values.ndim != 1:
        raise InvalidArea("serial.not_one_dimensional", field="serials", shape=str(values.shape))
    if values.size == 0:
        return np.empty(0, dtype=f"<U{CODE_DIGITS}")
    if not np.issubdtype(values.dtype, np.integer):
        raise InvalidArea("serial.not_integers", field="serials", dtype=str(values.dtype))
    low, high = int(values.min()), int(values.max())
    if low < 1 or high > MAX_SERIAL:
        bad = low if low < 1 else high
        raise InvalidArea(
            "serial.out_of_range",
            field="serials",
            value=bad,
            maximum=MAX_SERIAL,
            digits=SERIAL_DIGITS,
        )
    n = values.shape[0]
    area_text = f"{area:0{AREA_DIGITS}d}"
    # Characters are written as UCS-4 code points straight into a str_ array's memory (numpy
    # stores each character as a uint32), one contiguous row per character position, then
    # transposed once: no bytes-to-str conversion pass.
    by_position = np.empty((CODE_DIGITS, n), dtype=np.uint32)
    by_position[:AREA_DIGITS] = np.array([ord(char) for char in area_text], np.uint32)[:, None]
    serial_digits = np.empty((SERIAL_DIGITS, n), dtype=np.uint8)
    remaining = values.astype(np.int32)
    for row in range(SERIAL_DIGITS - 1, -1, -1):
        remaining, digit = np.divmod(remaining, 10)
        serial_digits[row] = digit
    # Every code of the area shares its first five digits, so their Damm interim is computed
    # once; only the five serial columns are walked per code.
    start = np.full(n, damm_check_digit(area_text), dtype=np.uint8)
    check = damm_continue(start, serial_digits.T)
    np.add(serial_digits, ord("0"), out=by_position[AREA_DIGITS:NATIONAL_DIGITS])
    np.add(check, ord("0"), out=by_position[NATIONAL_DIGITS])
    chars = np.ascontiguousarray(by_position.T)
    codes: npt.NDArray[np.str_] = chars.view(f"U{CODE_DIGITS}").ravel()
    return codes


@runtime_checkable
class CodeScheme(Protocol):
    """What the rest of the system needs from a numbering scheme."""

    #: A short, stable identifier of the scheme, stored with the registry.
    name: str
    #: The highest serial the scheme can issue in one area.
    max_serial: int

    def make(self, area: int, serial: int) -> str:
        """The canonical code of ``serial`` in ``area``."""
        ...

    def parse(self, text: str) -> ParsedCode:
        """Read a code as typed or scanned; raises an :class:`AddrgenError` subclass."""
        ...

    def bulk_make(self, area: int, serials: npt.NDArray[np.integer]) -> npt.NDArray[np.str_]:
        """Canonical codes of many serials of one area, vectorised."""
        ...


class DammScheme:
    """The default scheme: ``AAAAA SSSSS C`` with a Damm check digit."""

    name: str = "damm-11"
    max_serial: int = MAX_SERIAL

    def make(self, area: int, serial: int) -> str:
        return make_code(area, serial).canonical

    def parse(self, text: str) -> ParsedCode:
        return parse_code(text)

    def bulk_make(self, area: int, serials: npt.NDArray[np.integer]) -> npt.NDArray[np.str_]:
        return bulk_canonical(area, serials)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


#: The scheme used unless a deployment configures another.
DEFAULT_SCHEME: CodeScheme = DammScheme()


def one_typo_away(text: str) -> list[str]:
    """The valid codes (canonical) one typo from ``text``'s 11 digits: a digit changed, or two
    neighbouring digits swapped — the two mistakes the check digit catches. For an officer who
    holds the registry, to list the *registered* ones among them, never to pick one."""
    digits = _digits_of(text)
    if len(digits) != CODE_DIGITS:
        return []
    found = set()
    for i in range(CODE_DIGITS):
        for d in "0123456789":
            if d != digits[i]:
                found.add(digits[:i] + d + digits[i + 1 :])
        if i + 1 < CODE_DIGITS and digits[i] != digits[i + 1]:
            found.add(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :])
    return sorted(
        c
        for c in found
        if damm_check_digit(c[:NATIONAL_DIGITS]) == int(c[NATIONAL_DIGITS])
        and int(c[AREA_DIGITS:NATIONAL_DIGITS]) != 0
    )
