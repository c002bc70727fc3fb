"""The document numbers of a commune's letters ("Số: 12/TB-UBND", Nghị định 30/2020/NĐ-CP): one
series per issuing commune and calendar year, from 1, with no gaps or repeats.

A batch with letters reads the next number while it renders outside the write lock
(:func:`peek_letter_number`) and takes its numbers inside it (:func:`take_letter_numbers`); a
different first number means another batch took some meanwhile, and the batch is rendered again
(as a changed label is). The numbers each letter carried are recorded with the batch's plates
(``batch_items.letter_number``), so the batch can always say which letter went to which address.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from gis.storage.schema import letter_counters

__all__ = ["peek_letter_number", "take_letter_numbers"]


def peek_letter_number(conn: Connection, *, commune_id: int, year: int) -> int:
    """The number the commune's next letter of ``year`` would carry now, without taking it."""
    last = conn.execute(
        select(letter_counters.c.last_number).where(
            letter_counters.c.commune_id == commune_id, letter_counters.c.year == year
        )
    ).scalar()
    return int(last or 0) + 1


def take_letter_numbers(conn: Connection, *, commune_id: int, year: int, count: int) -> int:
    """Take ``count`` numbers of the commune's series of ``year`` in this write transaction
    (the batch's write holds the commune's lock); returns the first."""
    first = peek_letter_number(conn, commune_id=commune_id, year=year)
    if count <= 0:
        return first
    last = first + count - 1
    if first == 1:
        conn.execute(
            insert(letter_counters).values(commune_id=commune_id, year=year, last_number=last)
        )
    else:
        conn.execute(
            update(letter_counters)
            .where(letter_counters.c.commune_id == commune_id, letter_counters.c.year == year)
            .values(last_number=last)
        )
    return first
