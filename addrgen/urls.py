"""The shape of PUBLIC_URL, the site address printed in every QR: checked in one place.

The QR holds ``{PUBLIC_URL}/A/{code}`` in upper case, so that every character is in the QR
alphanumeric set and the symbol stays small; a path, a query, a user or an underscore would
force byte mode. PUBLIC_URL is therefore a scheme (http or https), a host (letters, digits,
dots, hyphens; starting and ending with a letter or digit), an optional port (1–65535) and at
most a trailing slash. The settings (gis) and the plate printer (plates) both call
:func:`parse_public_url`; what each then demands on top (https in production, a public host on
a permanent plate) stays with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from addrgen.errors import AddrgenError

__all__ = ["InvalidPublicUrl", "PublicUrl", "UrlRule", "parse_public_url"]

UrlRule = Literal["scheme", "shape", "host", "port"]

_SCHEME = re.compile(r"(https?)://", re.IGNORECASE)
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")
_PORT = re.compile(r"[0-9]{1,5}")


class InvalidPublicUrl(AddrgenError):
    """PUBLIC_URL breaks one rule of its shape: ``public_url.<rule>``, the URL in ``value``."""

    rule: UrlRule

    def __init__(self, value: str, rule: UrlRule) -> None:
        super().__init__(f"public_url.{rule}", field="PUBLIC_URL", value=value)
        self.rule = rule


@dataclass(frozen=True)
class PublicUrl:
    """A PUBLIC_URL that has the shape, scheme and host in lower case."""

    scheme: str
    host: str
    port: int | None

    @property
    def base(self) -> str:
        """'https://diachi.example.vn' (with ':port' when one was given), no trailing slash."""
        return f"{self.scheme}://{self.host}" + (f":{self.port}" if self.port else "")


def parse_public_url(url: str) -> PublicUrl:
    """The scheme, host and port of a PUBLIC_URL; InvalidPublicUrl names the rule it breaks."""
    text = url.strip()
    scheme = _SCHEME.match(text)
    if scheme is None:
        raise InvalidPublicUrl(url, "scheme")
    rest = text[scheme.end() :]
    cut = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    netloc, tail = rest[:cut], rest[cut:]
    if tail not in ("", "/") or "@" in netloc:
        raise InvalidPublicUrl(url, "shape")
    host, colon, port = netloc.partition(":")
    if not _HOST.fullmatch(host):
        raise InvalidPublicUrl(url, "host")
    if colon and not (_PORT.fullmatch(port) and 1 <= int(port) <= 65535):
        raise InvalidPublicUrl(url, "port")
    return PublicUrl(scheme[1].lower(), host.lower(), int(port) if colon else None)
