"""The Damm check digit: known answers, the table's laws, and the error-detection laws proved
exhaustively (every substitution, every adjacent swap) on a large sample of issued codes."""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt
import pytest

from addrgen.checkdigit import (
    DAMM_TABLE,
    damm_check_digit,
    damm_check_digits,
    damm_continue,
    damm_is_valid,
)
from addrgen.codes import bulk_canonical

SAMPLE_AREAS = 20
SAMPLE_PER_AREA = 5_000  # 100,000 codes in all


@pytest.mark.parametrize(
    ("digits", "check"),
    [
        pytest.param("572", 4, id="wikipedia-572"),
        pytest.param("0", 0, id="zero"),
        pytest.param("1811200123", 4, id="thach-binh-123"),
        pytest.param("1811200001", 3, id="thach-binh-1"),
        pytest.param("0000000000", 0, id="all-zero"),
    ],
)
def test_known_answers(digits: str, check: int) -> None:
    assert damm_check_digit(digits) == check
    assert damm_is_valid(digits + str(check))
    assert not damm_is_valid(digits + str((check + 1) % 10))


# The published table (Damm 2004, as printed on Wikipedia), written out here once as the
# oracle: every other user of the table (tests, bench, docs' images) imports addrgen.checkdigit.
PUBLISHED = (
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


def test_the_table_is_the_published_one() -> None:
    assert [tuple(row) for row in DAMM_TABLE.tolist()] == list(PUBLISHED)


def test_table_is_a_latin_square_with_zero_diagonal() -> None:
    for row in DAMM_TABLE:
        assert sorted(row.tolist()) == list(range(10))
    for column in DAMM_TABLE.T:
        assert sorted(column.tolist()) == list(range(10))
    assert all(DAMM_TABLE[i, i] == 0 for i in range(10))


def test_table_is_weakly_totally_anti_symmetric() -> None:
    # (c*x)*y == (c*y)*x implies x == y: the law that makes every adjacent swap detectable.
    for c, x, y in itertools.product(range(10), repeat=3):
        if x != y:
            assert DAMM_TABLE[DAMM_TABLE[c, x], y] != DAMM_TABLE[DAMM_TABLE[c, y], x]


def test_table_is_read_only() -> None:
    with pytest.raises(ValueError):
        DAMM_TABLE[0, 0] = 1


@pytest.mark.parametrize("bad", ["", "12a", "１２", "²3", " 12"])
def test_scalar_rejects_non_ascii_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        damm_check_digit(bad)


def test_is_valid_needs_two_digits() -> None:
    assert not damm_is_valid("0")


def test_vectorised_equals_scalar() -> None:
    rng = np.random.default_rng(572)
    for width in (1, 3, 10, 17):
        digits = rng.integers(0, 10, size=(2_000, width), dtype=np.uint8)
        got = damm_check_digits(digits)
        assert got.shape == (2_000,)
        expected = [damm_check_digit("".join(map(str, row))) for row in digits.tolist()]
        assert got.tolist() == expected


def test_vectorised_accepts_other_integer_dtypes_and_empty() -> None:
    assert damm_check_digits(np.array([[5, 7, 2]], dtype=np.int64)).tolist() == [4]
    assert damm_check_digits(np.zeros((0, 10), dtype=np.uint8)).shape == (0,)


@pytest.mark.parametrize(
    "bad",
    [np.array([[1, 10]]), np.array([[1, -1]]), np.array([1, 2, 3])],
    ids=["ten", "negative", "one-dimensional"],
)
def test_vectorised_rejects_bad_input(bad: npt.NDArray[np.int64]) -> None:
    with pytest.raises(ValueError):
        damm_check_digits(bad)


@pytest.fixture(scope="module")
def sample_codes() -> npt.NDArray[np.uint8]:
    """100,000 issued codes (deterministic) as an (n, 11) matrix of digit values."""
    rng = np.random.default_rng(18112)
    areas = rng.choice(100_000, size=SAMPLE_AREAS, replace=False)
    chunks = []
    for area in areas.tolist():
        serials = rng.choice(99_999, size=SAMPLE_PER_AREA, replace=False) + 1
        chunks.append(bulk_canonical(area, serials))
    codes = np.concatenate(chunks)
    matrix = codes.astype("S11").view(np.uint8).reshape(-1, 11) - ord("0")
    assert matrix.shape == (SAMPLE_AREAS * SAMPLE_PER_AREA, 11)
    return matrix


def _interim(matrix: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """Damm over all 11 digits: zero exactly when the check digit is right."""
    return damm_check_digits(matrix)


def test_sample_codes_are_valid(sample_codes: npt.NDArray[np.uint8]) -> None:
    assert not _interim(sample_codes).any()


def test_every_single_digit_substitution_is_caught(sample_codes: npt.NDArray[np.uint8]) -> None:
    mutated = sample_codes.copy()
    for position in range(11):
        original = sample_codes[:, position]
        for shift in range(1, 10):
            mutated[:, position] = (original + shift) % 10
            undetected = int(np.count_nonzero(_interim(mutated) == 0))
            assert undetected == 0, f"position {position}, shift {shift}: {undetected} missed"
        mutated[:, position] = original


def test_every_adjacent_transposition_is_caught(sample_codes: npt.NDArray[np.uint8]) -> None:
    tested = 0
    for position in range(10):
        left, right = sample_codes[:, position], sample_codes[:, position + 1]
        differ = left != right  # swapping equal digits changes nothing
        swapped = sample_codes[differ].copy()
        swapped[:, [position, position + 1]] = swapped[:, [position + 1, position]]
        tested += swapped.shape[0]
        undetected = int(np.count_nonzero(_interim(swapped) == 0))
        assert undetected == 0, f"swap at {position}: {undetected} missed"
    assert tested > 800_000  # about 90 % of 10 x 100,000 pairs differ


def test_continue_from_a_shared_prefix_equals_the_whole_walk() -> None:
    rng = np.random.default_rng(3)
    tails = rng.integers(0, 10, size=(500, 5), dtype=np.uint8)
    start = np.full(500, damm_check_digit("18112"), dtype=np.uint8)
    whole = np.hstack([np.tile(np.array([1, 8, 1, 1, 2], dtype=np.uint8), (500, 1)), tails])
    assert np.array_equal(damm_continue(start, tails), damm_check_digits(whole))
