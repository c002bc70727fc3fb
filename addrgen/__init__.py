"""The digital address code scheme of Địa chỉ số: pure functions, no I/O.

- :mod:`addrgen.codes`: the 11-digit code ``AAAAA SSSSS C``, parsing and formatting, and the
  pluggable :class:`CodeScheme`;
- :mod:`addrgen.checkdigit`: the Damm check digit, scalar and vectorised;
- :mod:`addrgen.pluscode`: Open Location Code (plus codes), scalar and vectorised;
- :mod:`addrgen.ordering`: the order in which serials are issued (village, then Hilbert curve);
- :mod:`addrgen.errors`: the errors all of the above raise.
"""

from addrgen.checkdigit import damm_check_digit, damm_check_digits, damm_is_valid
from addrgen.codes import (
    AREA_DIGITS,
    DEFAULT_SCHEME,
    MAX_SERIAL,
    SERIAL_DIGITS,
    AddressCode,
    CodeScheme,
    DammScheme,
    ParsedCode,
    bulk_canonical,
    format_code,
    make_code,
    parse_code,
)
from addrgen.errors import AddrgenError, InvalidArea, InvalidCode, InvalidPlusCode
from addrgen.ordering import hilbert_index, issuing_order
from addrgen.pluscode import CodeArea, decode, encode, encode_many, recover_nearest, shorten

__all__ = [
    "AREA_DIGITS",
    "DEFAULT_SCHEME",
    "MAX_SERIAL",
    "SERIAL_DIGITS",
    "AddressCode",
    "AddrgenError",
    "CodeArea",
    "CodeScheme",
    "DammScheme",
    "InvalidArea",
    "InvalidCode",
    "InvalidPlusCode",
    "ParsedCode",
    "bulk_canonical",
    "damm_check_digit",
    "damm_check_digits",
    "damm_is_valid",
    "decode",
    "encode",
    "encode_many",
    "format_code",
    "hilbert_index",
    "issuing_order",
    "make_code",
    "parse_code",
    "recover_nearest",
    "shorten",
]
