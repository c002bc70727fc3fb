"""The registry's errors, on the core's error tree (:class:`addrgen.errors.DiachisoError`).

Each carries a stable code, the field, the value and what is allowed, as data; the faces turn
them into words through :mod:`addrgen.catalog` (the CLI with its flag names, the API as
``{"error": {"code", "message", "field"?, "value"?}}``, pages as a sentence). The class says how
a face should treat the error (a missing thing, a bad input, a clash with what is registered),
the code says exactly what happened.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from addrgen.catalog import message
from addrgen.errors import DiachisoError

__all__ = [
    "Conflict",
    "ImportRejected",
    "InvalidInput",
    "NotFound",
    "Problem",
    "RegistryError",
]


class RegistryError(DiachisoError):
    """Base of every error the registry reports to a user."""


class NotFound(RegistryError):
    """Something named does not exist in the registry (a commune, village, point, user…)."""


class InvalidInput(RegistryError):
    """A value that cannot be used as given."""


class Conflict(RegistryError):
    """A request that clashes with what the registry holds."""


@dataclass(frozen=True)
class Problem:
    """One line of an import report: where (file, row, field), what was found (value), what is
    wrong (a catalog code with its parameters) and how bad (``severity``)."""

    file: str
    row: int | None
    field: str | None
    value: str | None
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)
    # "error" rejects the row; "warning" is reported and imported; "note" only informs
    severity: str = "error"

    def arguments(self) -> dict[str, Any]:
        return {
            **self.params,
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "value": self.value,
        }

    def message(self, lang: str = "en") -> str:
        """What is wrong, as a sentence in ``lang``."""
        return message(self.code, lang, **self.arguments())

    def line(self, lang: str = "en") -> str:
        """The report line: file, row, field, value, severity and message."""
        where = self.file if self.row is None else f"{self.file}: row {self.row}"
        what = ""
        if self.field is not None:
            what = f" field {self.field!r}"
            if self.value is not None:
                what += f" value {self.value!r}"
        label = self.severity if self.severity in ("warning", "note") else "error"
        return f"{where}:{what} {label}: {self.message(lang)}".replace(":  ", ": ")


class ImportRejected(RegistryError):
    """An import with bad rows; nothing was written. ``problems`` lists every one."""

    problems: Sequence[Problem]

    def __init__(self, code: str, /, *, problems: Sequence[Problem], **params: Any) -> None:
        super().__init__(code, **params)
        self.problems = problems
