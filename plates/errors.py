"""The errors `plates` raises, on the core's error tree (:class:`addrgen.errors.DiachisoError`).

They are `ValueError`s too because every one of them is bad input (a URL, a record, an output
folder), never a bug; each carries a stable code and its data, and the faces render it.
"""

from __future__ import annotations

from pathlib import Path

from addrgen.errors import DiachisoError

__all__ = ["EmptyBatch", "OutputExists", "PlatesError", "UnsafePublicUrl"]


class PlatesError(DiachisoError, ValueError):
    """Base of every error raised by `plates`."""


class UnsafePublicUrl(PlatesError):
    """The PUBLIC_URL cannot be printed on a permanent plate."""


class OutputExists(PlatesError):
    """A batch would overwrite a file that is already there."""

    def __init__(self, path: Path | str) -> None:
        super().__init__("output.exists", field="out", value=str(path))
        self.path = path


class EmptyBatch(PlatesError):
    """A batch was asked to print no plates at all."""

    def __init__(self, code: str = "batch.empty") -> None:
        super().__init__(code)
