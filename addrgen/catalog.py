"""The message catalog: every sentence a person reads about an error, keyed by its code.

One entry per stable code (see :mod:`addrgen.errors`), in Vietnamese (``vi``, the users'
language) and English (``en``). A template names the error's data with ``str.format`` fields:
``{field}``, ``{value}``, ``{expected}`` and the error's own parameters (``{value!r}`` quotes a
value as Python does). The catalog lives at the bottom of the layers so that every face — the
CLI, the web pages and API, the printed documents — speaks with the same words.

A code missing from the catalog renders as the code itself with its data, never as an empty
line; a test walks the core's sources and fails on any raised code without both languages.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LANGUAGES", "MESSAGES", "has_message", "message"]

#: The languages every entry has; the first is the default.
LANGUAGES = ("vi", "en")

#: code → language → template.
MESSAGES: dict[str, dict[str, str]] = {
    # --- addrgen: address codes ------------------------------------------------------------
    "code.empty": {
        "vi": "mã địa chỉ {value!r} không có chữ số nào; mã địa chỉ gồm 11 chữ số",
        "en": "empty address code {value!r}; expected 11 digits",
    },
    "code.non_digit": {
        "vi": "{value!r} không phải là mã địa chỉ: có ký tự {char!r}; mã địa chỉ gồm 11 chữ số, "
        "có thể tách nhóm bằng dấu cách, dấu chấm hoặc gạch ngang",
        "en": "{value!r} is not an address code: it contains {char!r}; expected 11 digits, "
        "optionally grouped with spaces, dots or dashes",
    },
    "code.length": {
        "vi": "{value!r} có {digits} chữ số; mã địa chỉ có 11 chữ số (10 ở dạng mã quốc gia "
        "không có số kiểm tra)",
        "en": "{value!r} has {digits} digit(s); an address code has 11 (10 in the national "
        "form without check digit)",
    },
    "code.check_digit": {
        "vi": "sai số kiểm tra: {value!r} phải kết thúc bằng {check_digit} — có một chữ số "
        "gõ nhầm hoặc hai chữ số bị đảo chỗ",
        "en": "check digit mismatch: {value!r} should end in {check_digit} — a digit is "
        "mistyped or two are swapped",
    },
    "code.serial": {
        "vi": "{value!r} có số thứ tự 00000, số này không bao giờ được cấp; số thứ tự đi từ "
        "00001 đến {max_serial}",
        "en": "{value!r} has serial 00000, which is never issued; serials run from 00001 "
        "to {max_serial}",
    },
    "code.national_form": {
        "vi": "{value!r} là dạng mã quốc gia 10 chữ số, không có số kiểm tra; hãy nhập đủ "
        "mã địa chỉ 11 chữ số",
        "en": "{value!r} is the 10-digit national form without check digit; give the full "
        "11-digit address code",
    },
    # --- addrgen: PUBLIC_URL, the site printed in every QR --------------------------------------
    "public_url.scheme": {
        "vi": "PUBLIC_URL {value!r} phải bắt đầu bằng https:// (hoặc http://)",
        "en": "PUBLIC_URL {value!r} must start with https:// (or http://)",
    },
    "public_url.shape": {
        "vi": "PUBLIC_URL {value!r} chỉ gồm giao thức và tên máy (không có đường dẫn, truy vấn "
        "hay tên người dùng)",
        "en": "PUBLIC_URL {value!r} must be a scheme and a host only (no path, query or user)",
    },
    "public_url.host": {
        "vi": "tên máy trong PUBLIC_URL {value!r} chỉ được có chữ cái, chữ số, dấu chấm và "
        "gạch ngang",
        "en": "the host of PUBLIC_URL {value!r} may hold only letters, digits, dots and hyphens",
    },
    "public_url.port": {
        "vi": "cổng trong PUBLIC_URL {value!r} phải là số từ 1 đến 65535",
        "en": "the port of PUBLIC_URL {value!r} must be a number from 1 to 65535",
    },
    # --- plates: print batches ----------------------------------------------------------------
    "output.exists": {
        "vi": "{value} đã có; một đợt in không bao giờ ghi đè lên tệp đã có",
        "en": "{value} already exists; a batch never overwrites a file",
    },
    "batch.empty": {
        "vi": "không có gì để in: đợt in không có biển nào",
        "en": "nothing to print: the batch has no plates",
    },
    # --- gis: imports ---------------------------------------------------------------------------
    # What to do next is each face's own advice (the CLI names --skip-bad): not said here.
    "import.rejected": {
        "vi": "{file}: {bad_rows} dòng lỗi trên {rows} dòng; chưa nhập gì",
        "en": "{file}: {bad_rows} bad row(s) of {rows}; nothing was imported",
    },
    "villages.import_rejected": {
        "vi": "{file}: {errors} lỗi; chưa nhập thôn nào",
        "en": "{file}: {errors} problem(s); no village was imported",
    },
}


class _Missing(dict[str, Any]):
    """Format fields with no value render as ``?`` rather than failing."""

    def __missing__(self, key: str) -> str:
        return "?"


def has_message(code: str, lang: str = "en") -> bool:
    return lang in MESSAGES.get(code, {})


def message(code: str, lang: str = "en", /, **arguments: Any) -> str:
    """The sentence for ``code`` in ``lang`` (English when the language is unknown)."""
    entry = MESSAGES.get(code)
    if entry is None and " " in code:
        return code  # transition: a sentence raised where a code belongs renders as written
    if entry is None:
        data = ", ".join(f"{k}={v!r}" for k, v in arguments.items() if v is not None)
        return f"{code} ({data})" if data else code
    template = entry.get(lang) or entry["en"]
    return template.format_map(_Missing(arguments))
