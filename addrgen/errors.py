"""The error tree of the core: every error carries its meaning as data.

An error names *what* went wrong with a stable dotted code (``code.check_digit``,
``import.no_latitude``, ``reorg.village_name_clash``), *where* (the field: a column of a file, a
parameter of an operation — never a command-line flag) and *what was given* (the value), with
what is allowed (``expected``) and any other parameter the sentence needs. It holds no sentence
in any language: the faces (the CLI, the web pages, the JSON API) turn it into words through
the message catalog (:mod:`addrgen.catalog`), in the reader's language and with their own names
for fields (a flag, a form field). ``str(error)`` is the English sentence, for logs and tests.

Every class here is a ``ValueError`` too (through :class:`AddrgenError`), so a caller that only
knows "bad input" can catch that. The registry's errors (:mod:`gis.errors`) and the renderer's
(:mod:`plates.errors`) derive from :class:`DiachisoError` as well, so a face catches one base.
A typo in a code is never resolved to another address: no error here proposes one.
"""

from __future__ import annotations

from typing import Any, Literal

__all__ = [
    "AddrgenError",
    "DiachisoError",
    "InvalidArea",
    "InvalidCode",
    "InvalidCodeReason",
    "InvalidPlusCode",
]

#: Why an address code was rejected; the error's code is ``code.<reason>``.
InvalidCodeReason = Literal[
    "empty", "non_digit", "length", "check_digit", "serial", "national_form"
]


class DiachisoError(Exception):
    """Base of every error the core reports to a person.

    ``code`` is stable (faces and scripts may rely on it); ``field``, ``value`` and ``expected``
    say where, what was given and what is allowed; ``params`` holds whatever else the message
    names (a count, a second name, a distance)."""

    code: str
    field: str | None
    value: str | None
    expected: str | None
    params: dict[str, Any]

    def __init__(
        self,
        code: str,
        /,
        *,
        field: str | None = None,
        value: object = None,
        expected: str | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.value = None if value is None else str(value)
        self.expected = expected
        self.params = params

    def arguments(self) -> dict[str, Any]:
        """Everything a message template may name: the parameters, field, value, expected."""
        return {**self.params, "field": self.field, "value": self.value, "expected": self.expected}

    def message(self, lang: str = "en") -> str:
        """The sentence for a person, from the catalog, in ``lang``."""
        from addrgen.catalog import message  # the catalog imports this module's names

        return message(self.code, lang, **self.arguments())

    def __str__(self) -> str:
        return self.message("en")

    def __repr__(self) -> str:
        parts = [repr(self.code)]
        parts += [f"{k}={v!r}" for k, v in self.arguments().items() if v is not None]
        return f"{type(self).__name__}({', '.join(parts)})"


class AddrgenError(DiachisoError, ValueError):
    """Base class of every error raised by :mod:`addrgen`."""


class InvalidCode(AddrgenError):
    """An address code that cannot be read: ``code.<reason>``, the input as given in ``value``."""

    reason: InvalidCodeReason

    def __init__(self, value: str, reason: InvalidCodeReason, **params: Any) -> None:
        super().__init__(f"code.{reason}", field="code", value=value, **params)
        self.reason = reason


class InvalidPlusCode(AddrgenError):
    """An Open Location Code (plus code) that is malformed or cannot be used as asked."""


class InvalidArea(AddrgenError):
    """An area number or serial outside the range the scheme can encode."""
