"""The registry's errors: each carries a message meant for the officer, rendered in one place
(the CLI's handler, the web app's handler)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Conflict",
    "ImportRejected",
    "InvalidInput",
    "NotFound",
    "Problem",
    "RegistryError",
]


class RegistryError(Exception):
    """Base of every error the registry reports to a user."""

    code = "registry_error"


class NotFound(RegistryError):
    code = "not_found"


class InvalidInput(RegistryError):
    code = "invalid_input"


class Conflict(RegistryError):
    code = "conflict"


@dataclass(frozen=True)
class Problem:
    """One line of an import report: where, what and what was expected."""

    file: str
    row: int | None
    field: str | None
    value: str | None
    message: str
    # "error" rejects the row; "warning" is reported and imported; "note" only informs
    severity: str = "error"

    def line(self) -> str:
        where = self.file if self.row is None else f"{self.file}: row {self.row}"
        what = ""
        if self.field is not None:
            what = f" field {self.field!r}"
            if self.value is not None:
                what += f" value {self.value!r}"
        label = self.severity if self.severity in ("warning", "note") else "error"
        return f"{where}:{what} {label}: {self.message}".replace(":  ", ": ")


@dataclass
class ImportRejected(RegistryError):
    """An import with bad rows; nothing was written."""

    problems: list[Problem] = field(default_factory=list)
    summary: str = ""
    code = "import_rejected"

    def __str__(self) -> str:
        return self.summary
