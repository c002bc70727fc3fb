"""The errors of the code scheme.

Every error here is a ``ValueError`` (through :class:`AddrgenError`), so a caller that only
knows "bad input" can catch that, while the CLI and the HTTP layer can catch the precise
class and turn it into a one-line message or a 404/422 without parsing strings. Messages are
plain English, name the value as it was given and say what was expected; they never propose
another code, because a typo must never be resolved to somebody else's address.
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "AddrgenError",
    "InvalidArea",
    "InvalidCode",
    "InvalidCodeReason",
    "InvalidPlusCode",
]

#: Why an address code was rejected; stable strings that callers may map to their own texts.
InvalidCodeReason = Literal["empty", "non_digit", "length", "check_digit", "serial"]


class AddrgenError(ValueError):
    """Base class of every error raised by :mod:`addrgen`."""


class InvalidCode(AddrgenError):
    """An address code that cannot be read, with the input as given and the reason."""

    value: str
    reason: InvalidCodeReason

    def __init__(self, value: str, reason: InvalidCodeReason, message: str) -> None:
        super().__init__(message)
        self.value = value
        self.reason = reason


class InvalidPlusCode(AddrgenError):
    """An Open Location Code (plus code) that is malformed or cannot be used as asked."""


class InvalidArea(AddrgenError):
    """An area number or serial outside the range the scheme can encode."""
