"""An import's problems, kept small enough for a province's file.

A million households in one crowded commune have some two million neighbours closer than 3 m,
each a warning; as :class:`gis.errors.Problem` objects (about 420 bytes each, most of it the
parameters' dict) they alone took 800 MB. So the neighbour search keeps its findings as numpy
columns (a :class:`ProblemBlock`, under 40 bytes a finding) and :class:`Problems` makes a
Problem object only when one is read — iterating a million of them holds one at a time. To its
readers :class:`Problems` is a sequence of Problem objects like the list it replaces."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol, overload

import numpy as np
from numpy.typing import NDArray

from gis.errors import Problem

__all__ = ["ProblemBlock", "Problems", "severity_rank"]

# The report's order is by row, then by severity as written: error, note, warning.
SEVERITY_RANK = {"error": 0, "note": 1, "warning": 2}
# Problems are made this many at a time when iterated: a whole report's at once would be as large
# as the columns spare.
CHUNK = 16_384


def severity_rank(severity: str) -> int:
    return SEVERITY_RANK.get(severity, len(SEVERITY_RANK))


class ProblemBlock(Protocol):
    """Problems kept as columns, made into Problem objects when read."""

    def __len__(self) -> int: ...

    def problems(self, ks: NDArray[np.int64]) -> list[Problem]:
        """The block's problems at positions ``ks`` (a few thousand at a time: made in one loop
        over plain Python values, not an array lookup per field)."""
        ...

    def keys(self) -> tuple[NDArray[np.int64], NDArray[np.int8]]:
        """Each problem's row (0 for none) and :func:`severity_rank`, as the report sorts them."""
        ...


class Problems(Sequence[Problem]):
    """Problems in the order they were found (:meth:`append`, :meth:`add_block`), or a view of
    them in another order (:meth:`in_report_order`, :meth:`where`)."""

    def __init__(self, made: Iterable[Problem] = ()) -> None:
        self._made: list[Problem] = list(made)
        # Each block with the number of Problem objects appended before it.
        self._blocks: list[tuple[int, ProblemBlock]] = []
        # A view: its problems' positions in the found order (None: all, in that order).
        self._order: NDArray[np.int64] | None = None

    def append(self, problem: Problem) -> None:
        self._writable()
        self._made.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self._writable()
        self._made.extend(problems)

    def add_block(self, block: ProblemBlock) -> None:
        """Add a block's problems after those found so far."""
        self._writable()
        if len(block):
            self._blocks.append((len(self._made), block))

    def _writable(self) -> None:
        if self._order is not None:
            raise TypeError("a view of problems is read-only")

    def __len__(self) -> int:
        if self._order is not None:
            return len(self._order)
        return len(self._made) + sum(len(block) for _, block in self._blocks)

    @overload
    def __getitem__(self, index: int) -> Problem: ...

    @overload
    def __getitem__(self, index: slice) -> list[Problem]: ...

    def __getitem__(self, index: int | slice) -> Problem | list[Problem]:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        position = index if self._order is None else int(self._order[index])
        return self._take(np.array([position], dtype=np.int64))[0]

    def _take(self, positions: NDArray[np.int64]) -> list[Problem]:
        """The problems at ``positions`` in the found order, each block's in one batch."""
        taken: dict[int, Problem] = {}
        covered = np.zeros(len(positions), dtype=bool)
        shift = np.zeros(len(positions), dtype=np.int64)  # block problems before each position
        before = 0  # block problems before the block looked at
        for made, block in self._blocks:
            start = made + before
            inside = (positions >= start) & (positions < start + len(block))
            slots = np.flatnonzero(inside)
            taken.update(zip(slots.tolist(), block.problems(positions[slots] - start), strict=True))
            covered |= inside
            shift[positions >= start + len(block)] += len(block)
            before += len(block)
        for slot in np.flatnonzero(~covered).tolist():
            taken[slot] = self._made[int(positions[slot] - shift[slot])]
        return [taken[slot] for slot in range(len(positions))]

    def __iter__(self) -> Iterator[Problem]:
        if self._order is None and not self._blocks:
            yield from self._made
            return
        order = self._order if self._order is not None else np.arange(len(self))
        for start in range(0, len(order), CHUNK):
            yield from self._take(order[start : start + CHUNK])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to lists, which are not hashable

    def __repr__(self) -> str:
        return f"Problems({len(self)})"

    def _keys(self) -> tuple[NDArray[np.int64], NDArray[np.int8]]:
        """Every problem's row and severity rank, in the found order (whatever the view)."""
        rows = np.fromiter((p.row or 0 for p in self._made), dtype=np.int64, count=len(self._made))
        ranks = np.fromiter(
            (severity_rank(p.severity) for p in self._made), dtype=np.int8, count=len(self._made)
        )
        if not self._blocks:
            return rows, ranks
        row_parts, rank_parts, cut = [], [], 0
        for made, block in self._blocks:
            block_rows, block_ranks = block.keys()
            row_parts += [rows[cut:made], block_rows]
            rank_parts += [ranks[cut:made], block_ranks]
            cut = made
        row_parts.append(rows[cut:])
        rank_parts.append(ranks[cut:])
        return np.concatenate(row_parts), np.concatenate(rank_parts)

    def _view(self, order: NDArray[np.int64]) -> Problems:
        view = Problems()
        view._made, view._blocks = self._made, self._blocks
        view._order = order if self._order is None else self._order[order]
        return view

    def _own_keys(self) -> tuple[NDArray[np.int64], NDArray[np.int8]]:
        """This view's rows and severity ranks, in its order."""
        rows, ranks = self._keys()
        if self._order is None:
            return rows, ranks
        return rows[self._order], ranks[self._order]

    def in_report_order(self) -> Problems:
        """A view by row (none first), then severity, otherwise in the order found — the stable
        sort the report always had."""
        rows, ranks = self._own_keys()
        return self._view(np.lexsort((ranks, rows)).astype(np.int64))

    def where(self, severity: str) -> Problems:
        """A view of the problems of one severity, in this order."""
        _, ranks = self._own_keys()
        return self._view(np.flatnonzero(ranks == severity_rank(severity)).astype(np.int64))
