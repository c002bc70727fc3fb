"""The Damm check digit.

Damm's algorithm walks the digits through a weak totally anti-symmetric quasigroup of order 10:
``interim = TABLE[interim][digit]``, starting from 0. The check digit is the final interim
value, and a number followed by its check digit walks back to 0. Because the table is a
quasigroup (a Latin square) every single-digit substitution changes the result, and because it
is weakly totally anti-symmetric every swap of two different neighbouring digits does too. Unlike
Luhn it needs no doubling step and, unlike Verhoeff, no permutation table: one 10 x 10 lookup.

The table is the standard one (Damm 2004, as printed on Wikipedia); every issued code depends
on it, so it must never change.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "DAMM_TABLE",
    "damm_check_digit",
    "damm_check_digits",
    "damm_continue",
    "damm_is_valid",
]

# Row = current interim digit, column = next input digit.
_TABLE_ROWS: tuple[tuple[int, ...], ...] = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

#: The Damm quasigroup as a read-only uint8 array, for vectorised lookups.
DAMM_TABLE: npt.NDArray[np.uint8] = np.array(_TABLE_ROWS, dtype=np.uint8)
DAMM_TABLE.setflags(write=False)

_DIGITS = frozenset("0123456789")


def _interim(digits: str) -> int:
    if not digits or not _DIGITS.issuperset(digits):
        # ASCII digits only: str.isdigit() would also let through superscripts and other
        # scripts' digits, which int() then reads differently.
        raise ValueError(f"expected a non-empty string of ASCII digits, got {digits!r}")
    interim = 0
    for char in digits:
        interim = _TABLE_ROWS[interim][ord(char) - 48]
    return interim


def damm_check_digit(digits: str) -> int:
    """The Damm check digit of ``digits`` (ASCII digits only), e.g. ``"572"`` → 4."""
    return _interim(digits)


def damm_is_valid(digits_with_check: str) -> bool:
    """Whether the last digit of ``digits_with_check`` is the Damm check digit of the rest."""
    return len(digits_with_check) >= 2 and _interim(digits_with_check) == 0


def damm_check_digits(digits: npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.uint8]:
    """Check digits of many numbers at once.

    ``digits`` is an ``(n, k)`` array of digit values 0–9 (one number per row); the result is
    the ``(n,)`` array of their Damm check digits. The loop runs over the k columns, each step
    one table lookup for the whole column, so the cost is k numpy operations whatever n is.
    Appending the result as a column and calling this again gives all zeros.
    """
    matrix = np.asarray(digits)
    if matrix.ndim != 2:
        raise ValueError(f"expected an (n, k) array of digits, got shape {matrix.shape}")
    if matrix.size and (int(matrix.min()) < 0 or int(matrix.max()) > 9):
        raise ValueError("expected digit values 0-9")
    return damm_continue(np.zeros(matrix.shape[0], dtype=np.uint8), matrix)


def damm_continue(
    interim: npt.NDArray[np.uint8], digits: npt.NDArray[np.integer[Any]]
) -> npt.NDArray[np.uint8]:
    """Carry Damm interim digits on through more columns of digits (no validation).

    Lets a caller whose numbers share a prefix (every code of an area starts with the same
    five digits) compute the prefix's interim once and only walk the varying columns.
    """
    # Flattened table: interim * 10 + digit indexes the same cell as TABLE[interim, digit],
    # and one take() on a 100-entry table is cheaper than fancy 2-D indexing.
    flat = DAMM_TABLE.ravel()
    columns = digits.astype(np.uint8, copy=False)
    for column in range(columns.shape[1]):
        # uint8 is enough: the index is at most 9 * 10 + 9.
        interim = flat.take(interim * np.uint8(10) + columns[:, column])
    return interim
