"""The neighbour search's verdicts, judged as columns (gis.ingest.neighbours), are exactly those of
the pair-by-pair walk they replace — the same rows rejected, the same report lines in the same
order — on crowded random files with repeated names and references, rows already bad or unchanged
and registered points nearby; and :class:`gis.ingest.problems.Problems` reads like the list it
replaces (order, views, slices, equality)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from gis.errors import Problem
from gis.ingest import problems
from gis.ingest.candidates import Candidates, candidates_from_columns, name_key
from gis.ingest.neighbours import _judge_pairs
from gis.ingest.problems import Problems
from gis.spatial.queries import NearPairs

NAMES = ["Lê Văn Hùng", "lê văn  hùng", "Trần Thị Lan", "Phan\u200b Đình Sơn", None]


def _walk(c: Candidates, near: NearPairs, live: np.ndarray) -> None:
    """The pair-by-pair walk of check_neighbours before the verdicts became columns (the oracle)."""
    ex = near.registered
    n_ex = len(ex)
    ex_names = [name_key(r.name) for r in ex]
    ex_labels = [r.code or r.ref or f"#{r.id}" for r in ex]
    for (a, b), dist in zip(near.pairs.tolist(), near.metres.tolist(), strict=True):
        j = int(live[b - n_ex])
        if c.bad[j] or c.unchanged[j]:
            continue
        if a < n_ex:
            same = ex_names[a] is not None and ex_names[a] == name_key(c.name[j])
            other: dict[str, object] = {"other": ex_labels[a]}
            duplicate, near_code = "point.duplicate_of_registered", "point.near_registered"
        else:
            i = int(live[a - n_ex])
            if c.bad[i] or c.unchanged[i]:
                continue
            same = (
                name_key(c.name[i]) is not None and name_key(c.name[i]) == name_key(c.name[j])
            ) or (c.ref[i] is not None and c.ref[i] == c.ref[j])
            other = {"other_row": c.rows[i]}
            duplicate, near_code = "point.duplicate_of_row", "point.near_row"
        position = f"{c.lat[j]:.6f}, {c.lon[j]:.6f}"
        if same:
            c.reject(j, "position", position, duplicate, metres=round(dist, 1), **other)
        else:
            c.warn(j, "position", position, near_code, metres=round(dist, 1), **other)


def _crowd(seed: int, n: int, n_ex: int) -> tuple[Candidates, NearPairs, np.ndarray]:
    """``n`` rows and ``n_ex`` registered points, with every pair a random subset of all pairs
    (the search's answer, as it would be in a crowded commune)."""
    rng = np.random.default_rng(seed)
    c = candidates_from_columns(
        file="p.csv",
        rows=list(range(2, n + 2)),
        lon=105.9 + rng.random(n) * 1e-4,
        lat=18.3 + rng.random(n) * 1e-4,
        kind=["household"] * n,
        name=[NAMES[k] for k in rng.integers(len(NAMES), size=n)],
        ref=[None if k == 0 else f"R{k}" for k in rng.integers(6, size=n)],
    )
    c.bad[rng.random(n) < 0.1] = True
    live = np.flatnonzero(~c.bad)
    c.unchanged[live[rng.random(len(live)) < 0.1]] = True  # after the search, as a match does
    registered = [
        SimpleNamespace(id=k + 1, name=NAMES[k % len(NAMES)], code=None, ref=f"X{k}" * (k % 2))
        for k in range(n_ex)
    ]
    total = n_ex + len(live)
    a, b = np.triu_indices(total, k=1)
    keep = (b >= n_ex) & (rng.random(len(a)) < 0.3)
    pairs = np.column_stack([a[keep], b[keep]]).astype(np.int64)
    metres = np.round(rng.random(len(pairs)) * 3, 3)
    return c, NearPairs(registered, pairs, metres), live


@pytest.mark.parametrize("seed", range(12))
def test_verdicts_are_those_of_the_pair_by_pair_walk(seed: int) -> None:
    c, near, live = _crowd(seed, n=40, n_ex=seed % 4)
    expected = _crowd(seed, n=40, n_ex=seed % 4)[0]
    _walk(expected, near, live)
    c.problems.add_block(_judge_pairs(c, near, live))
    assert list(c.problems) == list(expected.problems)
    assert (c.bad == expected.bad).all()
    assert any(p.severity == "error" for p in c.problems)  # the crowd does have duplicates
    assert any(p.code == "point.near_row" for p in c.problems)


def _p(row: int | None, severity: str, code: str = "x") -> Problem:
    return Problem("f.csv", row, None, None, code, {}, severity)


class _Block:
    def __init__(self, problems: list[Problem]) -> None:
        self.made = problems

    def __len__(self) -> int:
        return len(self.made)

    def problems(self, ks: np.ndarray) -> list[Problem]:
        return [self.made[k] for k in ks.tolist()]

    def keys(self) -> Any:
        ranks = {"error": 0, "note": 1, "warning": 2}
        return (
            np.array([p.row or 0 for p in self.made], dtype=np.int64),
            np.array([ranks[p.severity] for p in self.made], dtype=np.int8),
        )


def test_problems_read_like_the_sorted_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(problems, "CHUNK", 2)  # made a few at a time, across the blocks
    first = [_p(5, "warning", "a"), _p(None, "note", "b"), _p(3, "error", "c")]
    block = [_p(3, "warning", "d"), _p(5, "error", "e"), _p(2, "warning", "f"), _p(3, "error", "g")]
    last = [_p(1, "warning", "h"), _p(3, "warning", "i")]
    log = Problems(first)
    log.add_block(_Block(block))
    log.append(last[0])
    log.extend(last[1:])
    second = [_p(2, "note", "j"), _p(None, "warning", "k")]
    log.add_block(_Block(second))
    log.append(_p(4, "error", "l"))
    found = [*first, *block, *last, *second, _p(4, "error", "l")]
    assert list(log) == found and len(log) == len(found)
    ordered = log.in_report_order()
    expected = sorted(found, key=lambda p: (p.row or 0, p.severity))
    assert ordered == expected and [ordered[k] for k in range(len(ordered))] == expected
    assert ordered[-1] == expected[-1] and ordered[1:3] == expected[1:3]
    assert ordered.where("warning") == [p for p in expected if p.severity == "warning"]
    assert len(ordered.where("note")) == 2
    assert log.where("error") == [found[2], block[1], block[3], found[-1]]
    with pytest.raises(TypeError):
        ordered.append(_p(1, "error"))
    with pytest.raises(IndexError):
        ordered[len(found)]
