"""The streams the command writes to, made safe for any console before the first line is written.

A Vietnamese letter such as "ắ" exists in no Windows "ANSI" code page as one character, so the
officer's ``diachiso coverage --format csv > tien-do.csv`` used to end in a
``UnicodeEncodeError`` traceback. :func:`prepare_streams` decides, per stream:

- **a file or a pipe** (not a terminal): UTF-8. What is written there is data — the machine
  formats' contract is UTF-8 — and another program reads it; on Windows Python would otherwise
  encode it in the code page (cp1252, cp1258), which cannot hold the Vietnamese names. This also
  overrides a ``PYTHONIOENCODING`` for files and pipes: a partial copy of the data is worse than
  the encoding asked for.
- **a terminal** whose encoding is not UTF-8 (a Windows console with
  ``PYTHONLEGACYWINDOWSSTDIO`` or ``PYTHONIOENCODING``, an old terminal with a legacy locale): the
  terminal shows bytes in its own code page, so writing UTF-8 would print mojibake. The encoding
  stays and a letter it lacks is *folded* instead of failing: written with the code page's
  combining tone marks where it has them (cp1258: "ắ" as "ă" + acute, which the console shows as
  "ắ"), else as its bare letter ("Thạch" → "Thach" in cp1252), else "?".

A Windows console in the default mode (Python 3.6+) is already UTF-8 and is left alone, as are
streams that are not text files of the process (a test's capture, ``None`` under pythonw). No
exit code changes: only how characters become bytes.
"""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata
from collections.abc import Callable
from itertools import combinations

__all__ = ["fold_text", "prepare_streams"]

#: Letters with no decomposition and no counterpart in a legacy code page, and a readable stand-in.
STAND_INS = {
    "đ": "d",
    "Đ": "D",
    "→": "->",
    "←": "<-",
    "—": "-",
    "–": "-",
    "…": "...",
    "\u00a0": " ",
}


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _fold_char(char: str, encoding: str) -> str:
    """``char`` in ``encoding``, exactly: precomposed with as many of its marks as the code page
    has and the others as the code page's combining marks. Failing that, the bare letter (how
    Vietnamese is written without diacritics, which readers recognise as such — dropping only some
    marks would spell another word, "Bắc" as "Bác"), or a stand-in, or "?"."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], list(decomposed[1:])
    for size in range(len(marks), -1, -1):
        for chosen in combinations(marks, size):
            head = unicodedata.normalize("NFC", base + "".join(chosen))
            rest = "".join(m for m in marks if m not in chosen)
            if _encodes(head + rest, encoding):
                return head + rest
    for stand_in in (base if marks else "", STAND_INS.get(char, ""), "?"):
        if stand_in and _encodes(stand_in, encoding):
            return stand_in
    return "?"


def fold_text(text: str, encoding: str) -> str:
    """``text`` with every character ``encoding`` lacks folded as described above."""
    return "".join(c if _encodes(c, encoding) else _fold_char(c, encoding) for c in text)


def _fold_handler(encoding: str) -> Callable[[UnicodeError], tuple[str, int]]:
    def handler(exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeEncodeError):
            raise exc
        return fold_text(exc.object[exc.start : exc.end], encoding), exc.end

    return handler


def _is_utf8(encoding: str) -> bool:
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")


def _prepare(stream: object) -> None:
    # TextIOWrapper.reconfigure is what lets us change a stream Python already opened; anything
    # else (StringIO, a test's capture that is not a wrapper, None) is left as it is.
    if not isinstance(stream, io.TextIOWrapper) or _is_utf8(stream.encoding):
        return
    if not stream.isatty():
        # errors as they were (stderr's backslashreplace): reconfigure would reset them to strict.
        stream.reconfigure(encoding="utf-8", errors=stream.errors)
        return
    name = f"diachiso-fold-{codecs.lookup(stream.encoding).name}"
    codecs.register_error(name, _fold_handler(stream.encoding))
    stream.reconfigure(errors=name)


def prepare_streams() -> None:
    """Make stdout and stderr unable to fail on a character (see the module's docstring)."""
    for stream in (sys.stdout, sys.stderr):
        _prepare(stream)
