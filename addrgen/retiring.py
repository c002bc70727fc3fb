"""Why a point is retired: a small vocabulary of reasons, stored as their codes, with an
optional note; said in the reader's language from the catalog (``retire_reason.<code>``).

Before the vocabulary the reason was free text in the officer's language; such rows are still
read, their text shown as it was written."""

from __future__ import annotations

from enum import StrEnum

from addrgen.catalog import N_, Phrase

__all__ = [
    "REASON_KEYS",
    "RETIRE_REASONS",
    "RetireReason",
    "retire_reason_words",
    "say_retire_reason",
]


class RetireReason(StrEnum):
    """Why an address point leaves the registry (its code stays, never reused)."""

    demolished = "demolished"
    merged = "merged"  # into another point: two households became one
    duplicate = "duplicate"  # the same house registered twice
    mistake = "mistake"  # entered by mistake: no house there
    other = "other"  # said in the note, which it requires


#: The stored values, in the order a form offers them.
RETIRE_REASONS: tuple[str, ...] = tuple(r.value for r in RetireReason)

#: Each reason's words in the catalog (extracted through N_).
REASON_KEYS: dict[RetireReason, str] = {
    RetireReason.demolished: N_("retire_reason.demolished"),
    RetireReason.merged: N_("retire_reason.merged"),
    RetireReason.duplicate: N_("retire_reason.duplicate"),
    RetireReason.mistake: N_("retire_reason.mistake"),
    RetireReason.other: N_("retire_reason.other"),
}


def retire_reason_words(reason: str | None, note: str | None = None) -> Phrase | str | None:
    """A retired point's reason as a person reads it: the vocabulary's words in the reader's
    language (a :class:`Phrase`, said when formatted), with the note after a colon; an old
    free-text reason as it was written; None for a point not retired."""
    if reason is None:
        return None
    if reason not in RETIRE_REASONS:
        return f"{reason}: {note}" if note else reason
    words = Phrase(REASON_KEYS[RetireReason(reason)])
    if not note:
        return words
    return Phrase(N_("retire_reason.with_note"), {"reason": words, "note": note})


def say_retire_reason(reason: str | None, note: str | None, lang: str) -> str:
    """:func:`retire_reason_words` said in ``lang`` (empty for a point not retired)."""
    words = retire_reason_words(reason, note)
    return words.say(lang) if isinstance(words, Phrase) else words or ""
