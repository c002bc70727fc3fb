"""Where a map's labels go: beside their point, never on another label or another point.

Each label tries eight places around its point in turn (right, left, above, below, then the
corners) and takes the first that stays inside the frame and touches no point marker and no
label placed before it; a label with no free place is left out (its number is in the table,
and the zoomed map of its leg has room). Labels are placed in the order given, so the
caller puts the ones that matter most first. Boxes are kept in a grid of cells, so placing
n labels costs about O(n), not O(n²).
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence

__all__ = ["Box", "overlaps", "place_labels"]

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in points

# Directions to try, as (x, y) steps: right, left, above, below, then the four corners.
_PLACES = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))


def overlaps(a: Box, b: Box) -> bool:
    """Whether two boxes share some area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class _Grid:
    """Boxes filed by the square cells they cover, to find the ones near a box quickly."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Box]] = defaultdict(list)

    def _keys(self, box: Box) -> Iterator[tuple[int, int]]:
        c = self.cell
        for i in range(int(box[0] // c), int(box[2] // c) + 1):
            for j in range(int(box[1] // c), int(box[3] // c) + 1):
                yield i, j

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self.cells[key].append(box)

    def hits(self, box: Box) -> bool:
        return any(
            overlaps(box, other) for key in self._keys(box) for other in self.cells.get(key, ())
        )


def _candidate(
    x: float, y: float, size: tuple[float, float], step: tuple[int, int], off: float
) -> Box:
    w, h = size
    dx, dy = step
    x0 = x + off if dx > 0 else x - off - w if dx < 0 else x - w / 2
    y0 = y + off if dy > 0 else y - off - h if dy < 0 else y - h / 2
    return (x0, y0, x0 + w, y0 + h)


def place_labels(
    anchors: Sequence[tuple[float, float]],
    sizes: Sequence[tuple[float, float]],
    *,
    frame: Box,
    marker: float = 1.5,
    gap: float = 0.6,
    taken: Sequence[Box] = (),
) -> list[Box | None]:
    """For each anchor (x, y) and its label's (width, height), the label's box, or None when
    every place around the anchor is taken. A marker of half-width ``marker`` stands on each
    anchor; labels keep ``gap`` from their own. ``taken`` holds boxes already drawn (another
    layer's labels) that no label may cover."""
    largest = max((max(w, h) for w, h in sizes), default=1.0)
    grid = _Grid(max(largest, 4 * marker, 1.0))
    for x, y in anchors:
        grid.add((x - marker, y - marker, x + marker, y + marker))
    for box in taken:
        grid.add(box)
    placed: list[Box | None] = []
    for (x, y), size in zip(anchors, sizes, strict=True):
        choice = None
        for step in _PLACES:
            box = _candidate(x, y, size, step, marker + gap)
            inside = frame[0] <= box[0] and box[2] <= frame[2]
            if inside and frame[1] <= box[1] and box[3] <= frame[3] and not grid.hits(box):
                choice = box
                break
        if choice is not None:
            grid.add(choice)
        placed.append(choice)
    return placed
