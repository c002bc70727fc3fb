"""The URL printed in every QR, and the check that it is safe to print on a permanent plate.

DESIGN.md: the QR holds `{PUBLIC_URL}/A/{code}` in upper case, so that every character is in
the QR alphanumeric set (digits, A–Z, space, $%*+-./:) and the symbol stays at version 3, level
Q, for a PUBLIC_URL of up to 33 characters. A path, an underscore or a query would force byte
mode, so PUBLIC_URL is a scheme and a host only.
"""

import ipaddress

from addrgen.urls import InvalidPublicUrl, parse_public_url
from plates.errors import UnsafePublicUrl

__all__ = ["check_public_url", "qr_payload"]

# Names that only resolve inside one network (RFC 6761/6762, RFC 8375 and common habits).
_PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".test")


def qr_payload(public_url: str, code: str) -> str:
    """'https://diachi.example.vn/' + '18112001234' → 'HTTPS://DIACHI.EXAMPLE.VN/A/18112001234'."""
    return f"{public_url.rstrip('/')}/A/{code}".upper()


def _fail(public_url: str, code: str, **params: str) -> UnsafePublicUrl:
    return UnsafePublicUrl(code, field="public_url", value=public_url, **params)


# The shape rules themselves live in addrgen.urls (the settings check the same shape); these are
# the codes under which a plate printer words each.
_SHAPE_CODES = {
    "scheme": "plate_url.scheme",
    "shape": "plate_url.shape",
    "host": "plate_url.host",
    "port": "plate_url.port",
}


def _check_shape(public_url: str) -> tuple[str, str]:
    """Scheme and host of a URL that is a scheme, a host and an optional port, nothing else."""
    try:
        parts = parse_public_url(public_url)
    except InvalidPublicUrl as exc:
        raise _fail(public_url, _SHAPE_CODES[exc.rule]) from exc
    return parts.scheme, parts.host


def _host_is_local(host: str) -> bool:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host == "localhost" or host.endswith(_PRIVATE_SUFFIXES) or "." not in host
    return not ip.is_global


def check_public_url(public_url: str, *, draft: bool) -> None:
    """Refuse a PUBLIC_URL that would print a wrong or unstable link on a permanent plate.

    The shape (scheme and host only) is always checked, since it decides the QR's mode. A draft
    may use http and a local host; a real batch needs https and a public host.
    """
    scheme, host = _check_shape(public_url)
    if draft:
        return
    if scheme != "https":
        raise _fail(public_url, "plate_url.not_https")
    if _host_is_local(host):
        raise _fail(public_url, "plate_url.local_host", host=host)
