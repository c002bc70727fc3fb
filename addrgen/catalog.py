"""The message catalog: every sentence a person reads, keyed by a stable id, in every language.

The texts live in gettext catalogs under ``addrgen/locale/`` — ``messages.pot`` (the ids, extracted
from the sources by ``scripts/messages.py``) and one ``diachiso.po`` per language, compiled to the
``diachiso.mo`` files this module reads (with Babel, once per language). An id is an error's
stable code (see :mod:`addrgen.errors`: ``code.check_digit``, ``import.rejected``) or a key of the
faces' words (``page.title``). Vietnamese (``vi``) is the users' language and the default;
English (``en``) is the other. The catalog lives at the bottom of the layers so that every face —
the CLI, the web pages and API, the printed documents — speaks with the same words.

A template names the message's data with ``str.format`` fields: ``{field}``, ``{value}``,
``{expected}`` and the error's own parameters (``{value!r}`` quotes a value as Python does). A
text missing in the asked language falls back to English; an id missing from the catalog renders
as the id itself with its data, never as an empty line. docs/design.md ("Messages and
languages") says how to add one.

Transition: the :data:`MESSAGES` dict below is where the errors being converted to codes still
land their texts; it is read only for ids the compiled catalogs lack, ``scripts/messages.py
from-dict`` copies it into the ``.po`` files, and it goes once every error has its code.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import read_mo

from addrgen.vocab import Lang

__all__ = [
    "CODE_PATTERN",
    "DEFAULT_LANG",
    "FALLBACK_LANG",
    "LANGUAGES",
    "LOCALE_DIR",
    "MESSAGES",
    "N_",
    "Lang",
    "has_message",
    "message",
    "mo_path",
    "po_path",
    "t",
    "template",
]

#: The languages every entry has; the first is the default.
LANGUAGES: tuple[Lang, ...] = ("vi", "en")
DEFAULT_LANG: Lang = LANGUAGES[0]
#: The language a text falls back to when the asked one lacks it.
FALLBACK_LANG: Lang = "en"

#: What an id looks like: dotted lower-case words (``code.check_digit``, ``page.js.ok``).
CODE_PATTERN = r"^[a-z_]+(\.[a-z_]+)+$"

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "diachiso"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


#: Transition only: code → language → template, for texts not yet in the .po files.
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
    # --- gis: the commune's settings (its own words on its documents) ------------------------
    "commune.setting_too_long": {
        "vi": "{value!r} dài {length} ký tự; tối đa {expected} ký tự",
        "en": "{value!r} is {length} characters long; at most {expected}",
    },
    "commune.bad_phone": {
        "vi": "{value!r} không phải là số điện thoại; chỉ gồm chữ số, có thể tách nhóm bằng dấu "
        "cách, dấu chấm hoặc gạch ngang, ví dụ 0239 3856 123",
        "en": "{value!r} is not a phone number; expected digits, optionally grouped with "
        "spaces, dots or dashes, e.g. 0239 3856 123",
    },
    "commune.nothing_to_set": {
        "vi": "chưa nêu thiết đặt nào để thay đổi: đơn vị ban hành, chức danh của công chức, "
        "tên Đoàn Thanh niên hay số điện thoại liên hệ",
        "en": "no setting to change was given: the issuing unit, the officer's title, the "
        "Youth Union's name or the contact phone",
    },
    # --- plates: print batches ----------------------------------------------------------------
    "output.exists": {  # a batch's files, the volunteers' guide, the CLI's CSV files (--out)
        "vi": "{value} đã có; không bao giờ ghi đè lên tệp đã có",
        "en": "{value} already exists; files are never overwritten",
    },
    "output.no_folder": {
        "vi": "không có thư mục {value}",
        "en": "there is no folder {value}",
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
    # --- addrgen: area numbers and serials ------------------------------------------------------
    "area.not_integer": {
        "vi": "số khu vực phải là số nguyên, không phải {value}",
        "en": "area number must be an integer, got {value}",
    },
    "area.out_of_range": {
        "vi": "số khu vực {value} nằm ngoài khoảng cho phép; cần từ 0 đến {maximum} ({digits} chữ "
        "số)",
        "en": "area number {value} is out of range; expected 0 to {maximum} ({digits} digits)",
    },
    "serial.not_integer": {
        "vi": "số thứ tự phải là số nguyên, không phải {value}",
        "en": "serial must be an integer, got {value}",
    },
    "serial.out_of_range": {
        "vi": "số thứ tự {value} nằm ngoài khoảng cho phép; cần từ 1 đến {maximum} ({digits} chữ "
        "số)",
        "en": "serial {value} is out of range; expected 1 to {maximum} ({digits} digits)",
    },
    "serial.not_one_dimensional": {
        "vi": "các số thứ tự phải là mảng một chiều, không phải mảng có dạng {shape}",
        "en": "serials must be a one-dimensional array, got shape {shape}",
    },
    "serial.not_integers": {
        "vi": "các số thứ tự phải là số nguyên, không phải kiểu {dtype}",
        "en": "serials must be integers, got dtype {dtype}",
    },
    # --- addrgen: issuing order -----------------------------------------------------------------
    "ordering.shapes": {
        "vi": "kinh độ {lon_shape} và vĩ độ {lat_shape} phải là mảng một chiều, cùng độ dài",
        "en": "longitudes {lon_shape} and latitudes {lat_shape} must be one-dimensional, same "
        "length",
    },
    "ordering.not_finite": {
        "vi": "tọa độ phải là số hữu hạn",
        "en": "coordinates must be finite numbers",
    },
    "ordering.order_range": {
        "vi": "bậc Hilbert {value} nằm ngoài khoảng cho phép; cần từ 1 đến {maximum}",
        "en": "Hilbert order {value} is out of range; expected 1 to {maximum}",
    },
    "ordering.empty_bbox": {
        "vi": "khung {value} rỗng; cần (min_lon, min_lat, max_lon, max_lat)",
        "en": "bbox {value} is empty; expected (min_lon, min_lat, max_lon, max_lat)",
    },
    "ordering.lengths": {
        "vi": "village_ordinals, lons, lats và tiebreak phải cùng độ dài; đang là {shapes}",
        "en": "village_ordinals, lons, lats and tiebreak must have the same length; got {shapes}",
    },
    "ordering.ordinals_not_integers": {
        "vi": "thứ tự thôn phải là số nguyên, không phải kiểu {dtype}",
        "en": "village ordinals must be integers, got dtype {dtype}",
    },
    # --- addrgen: plus codes (Open Location Code) -----------------------------------------------
    "pluscode.not_string": {
        "vi": "{value!r} không phải là plus code: plus code phải là chuỗi ký tự",
        "en": "{value!r} is not a valid plus code: a plus code must be a string",
    },
    "pluscode.separator_count": {
        "vi": "{value!r} không phải là plus code hợp lệ: plus code có đúng một dấu '+'",
        "en": "{value!r} is not a valid plus code: a plus code has exactly one '+'",
    },
    "pluscode.no_digits": {
        "vi": "{value!r} không phải là plus code hợp lệ: ngoài dấu '+' plus code phải có chữ số",
        "en": "{value!r} is not a valid plus code: a plus code has digits besides the separator",
    },
    "pluscode.separator_position": {
        "vi": "{value!r} không phải là plus code hợp lệ: dấu '+' phải đứng sau một số chẵn chữ số, "
        "nhiều nhất là tám",
        "en": "{value!r} is not a valid plus code: the '+' must follow an even number of "
        "digits, at most eight",
    },
    "pluscode.padding_in_short": {
        "vi": "{value!r} không phải là plus code hợp lệ: mã rút gọn không được có số đệm '0'",
        "en": "{value!r} is not a valid plus code: a short code cannot contain padding '0'",
    },
    "pluscode.leading_padding": {
        "vi": "{value!r} không phải là plus code hợp lệ: plus code không được bắt đầu bằng số "
        "đệm '0'",
        "en": "{value!r} is not a valid plus code: a plus code cannot start with padding '0'",
    },
    "pluscode.padding_run": {
        "vi": "{value!r} không phải là plus code hợp lệ: số đệm '0' phải liền nhau và có số lượng "
        "chẵn",
        "en": "{value!r} is not a valid plus code: padding '0' must be one run of an even "
        "number of characters",
    },
    "pluscode.padding_end": {
        "vi": "{value!r} không phải là plus code hợp lệ: mã có số đệm phải kết thúc bằng dấu '+'",
        "en": "{value!r} is not a valid plus code: a padded code must end with the separator",
    },
    "pluscode.single_last_digit": {
        "vi": "{value!r} không phải là plus code hợp lệ: không được chỉ có một chữ số sau dấu '+'",
        "en": "{value!r} is not a valid plus code: a single digit after the '+' is not allowed",
    },
    "pluscode.bad_character": {
        "vi": "{value!r} không phải là plus code hợp lệ: {char!r} không phải là ký tự của plus "
        "code",
        "en": "{value!r} is not a valid plus code: {char!r} is not a plus code character",
    },
    "pluscode.short": {
        "vi": "{value!r} là mã rút gọn, không phải plus code đầy đủ; hãy khôi phục nó theo một vị "
        "trí gần đó trước",
        "en": "{value!r} is a short code, not a full plus code; recover it against a nearby "
        "location first",
    },
    "pluscode.latitude_beyond": {
        "vi": "{value!r} không phải là plus code đầy đủ: ký tự đầu tiên đưa vĩ độ vượt quá 90°",
        "en": "{value!r} is not a full plus code: its first character puts the latitude beyond 90°",
    },
    "pluscode.longitude_beyond": {
        "vi": "{value!r} không phải là plus code đầy đủ: ký tự thứ hai đưa kinh độ vượt quá 180°",
        "en": "{value!r} is not a full plus code: its second character puts the longitude "
        "beyond 180°",
    },
    "pluscode.neither_full_nor_short": {
        "vi": "{value!r} không phải là plus code đầy đủ cũng không phải mã rút gọn",
        "en": "{value!r} is neither a full nor a short plus code",
    },
    "pluscode.padded_shorten": {
        "vi": "không rút gọn được {value!r}: đây là mã có số đệm",
        "en": "cannot shorten {value!r}: it is a padded code",
    },
    "pluscode.too_short_to_shorten": {
        "vi": "không rút gọn được {value!r}: mã có {digits} chữ số, cần ít nhất {minimum}",
        "en": "cannot shorten {value!r}: it has {digits} digits, at least {minimum} are needed",
    },
    "pluscode.length_not_integer": {
        "vi": "độ dài plus code phải là số nguyên, không phải {value}",
        "en": "code length must be an integer, got {value}",
    },
    "pluscode.bad_length": {
        "vi": "độ dài plus code {value} không hợp lệ; cần 2, 4, 6, 8, hoặc từ 10 trở lên",
        "en": "invalid plus code length {value}; expected 2, 4, 6, 8, or 10 and more",
    },
    "pluscode.not_finite": {
        "vi": "không tính được plus code cho tọa độ không hữu hạn ({latitude}, {longitude})",
        "en": "cannot encode a plus code for non-finite coordinates ({latitude}, {longitude})",
    },
    "pluscode.not_finite_many": {
        "vi": "không tính được plus code cho tọa độ không hữu hạn",
        "en": "cannot encode plus codes for non-finite coordinates",
    },
    "pluscode.shape_mismatch": {
        "vi": "mảng vĩ độ {lat_shape} và mảng kinh độ {lon_shape} khác dạng",
        "en": "latitudes {lat_shape} and longitudes {lon_shape} differ in shape",
    },
    "pluscode.reference_not_finite": {
        "vi": "vị trí tham chiếu ({latitude}, {longitude}) không hữu hạn",
        "en": "reference location ({latitude}, {longitude}) is not finite",
    },
    # --- plates: the plate, its records, fonts and sheets ---------------------------------------
    "plate.portrait": {
        "vi": "biển địa chỉ số nằm ngang: hãy ghi chiều rộng trước (ví dụ 148x105), không phải "
        "{value}",
        "en": "plates are landscape: give the width first (e.g. 148x105), not {value}",
    },
    "plate.unprintable": {
        "vi": "không in được biển địa chỉ số {width} × {height} mm",
        "en": "a {width} × {height} mm plate is not printable",
    },
    "plate.unknown_size": {
        "vi": "không có cỡ biển {value!r}; cần {known} hoặc RộngxCao tính bằng mm",
        "en": "unknown plate size {value!r}; expected {known} or WxH in mm",
    },
    "plate.modules_too_small": {
        "vi": "ô của mã QR chỉ còn {module} mm trên biển {width} × {height} mm (cần ít nhất "
        "{minimum} mm): hãy dùng biển hoặc mã QR lớn hơn, hoặc PUBLIC_URL ngắn hơn",
        "en": "QR modules would be {module} mm on a {width} × {height} mm plate (at least "
        "{minimum} mm): use a larger plate or QR, or a shorter PUBLIC_URL",
    },
    "qr.too_long": {
        "vi": "mã QR không chứa được {value} byte",
        "en": "a QR code cannot hold {value} bytes",
    },
    "qr.version_too_small": {
        "vi": "nội dung không vừa mã QR phiên bản {value}-{level}",
        "en": "the payload does not fit a version {value}-{level} QR code",
    },
    "plate.qr_does_not_fit": {
        "vi": "mã QR {side} mm cùng lề trắng không vừa biển này",
        "en": "a {side} mm QR with its quiet zone does not fit this plate",
    },
    "sheet.does_not_fit": {
        "vi": "biển {width} × {height} mm không vừa tờ A4 với lề {margin} mm: hãy in theo kiểu "
        "nhà in",
        "en": "a {width} × {height} mm plate does not fit on A4 inside {margin} mm margins: "
        "print it in shop mode",
    },
    "glyph.missing": {
        "vi": "phông Be Vietnam Pro không có ký tự {chars}",
        "en": "no glyph in Be Vietnam Pro for {chars}",
    },
    "glyph.missing_for": {
        "vi": "{where}: phông Be Vietnam Pro không có ký tự {chars}",
        "en": "{where}: no glyph in Be Vietnam Pro for {chars}",
    },
    "record.code": {
        "vi": "mã {value!r} không phải là 11 chữ số chuẩn",
        "en": "code {value!r} is not the canonical 11 digits",
    },
    "record.code_display": {
        "vi": "dạng hiển thị {value!r} không phải là mã {code}",
        "en": "display form {value!r} is not code {code}",
    },
    "record.kind": {
        "vi": "{code}: loại điểm không hợp lệ {value!r}",
        "en": "{code}: unknown kind {value!r}",
    },
    "record.position": {
        "vi": "{code}: vị trí không thể có {value}",
        "en": "{code}: impossible position {value}",
    },
    "plate_url.scheme": {
        "vi": "không in được PUBLIC_URL {value!r} lên biển: phải bắt đầu bằng https://",
        "en": "PUBLIC_URL {value!r} cannot be printed on plates: it must start with https://",
    },
    "plate_url.shape": {
        "vi": "không in được PUBLIC_URL {value!r} lên biển: chỉ được gồm giao thức và tên máy "
        "(không có đường dẫn, truy vấn hay tên người dùng)",
        "en": "PUBLIC_URL {value!r} cannot be printed on plates: it must be a scheme and a host "
        "only (no path, query or user)",
    },
    "plate_url.host": {
        "vi": "không in được PUBLIC_URL {value!r} lên biển: tên máy chỉ được có chữ cái, chữ số, "
        "dấu chấm và gạch ngang",
        "en": "PUBLIC_URL {value!r} cannot be printed on plates: the host may hold only "
        "letters, digits, dots and hyphens",
    },
    "plate_url.port": {
        "vi": "không in được PUBLIC_URL {value!r} lên biển: cổng không phải là số từ 1 đến 65535",
        "en": "PUBLIC_URL {value!r} cannot be printed on plates: the port is not a number from 1 "
        "to 65535",
    },
    "plate_url.not_https": {
        "vi": "không in được PUBLIC_URL {value!r} lên biển: biển địa chỉ số dùng lâu dài nên "
        "phải là https",
        "en": "PUBLIC_URL {value!r} cannot be printed on plates: plates are permanent, so it "
        "must be https",
    },
    "plate_url.local_host": {
        "vi": "không in được PUBLIC_URL {value!r} lên biển: {host} là máy nội bộ, riêng hoặc "
        "chỉ dùng trong mạng cục bộ",
        "en": "PUBLIC_URL {value!r} cannot be printed on plates: {host} is a loopback, private "
        "or local host",
    },
    # --- gis/settings ---------------------------------------------------------------------------
    "settings.public_url": {
        "vi": "{setting} {value!r} chỉ được gồm giao thức và tên máy (chữ cái, chữ số, dấu chấm, "
        "gạch ngang, có thể thêm cổng), ví dụ https://diachi.example.vn",
        "en": "{setting} {value!r} must be a scheme and a host only (letters, digits, dots, "
        "hyphens, an optional port), e.g. https://diachi.example.vn",
    },
    "settings.map_tiles": {
        "vi": "{setting} {value!r}: cần openstreetmap, none, hoặc một mẫu URL https có {{z}}, "
        "{{x}} và {{y}}",
        "en": "{setting} {value!r}: expected openstreetmap, none, or an https URL template with "
        "{{z}}, {{x}} and {{y}}",
    },
    "settings.production_secret_key": {
        "vi": "DIACHISO_ENV=production cần {setting} (ít nhất {minimum} ký tự)",
        "en": "DIACHISO_ENV=production needs {setting} (at least {minimum} characters)",
    },
    "settings.production_public_url": {
        "vi": "DIACHISO_ENV=production cần {setting} dùng https, không phải {value!r}",
        "en": "DIACHISO_ENV=production needs an https {setting}, not {value!r}",
    },
    "settings.too_small": {
        "vi": "{setting} {value!r}: cần một số lớn hơn {limit}",
        "en": "{setting} {value!r}: expected a number greater than {limit}",
    },
    "settings.too_large": {
        "vi": "{setting} {value!r}: cần một số không lớn hơn {limit}",
        "en": "{setting} {value!r}: expected a number no greater than {limit}",
    },
    "settings.not_a_number": {
        "vi": "{setting} {value!r}: cần một số",
        "en": "{setting} {value!r}: expected a number",
    },
    "settings.not_one_of": {
        "vi": "{setting} {value!r}: cần một trong các giá trị {expected}",
        "en": "{setting} {value!r}: expected one of {expected}",
    },
    "settings.invalid": {
        "vi": "{setting} {value!r}: {detail}",
        "en": "{setting} {value!r}: {detail}",
    },
    # --- gis/storage: the registry, backup and restore ------------------------------------------
    "registry.missing": {
        "vi": "không có sổ đăng ký tại {url}",
        "en": "no registry at {url}",
    },
    "backup.exists": {
        "vi": "{value} đã có: hãy đặt tên tệp khác (bản sao lưu không bao giờ ghi đè)",
        "en": "{value} already exists: give a new file name (a backup never overwrites)",
    },
    "backup.no_registry": {
        "vi": "không có sổ đăng ký tại {url}: không có gì để sao lưu",
        "en": "no registry at {url}: nothing to back up",
    },
    "backup.unknown_tables": {
        "vi": "sổ đăng ký có bảng mà phiên bản này không biết ({tables}): hãy sao lưu bằng phiên "
        "bản đã tạo ra các bảng đó",
        "en": "the registry holds tables this version does not know ({tables}): back it up with "
        "the version that made them",
    },
    "backup.not_sqlite_file": {
        "vi": "{url}: không phải tệp SQLite",
        "en": "{url}: not an SQLite file",
    },
    "restore.no_such_file": {
        "vi": "{value}: không có tệp này",
        "en": "{value}: no such file",
    },
    "restore.not_sqlite": {
        "vi": "{value}: không phải bản sao lưu sổ đăng ký (cần một tệp SQLite)",
        "en": "{value}: not a registry backup (expected an SQLite file)",
    },
    "restore.no_communes": {
        "vi": "{value}: không phải bản sao lưu sổ đăng ký (không có bảng xã)",
        "en": "{value}: not a registry backup (no communes table)",
    },
    "restore.not_empty": {
        "vi": "sổ đăng ký tại {url} đã có dữ liệu: hãy khôi phục vào một sổ mới, còn trống (một "
        "tệp SQLite mới hoặc một cơ sở dữ liệu PostgreSQL trống)",
        "en": "the registry at {url} already holds data: restore into a new, empty one (a new "
        "SQLite file or an empty PostgreSQL database)",
    },
    # --- gis/ingest: reading the file (sources, columns, coordinate systems) -------------------
    "import.no_such_file": {
        "vi": "{value}: không có tệp này",
        "en": "{value}: no such file",
    },
    "import.unknown_file_type": {
        "vi": "{value}: không đọc được loại tệp “{suffix}”; cần tệp .csv, .xlsx, .geojson, "
        ".gpkg, .shp hoặc .kml",
        "en": "{value}: unknown file type {suffix!r}; expected .csv, .xlsx, .geojson, .gpkg, "
        ".shp or .kml",
    },
    "import.empty_file": {
        "vi": "{file}: tệp trống; cần có dòng tiêu đề",
        "en": "{file}: the file is empty; expected a header row",
    },
    "import.undecodable_file": {
        "vi": "{file}: không giải mã được {shown} theo bảng mã {tried}: byte {byte} ở vị trí "
        "{position}",
        "en": "{file}: cannot decode {shown} as {tried}: byte {byte} at {position}",
    },
    "import.unreadable_csv": {
        "vi": "{file}: dòng {line}: không đọc được dạng CSV: {detail}",
        "en": "{file}: line {line}: not readable CSV: {detail}",
    },
    "import.unreadable_excel": {
        "vi": "{file}: không đọc được sổ tính Excel: {detail}",
        "en": "{file}: not a readable Excel workbook: {detail}",
    },
    "import.unreadable_layer": {
        "vi": "{file}: không đọc được lớp dữ liệu GIS: {detail}",
        "en": "{file}: not a readable GIS layer: {detail}",
    },
    "import.no_column": {
        "vi": "{file}: không có cột “{value}”; các cột là {columns}",
        "en": "{file}: no column {value!r}; columns are {columns}",
    },
    "import.no_coordinate_columns": {
        "vi": "{file}: không tìm thấy cột tọa độ (đã tìm lat/latitude/vi_do và "
        "lon/lng/longitude/kinh_do, hoặc x/y/easting/northing); các cột là {columns}",
        "en": "{file}: no coordinate columns found (looked for lat/latitude/vi_do and "
        "lon/lng/longitude/kinh_do, or x/y/easting/northing); columns are {columns}",
    },
    "import.lon_lat_pair": {
        "vi": "hãy chỉ rõ cả cột kinh độ lẫn cột vĩ độ, hoặc không chỉ cột nào",
        "en": "give both the longitude and the latitude column, or neither",
    },
    "import.easting_northing_pair": {
        "vi": "hãy chỉ rõ cả cột tọa độ hướng Đông lẫn cột tọa độ hướng Bắc, hoặc không chỉ cột "
        "nào",
        "en": "give both the easting and the northing column, or neither",
    },
    "import.unknown_crs": {
        "vi": "“{value}” không phải là hệ tọa độ đã biết; ví dụ: EPSG:4326 hoặc EPSG:9209 "
        "(VN-2000 / TM-3 105-30, Hà Tĩnh)",
        "en": "{value!r}: not a known coordinate system; expected e.g. EPSG:4326 or EPSG:9209 "
        "(VN-2000 / TM-3 105-30, Hà Tĩnh)",
    },
    "import.projected_needs_crs": {
        "vi": "tọa độ hướng Đông và hướng Bắc là tọa độ phẳng, còn {value} là hệ tọa độ địa lý: "
        "hãy cho biết hệ tọa độ của chúng (ví dụ EPSG:9209 cho VN-2000 Hà Tĩnh)",
        "en": "easting and northing are projected coordinates, but {value} is geographic: give "
        "their coordinate system (e.g. EPSG:9209 for VN-2000 Hà Tĩnh)",
    },
    "import.no_villages": {
        "vi": "{commune} chưa có thôn nào",
        "en": "{commune} has no villages yet",
    },
    # --- gis/ingest: the import report's rows ---------------------------------------------------
    "import.field_count": {
        "vi": "dòng có {fields} ô; cần {expected} ô ({columns}) — giá trị có chứa dấu phân cách "
        "phải đặt trong dấu ngoặc kép",
        "en": "has {fields} fields; expected {expected} ({columns}) — a value with the "
        "separator in it must be in quotes",
    },
    "import.undecodable": {
        "vi": "chữ không giải mã được (không phải UTF-8, TCVN3, VNI hay Windows-1258); hãy lưu "
        "lại tệp dạng UTF-8",
        "en": "text that cannot be decoded (not UTF-8, TCVN3, VNI or Windows-1258); re-save "
        "the file as UTF-8",
    },
    "import.garbled_text": {
        "vi": "chữ bị hỏng, không giải mã được; hãy lưu lại tệp dạng UTF-8",
        "en": "text that cannot be decoded; re-save the file as UTF-8",
    },
    "import.not_a_point": {
        "vi": "hình học dạng {value}; cần một điểm",
        "en": "{value} geometry; expected a point",
    },
    "import.no_latitude": {
        "vi": "thiếu vĩ độ; cần một số",
        "en": "no latitude; expected a number",
    },
    "import.no_longitude": {
        "vi": "thiếu kinh độ; cần một số",
        "en": "no longitude; expected a number",
    },
    "import.no_easting": {
        "vi": "thiếu tọa độ hướng Đông; cần một số",
        "en": "no easting; expected a number",
    },
    "import.no_northing": {
        "vi": "thiếu tọa độ hướng Bắc; cần một số",
        "en": "no northing; expected a number",
    },
    "import.latitude_not_a_number": {
        "vi": "vĩ độ không phải là số",
        "en": "latitude is not a number",
    },
    "import.longitude_not_a_number": {
        "vi": "kinh độ không phải là số",
        "en": "longitude is not a number",
    },
    "import.easting_not_a_number": {
        "vi": "tọa độ hướng Đông không phải là số",
        "en": "easting is not a number",
    },
    "import.northing_not_a_number": {
        "vi": "tọa độ hướng Bắc không phải là số",
        "en": "northing is not a number",
    },
    "import.ambiguous_number": {
        "vi": "không rõ số nào: “{value}” có thể đọc là {readings} (dấu chấm, dấu phẩy là dấu "
        "thập phân hay dấu phân cách hàng nghìn?); hãy ghi rõ, ví dụ 2026 hoặc 2,026000",
        "en": "ambiguous number: {value!r} reads as {readings} (is the dot or comma a decimal "
        "mark or a thousands separator?); write it unambiguously, e.g. 2026 or 2.026000",
    },
    "import.latitude_out_of_range": {
        "vi": "vĩ độ nằm ngoài khoảng cho phép; cần từ -90 đến 90",
        "en": "latitude out of range; expected -90 to 90",
    },
    "import.longitude_out_of_range": {
        "vi": "kinh độ nằm ngoài khoảng cho phép; cần từ -180 đến 180",
        "en": "longitude out of range; expected -180 to 180",
    },
    "import.unconvertible": {
        "vi": "không chuyển đổi được tọa độ từ hệ {crs}",
        "en": "the coordinates cannot be converted from {crs}",
    },
    "import.swapped_coordinates": {
        "vi": "vĩ độ và kinh độ có vẻ bị đổi chỗ: đổi lại thì điểm nằm trong thôn {village}; "
        "cột “{lat_column}” phải là vĩ độ và cột “{lon_column}” là kinh độ",
        "en": "latitude and longitude look swapped: swapping them puts the point in {village}; "
        "expected latitude in {lat_column!r} and longitude in {lon_column!r}",
    },
    "import.swapped_projected": {
        "vi": "tọa độ hướng Đông và hướng Bắc có vẻ bị đổi chỗ: đổi lại thì điểm nằm trong thôn "
        "{village} (bản đồ địa chính thường gọi tọa độ hướng Bắc là X: cột “{easting_column}” "
        "có thể là hướng Bắc và cột “{northing_column}” là hướng Đông)",
        "en": "easting and northing look swapped: swapping them puts the point in {village} "
        "(cadastral sheets often call the northing X: {easting_column!r} may be the northing "
        "and {northing_column!r} the easting)",
    },
    "import.former_unit": {
        "vi": "ghi {named}, nay là {now}: đã chuyển sang đơn vị hiện nay",
        "en": "names {named}, now {now}: mapped",
    },
    "import.other_commune": {
        "vi": "ghi {named}, không phải {commune}; điểm được xếp theo tọa độ",
        "en": "names {named}, not {commune}; placed by its position",
    },
    "import.other_commune_now": {
        "vi": "ghi {named} (nay là {now}), không phải {commune}; điểm được xếp theo tọa độ",
        "en": "names {named} (now {now}), not {commune}; placed by its position",
    },
    "import.ref_moved": {
        "vi": "đã đăng ký ({point_code}), cách vị trí ở dòng này {metres} m; giữ nguyên",
        "en": "already registered ({point_code}) {metres} m from this row's position; left "
        "unchanged",
    },
    "import.ref_moved_uncoded": {
        "vi": "đã đăng ký (chưa có mã địa chỉ số), cách vị trí ở dòng này {metres} m; giữ nguyên",
        "en": "already registered (no code yet) {metres} m from this row's position; left "
        "unchanged",
    },
    # --- gis/registry: where imported village boundaries lie ------------------------------------
    "villages.metres_as_degrees": {
        "vi": "{file}: tọa độ ranh giới (x {min_x}–{max_x}, y {min_y}–{max_y}) không thể là độ "
        "theo hệ {value}; giá trị giống tọa độ VN-2000 (mét): tệp thiếu hệ tọa độ (.prj); chưa "
        "nhập thôn nào",
        "en": "{file}: the boundary coordinates (x {min_x}–{max_x}, y {min_y}–{max_y}) cannot be "
        "degrees in {value}; they look like VN-2000 metres: the file lacks its coordinate "
        "system (.prj); no village was imported",
    },
    "villages.not_degrees": {
        "vi": "{file}: tọa độ ranh giới (x {min_x}–{max_x}, y {min_y}–{max_y}) không thể là độ "
        "theo hệ {value}; chưa nhập thôn nào",
        "en": "{file}: the boundary coordinates (x {min_x}–{max_x}, y {min_y}–{max_y}) cannot be "
        "degrees in {value}; no village was imported",
    },
    "villages.swapped_lat_lon": {
        "vi": "{file}: tọa độ ranh giới (x {min_x}–{max_x}, y {min_y}–{max_y}) có vẻ ghi theo "
        "thứ tự [vĩ độ, kinh độ]; GeoJSON ghi [kinh độ, vĩ độ]; chưa nhập thôn nào",
        "en": "{file}: the boundary coordinates (x {min_x}–{max_x}, y {min_y}–{max_y}) look like "
        "[latitude, longitude]; GeoJSON is [longitude, latitude]; no village was imported",
    },
    "villages.outside_vietnam": {
        "vi": "{file}: ranh giới nằm ngoài Việt Nam (kinh độ {min_x}–{max_x}, vĩ độ {min_y}–"
        "{max_y}): hệ tọa độ của tệp sai?; chưa nhập thôn nào",
        "en": "{file}: the boundaries lie outside Vietnam (longitude {min_x}–{max_x}, latitude "
        "{min_y}–{max_y}): a wrong coordinate system?; no village was imported",
    },
    "villages.far_from_commune": {
        "vi": "{file}: các thôn cách các thôn và điểm đã đăng ký của {commune} khoảng {km} km "
        "(lệch {east_km} km về phía đông, {north_km} km về phía bắc; khoảng trống {gap_km} km): "
        "hệ tọa độ sai, ví dụ tệp .prj của múi VN-2000 khác?; chưa nhập thôn nào",
        "en": "{file}: the villages lie about {km} km from {commune}'s registered villages and "
        "points ({east_km} km east, {north_km} km north; a gap of {gap_km} km): a wrong "
        "coordinate system, e.g. a .prj of another VN-2000 zone?; no village was imported",
    },
    "villages.boundary_differs": {
        "vi": "thôn “{name}” đã đăng ký với ranh giới khác",
        "en": "village {name!r} is already registered with a different boundary",
    },
    "villages.point_left_outside": {
        "vi": "điểm {point} nằm ngoài mọi thôn theo ranh giới mới; vẫn giữ ở thôn {village}",
        "en": "point {point} lies outside every village with the new outlines; kept in {village}",
    },
    "villages.effective_without_replace": {
        "vi": "ngày hiệu lực {value} chỉ dùng khi thay ranh giới thôn",
        "en": "the effective date {value} goes with replacing village outlines",
    },
    # --- gis/ingest: a new point's rules (points import and points add) -------------------------
    "point.unknown_kind": {
        "vi": "loại điểm không hợp lệ; cần household (hộ gia đình), agency (cơ quan, tổ chức) "
        "hoặc heritage (khu di tích)",
        "en": "unknown kind; expected household, agency or heritage",
    },
    "point.agency_needs_name": {
        "vi": "cơ quan, tổ chức phải có tên (tên được in trên biển địa chỉ số)",
        "en": "an agency needs a name (it is printed on the plate)",
    },
    "point.heritage_needs_name": {
        "vi": "khu di tích phải có tên (tên được in trên biển địa chỉ số)",
        "en": "a heritage site needs a name (it is printed on the plate)",
    },
    "point.outside_villages": {
        "vi": "nằm ngoài mọi thôn của {commune} (cách thôn gần nhất khoảng {distance_m} m); điểm "
        "phải nằm trong một thôn của xã",
        "en": "outside every village of {commune} (about {distance_m} m from the nearest); "
        "expected a point inside one of its villages",
    },
    "point.duplicate_of_registered": {
        "vi": "trùng với điểm đã đăng ký {other} (cách {metres} m, cùng tên hoặc cùng mã tham "
        "chiếu); mỗi địa chỉ chỉ được đăng ký một lần",
        "en": "duplicate of registered point {other} ({metres} m away, same name or "
        "reference); expected each address once",
    },
    "point.duplicate_of_row": {
        "vi": "trùng với dòng {other_row} (cách {metres} m, cùng tên hoặc cùng mã tham chiếu); "
        "mỗi địa chỉ chỉ được đăng ký một lần",
        "en": "duplicate of row {other_row} ({metres} m away, same name or reference); "
        "expected each address once",
    },
    "point.near_registered": {
        "vi": "cùng một khuôn viên? cách điểm đã đăng ký {other} {metres} m; vẫn nhập",
        "en": "same site? {metres} m from registered point {other}; imported",
    },
    "point.near_row": {
        "vi": "cùng một khuôn viên? cách dòng {other_row} {metres} m; vẫn nhập",
        "en": "same site? {metres} m from row {other_row}; imported",
    },
    "point.repeated_ref": {
        "vi": "mã tham chiếu này đã có ở dòng {other_row}; mỗi mã tham chiếu chỉ được dùng một lần",
        "en": "the same reference is on row {other_row}; expected each reference once",
    },
    # --- gis/ingest: legacy-encoded text ---------------------------------------------------------
    "text.bad_byte": {
        "vi": "không giải mã được {shown} theo bảng mã {tried}: byte {byte} ở vị trí {position}",
        "en": "cannot decode {shown} as {tried}: byte {byte} at {position}",
    },
    "text.not_single_byte": {
        "vi": "không giải mã được {shown} theo bảng mã {tried}: có ký tự không thuộc bảng mã "
        "một byte nào",
        "en": "cannot decode {shown} as {tried}: it holds characters that no single-byte text has",
    },
    "text.replacement_character": {
        "vi": "không giải mã được {shown} theo bảng mã {tried}: ký tự thay thế U+FFFD ở vị trí "
        "{position}: dữ liệu gốc đã mất",
        "en": "cannot decode {shown} as {tried}: U+FFFD REPLACEMENT CHARACTER at position "
        "{position}: the bytes were lost",
    },
    "text.control_character": {
        "vi": "không giải mã được {shown} theo bảng mã {tried}: ký tự điều khiển {char} ở vị "
        "trí {position}",
        "en": "cannot decode {shown} as {tried}: control character {char} at {position}",
    },
    # --- gis/views: the Excel export, a sheet for people --------------------------------------
    "export.column.code": {"vi": "Mã địa chỉ số", "en": "Digital address code"},
    "export.column.code_display": {"vi": "Mã địa chỉ số (như trên biển)", "en": "Code as printed"},
    "export.column.plus_code": {"vi": "Mã vị trí (Plus Code)", "en": "Plus Code"},
    "export.column.kind": {"vi": "Loại", "en": "Kind"},
    "export.column.name": {"vi": "Tên", "en": "Name"},
    "export.column.village": {"vi": "Thôn", "en": "Village"},
    "export.column.status": {"vi": "Trạng thái", "en": "Status"},
    "export.column.ref": {"vi": "Mã tham chiếu", "en": "Source reference"},
    "export.column.lon": {"vi": "Kinh độ", "en": "Longitude"},
    "export.column.lat": {"vi": "Vĩ độ", "en": "Latitude"},
    "export.yes": {"vi": "Có", "en": "Yes"},
    "export.no": {"vi": "Không", "en": "No"},
    # --- api/web: the web's own refusals (their codes stay coarse: rate_limited, invalid_body…) ---
    "web.sign_in_first": {
        "vi": "hãy đăng nhập trước (bằng đường link đăng nhập, hoặc mã truy cập API)",
        "en": "sign in first (with a sign-in link, or an API token)",
    },
    "web.csrf": {
        "vi": "thiếu mã bảo vệ (CSRF) của phiên đăng nhập hoặc mã không đúng: hãy tải lại trang",
        "en": "the session's CSRF token is missing or wrong: reload the page",
    },
    "web.officers_only": {
        "vi": "chỉ cán bộ xã hoặc quản trị viên mới làm được việc này",
        "en": "only an officer or an administrator may do this",
    },
    "web.rate_limited": {
        "vi": "đăng nhập quá nhiều lần: hãy chờ vài phút rồi thử lại",
        "en": "too many sign-in attempts: wait a few minutes",
    },
    "web.bbox_shape": {
        "vi": "khung “{value}” không đúng dạng: cần bốn số kinh độ, vĩ độ nhỏ nhất, kinh độ, "
        "vĩ độ lớn nhất, cách nhau bằng dấu phẩy",
        "en": "bbox {value!r}: expected minlon,minlat,maxlon,maxlat",
    },
    "web.bbox_range": {
        "vi": "khung “{value}” không hợp lệ: số nhỏ nhất phải không lớn hơn số lớn nhất, kinh độ "
        "từ -180 đến 180, vĩ độ từ -90 đến 90",
        "en": "bbox {value!r}: expected min ≤ max, within -180..180 and -90..90",
    },
    "web.bad_cursor": {
        "vi": "con trỏ trang không phải do hệ thống cấp: hãy bắt đầu lại từ trang đầu",
        "en": "cursor: not one this API gave; start again without it",
    },
    "web.no_such_page": {
        "vi": "không có trang này",
        "en": "no such page",
    },
    "web.method": {
        "vi": "địa chỉ này không nhận kiểu yêu cầu đó",
        "en": "this address does not take that kind of request",
    },
    "web.http_error": {
        "vi": "yêu cầu không thực hiện được (mã HTTP {status})",
        "en": "the request could not be done (HTTP status {status})",
    },
    "web.body.invalid": {
        "vi": "giá trị không hợp lệ",
        "en": "invalid value",
    },
    "web.body.missing": {
        "vi": "thiếu giá trị",
        "en": "missing",
    },
    "web.body.not_a_number": {
        "vi": "không phải là số",
        "en": "not a number",
    },
    "web.body.too_small": {
        "vi": "phải lớn hơn {gt}",
        "en": "expected more than {gt}",
    },
    "web.body.too_large": {
        "vi": "phải nhỏ hơn {lt}",
        "en": "expected less than {lt}",
    },
    "web.body.at_least": {
        "vi": "phải từ {ge} trở lên",
        "en": "expected at least {ge}",
    },
    "web.body.at_most": {
        "vi": "phải không quá {le}",
        "en": "expected at most {le}",
    },
    "web.body.too_long": {
        "vi": "dài quá: tối đa {max_length} ký tự",
        "en": "too long: at most {max_length} characters",
    },
    "web.body.too_short": {
        "vi": "ngắn quá: tối thiểu {min_length} ký tự",
        "en": "too short: at least {min_length} characters",
    },
    "web.body.one_of": {
        "vi": "cần một trong các giá trị {expected}",
        "en": "expected one of {expected}",
    },
    "web.body.not_json": {
        "vi": "nội dung gửi lên phải là JSON hoặc biểu mẫu nhiều phần",
        "en": "expected a JSON body or a multipart form",
    },
    # --- the faces' own refusals (api/: the command line, the web app, the services) ---------
    "date.invalid": {
        "vi": "{value!r} không phải là một ngày; cần dạng {expected}",
        "en": "{value!r} is not a date; expected {expected}",
    },
    "village.effective_without_rename": {
        "vi": "ngày có hiệu lực chỉ dùng khi đổi tên thôn",
        "en": "a date of effect is only for a new name of the village",
    },
    "reprint.selection": {
        "vi": "hãy chọn các biển cần in lại theo mã của chúng, hoặc chọn các biển có địa chỉ đã "
        "cũ (có thể theo thôn), không chọn cả hai",
        "en": "choose the plates to re-print by their codes, or the stale ones (by village if "
        "you like), not both",
    },
    "reprint.nothing_stale": {
        "vi": "không có biển nào có địa chỉ đã cũ ở {where}: mọi biển đã in đều ghi đúng địa chỉ",
        "en": "no stale plate in {where}: every printed plate says its address",
    },
}


class _Missing(dict[str, Any]):
    """Format fields with no value render as ``?`` rather than failing."""

    def __missing__(self, key: str) -> str:
        return "?"


def N_(msgid: str) -> str:
    """Mark an id for extraction (gettext's name for it) where it is written but looked up
    later — a table of codes, a key chosen at run time; returns it unchanged."""
    return msgid


@cache
def _compiled(lang: str) -> dict[str, str]:
    """The compiled catalog of ``lang`` as id → template (empty for an unknown language)."""
    path = mo_path(lang)
    if lang not in LANGUAGES or not path.is_file():
        return {}
    with path.open("rb") as f:
        catalog = read_mo(f)
    return {
        m.id: m.string
        for m in catalog
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string
    }


def _lookup(msgid: str, lang: str) -> str | None:
    """The template of ``msgid`` in exactly ``lang``: the compiled catalog, else (transition)
    the MESSAGES dict."""
    return _compiled(lang).get(msgid) or MESSAGES.get(msgid, {}).get(lang)


def template(msgid: str, lang: str) -> str | None:
    """The unformatted template of ``msgid`` in ``lang``, else in English; None when the catalog
    lacks it (for a face that formats it later, e.g. in the browser)."""
    return _lookup(msgid, lang) or _lookup(msgid, FALLBACK_LANG)


def has_message(code: str, lang: str = "en") -> bool:
    """Whether ``code`` has a text in ``lang`` itself (no fallback)."""
    return _lookup(code, lang) is not None


def message(code: str, lang: str = "en", /, **arguments: Any) -> str:
    """The sentence for ``code`` in ``lang`` (English when the language lacks it)."""
    text = template(code, lang)
    if text is None and " " in code:
        return code  # transition: a sentence raised where a code belongs renders as written
    if text is None:
        data = ", ".join(f"{k}={v!r}" for k, v in arguments.items() if v is not None)
        return f"{code} ({data})" if data else code
    return text.format_map(_Missing(arguments))


def t(key: str, lang: str, /, **arguments: Any) -> str:
    """A word or sentence of a face (a page, a table, a prompt) by its key, in ``lang``;
    ``scripts/messages.py`` extracts the keys of these calls."""
    return message(key, lang, **arguments)
