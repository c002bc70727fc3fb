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

#: What an id looks like: dotted lower-case words, digits after their first letter
#: (``code.check_digit``, ``page.js.ok``, ``import.vn2000_needs_zone``).
CODE_PATTERN = r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+$"

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
    "code.check_digit": {  # never the right digit: that would turn a typo into a neighbour's code
        "vi": "sai số kiểm tra: {value!r} không phải là mã địa chỉ hợp lệ — có một chữ số gõ "
        "nhầm hoặc hai chữ số cạnh nhau bị đảo chỗ; hãy đối chiếu lại với mã trên biển hoặc giấy "
        "báo",
        "en": "check digit mismatch: {value!r} is not a valid address code — a digit is "
        "mistyped or two neighbouring digits are swapped; compare it with the code on the plate "
        "or the letter",
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
        "vi": "{value!r} không phải là plus code hợp lệ: plus code có đúng một dấu “+”",
        "en": "{value!r} is not a valid plus code: a plus code has exactly one '+'",
    },
    "pluscode.no_digits": {
        "vi": "{value!r} không phải là plus code hợp lệ: ngoài dấu “+” plus code phải có chữ số",
        "en": "{value!r} is not a valid plus code: a plus code has digits besides the separator",
    },
    "pluscode.separator_position": {
        "vi": "{value!r} không phải là plus code hợp lệ: dấu “+” phải đứng sau một số chẵn chữ số, "
        "nhiều nhất là tám",
        "en": "{value!r} is not a valid plus code: the '+' must follow an even number of "
        "digits, at most eight",
    },
    "pluscode.padding_in_short": {
        "vi": "{value!r} không phải là plus code hợp lệ: mã rút gọn không được có số đệm “0”",
        "en": "{value!r} is not a valid plus code: a short code cannot contain padding '0'",
    },
    "pluscode.leading_padding": {
        "vi": "{value!r} không phải là plus code hợp lệ: plus code không được bắt đầu bằng số "
        "đệm “0”",
        "en": "{value!r} is not a valid plus code: a plus code cannot start with padding '0'",
    },
    "pluscode.padding_run": {
        "vi": "{value!r} không phải là plus code hợp lệ: số đệm “0” phải liền nhau và có số lượng "
        "chẵn",
        "en": "{value!r} is not a valid plus code: padding '0' must be one run of an even "
        "number of characters",
    },
    "pluscode.padding_end": {
        "vi": "{value!r} không phải là plus code hợp lệ: mã có số đệm phải kết thúc bằng dấu “+”",
        "en": "{value!r} is not a valid plus code: a padded code must end with the separator",
    },
    "pluscode.single_last_digit": {
        "vi": "{value!r} không phải là plus code hợp lệ: không được chỉ có một chữ số sau dấu “+”",
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
    "import.vn2000_needs_zone": {
        "vi": "“{value}” chưa nói múi chiếu VN-2000 nào; hãy ghi ví dụ “VN-2000 Hà Tĩnh” hoặc "
        "mã EPSG của múi (EPSG:9209 cho Hà Tĩnh, kinh tuyến trục 105°30')",
        "en": "{value!r} names no VN-2000 zone; give e.g. 'VN-2000 Hà Tĩnh' or the zone's EPSG "
        "code (EPSG:9209 for Hà Tĩnh, central meridian 105°30')",
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
    # --- gis/ingest: files that are not what their name says, layers, text rules -----------------
    "import.no_rows": {
        "vi": "{file}: tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề)",
        "en": "{file}: the file holds no rows (a header only)",
    },
    "import.old_or_protected_workbook": {
        "vi": "{file}: đây là sổ tính Excel 97-2003 (.xls) hoặc sổ tính có đặt mật khẩu; hãy mở "
        "bằng Excel và lưu lại dạng .xlsx (Excel Workbook), không đặt mật khẩu",
        "en": "{file}: an Excel 97-2003 workbook (.xls) or a password-protected one; open it in "
        "Excel and save it as .xlsx (Excel Workbook) without a password",
    },
    "import.text_not_workbook": {
        "vi": "{file}: tệp là văn bản (CSV), không phải sổ tính Excel; hãy đổi đuôi tệp thành .csv",
        "en": "{file}: the file is text (CSV), not an Excel workbook; rename it to .csv",
    },
    "import.not_a_workbook": {
        "vi": "{file}: không phải sổ tính Excel (.xlsx)",
        "en": "{file}: not an Excel workbook (.xlsx)",
    },
    "import.several_layers": {
        "vi": "{file}: tệp có {count} lớp dữ liệu ({layers}); hãy chọn một lớp",
        "en": "{file}: the file has {count} layers ({layers}); choose one",
    },
    "import.no_such_layer": {
        "vi": "{file}: không có lớp “{value}”; các lớp là {layers}",
        "en": "{file}: no layer {value!r}; the layers are {layers}",
    },
    "import.no_points": {
        "vi": "{file}: tệp không có điểm nào, chỉ có {kinds} (có phải tệp ranh giới thôn?)",
        "en": "{file}: the file holds no points, only {kinds} (is it a village boundary file?)",
    },
    "import.no_such_sheet": {
        "vi": "{file}: không có trang tính “{value}”; các trang là {sheets}",
        "en": "{file}: no sheet {value!r}; the sheets are {sheets}",
    },
    "import.no_such_header_row": {
        "vi": "{file}: trang “{sheet}” không có dòng {value}",
        "en": "{file}: sheet {sheet!r} has no row {value}",
    },
    "import.table_found": {
        "vi": "đọc bảng ở trang “{sheet}”, dòng tiêu đề {header_row}",
        "en": "read the table on sheet {sheet!r}, header row {header_row}",
    },
    "import.signature_block": {
        "vi": "phần ký tên dưới bảng (trang “{sheet}”, {rows} dòng): hết dữ liệu, không đọc",
        "en": "a signature block under the table (sheet {sheet!r}, {rows} rows): the end of the "
        "data, not read",
    },
    "import.duplicate_column": {
        "vi": "{file}: có hai cột cùng tên “{value}”; hãy đổi tên một cột",
        "en": "{file}: two columns are named {value!r}; rename one of them",
    },
    "import.wrong_encoding": {
        "vi": "{file}: đọc theo bảng mã {value} thì chữ không phải tiếng Việt; tệp có vẻ dùng bảng "
        "mã {likely}",
        "en": "{file}: read as {value} the text is not Vietnamese; the file looks like {likely}",
    },
    "import.no_geometry": {
        "vi": "đối tượng không có hình học; cần một điểm",
        "en": "a feature without geometry; expected a point",
    },
    "import.too_long": {
        "vi": "dài {length} ký tự; tối đa {limit} ký tự",
        "en": "{length} characters long; at most {limit}",
    },
    "import.glyph_missing": {
        "vi": "có ký tự mà phông chữ của biển địa chỉ số không in được: {chars}",
        "en": "holds characters the plate's font cannot print: {chars}",
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
    # --- gis/registry: the registry, communes, villages ---------------------------------------
    "registry.no_commune": {
        "vi": "sổ đăng ký chưa có xã nào",
        "en": "the registry has no commune yet",
    },
    "registry.schema_outdated": {
        "vi": "sổ đăng ký tại {value} chưa có cấu trúc dữ liệu mới nhất: cần chuẩn bị sổ trước",
        "en": "the registry at {value} does not have the newest schema: prepare it first",
    },
    "commune.name_empty": {
        "vi": "tên xã đang để trống",
        "en": "the commune's name is empty",
    },
    "commune.bad_code": {
        "vi": "mã thống kê của xã “{value}” không hợp lệ: mã chỉ gồm chữ số",
        "en": "commune code {value!r}: expected the statistics code digits",
    },
    "commune.bad_area_number": {
        "vi": "số vùng {value} không hợp lệ: cần một số có 5 chữ số (0–99999)",
        "en": "area number {value}: expected a 5-digit number (0–99999)",
    },
    "commune.exists": {
        "vi": "sổ đăng ký đã có “{name}” (mã {commune_code}, số vùng {area_number:05d}); tên, "
        "mã và số vùng của mỗi xã không được trùng nhau",
        "en": "the registry already holds {name!r} (code {commune_code}, area number "
        "{area_number:05d}); a commune's name, code and area number must be unique",
    },
    "commune.not_found": {
        "vi": "sổ đăng ký không có xã nào tên “{value}” (sổ có: {known})",
        "en": "no commune named {value!r} in this registry (it holds: {known})",
    },
    "commune.ambiguous": {
        "vi": "sổ đăng ký có {count} xã ({known}): cần nêu tên một xã",
        "en": "this registry holds {count} communes ({known}): expected the name of one",
    },
    "commune.name_taken": {
        "vi": "sổ đăng ký đã có một xã khác tên “{value}”",
        "en": "another commune of the registry is called {value!r}",
    },
    "commune.already_merged": {
        "vi": "{value} đã được sáp nhập vào một xã khác",
        "en": "{value} was already merged into another commune",
    },
    "commune.no_villages": {
        "vi": "{commune} chưa có thôn nào: cần nhập ranh giới các thôn trước",
        "en": "{commune} has no villages yet: import their boundaries first",
    },
    "village.not_found": {
        "vi": "{commune} không có thôn nào tên “{value}” (xã có: {known})",
        "en": "no village named {value!r} in {commune} (it has: {known})",
    },
    "village.name_empty": {
        "vi": "tên mới của thôn đang để trống",
        "en": "the village's new name is empty",
    },
    "village.name_taken": {
        "vi": "{commune} đã có một thôn tên “{value}”: cần một tên chưa thôn nào dùng",
        "en": "{commune} already has a village called {value!r}: expected a name no other "
        "village has",
    },
    "village.bad_expected": {
        "vi": "số địa chỉ dự kiến {value} không hợp lệ: cần một số từ 0 trở lên",
        "en": "expected address count {value}: expected a count of 0 or more",
    },
    # --- gis/registry: the villages import -------------------------------------------------
    "villages.not_a_layer": {
        "vi": "{value}: ranh giới thôn cần một lớp dữ liệu GIS có vùng (polygon)",
        "en": "{value}: village boundaries need a GIS layer with polygons",
    },
    "villages.no_column": {
        "vi": "{file}: không có cột “{value}”; các cột là {columns}",
        "en": "{file}: no column {value!r}; columns are {columns}",
    },
    "villages.no_name_column": {
        "vi": "{file}: không tìm thấy cột tên thôn (đã tìm {looked_for}); các cột là {columns}",
        "en": "{file}: no name column found (looked for {looked_for}); columns are {columns}",
    },
    "villages.unknown_crs": {
        "vi": "“{value}” không phải là một hệ tọa độ đã biết ({reason})",
        "en": "{value!r}: not a known coordinate system ({reason})",
    },
    "villages.no_name": {
        "vi": "thôn không có tên",
        "en": "the village has no name",
    },
    "villages.no_boundary": {
        "vi": "{name}: không có vùng ranh giới",
        "en": "{name}: no boundary polygon",
    },
    "villages.not_polygon": {
        "vi": "{name}: ranh giới thôn phải là một vùng (polygon)",
        "en": "{name}: expected a polygon boundary",
    },
    "villages.polygon_repaired": {
        "vi": "{name}: vùng ranh giới bị lỗi ({reason}) đã được sửa",
        "en": "{name}: invalid polygon ({reason}) repaired",
    },
    "villages.polygon_invalid": {
        "vi": "{name}: vùng ranh giới bị lỗi ({reason}) và không tự sửa được; hãy sửa trong "
        "phần mềm GIS",
        "en": "{name}: invalid polygon ({reason}) that cannot be repaired; fix it in your GIS",
    },
    "villages.bad_expected": {
        "vi": "số địa chỉ dự kiến phải là một số nguyên từ 0 trở lên",
        "en": "expected a whole number of addresses (0 or more)",
    },
    "villages.duplicate_name": {
        "vi": "tên thôn này đã có ở dòng {first_row}; mỗi thôn chỉ có một dòng",
        "en": "the same village name is on row {first_row}; expected one row per village",
    },
    "villages.overlap": {
        # No thousands separator in Vietnamese: "1,234" would read as a decimal there.
        "vi": "thôn “{first}” và thôn “{second}” chồng lên nhau khoảng {area_m2:.0f} m²; điểm "
        "nằm ở phần chồng nhau được xếp vào thôn đăng ký trước",
        "en": "villages {first!r} and {second!r} overlap by about {area_m2:,.0f} m²; a point "
        "there is placed in the one registered first",
    },
    # --- gis/registry: points, issuing, print batches ---------------------------------------
    "position.bad_latitude": {
        "vi": "vĩ độ {value} không hợp lệ: cần từ -90 đến 90",
        "en": "latitude {value}: expected -90 to 90",
    },
    "position.bad_longitude": {
        "vi": "kinh độ {value} không hợp lệ: cần từ -180 đến 180",
        "en": "longitude {value}: expected -180 to 180",
    },
    "point.no_id": {
        "vi": "không có điểm địa chỉ nào mang số {value}",
        "en": "no point with id {value}",
    },
    "point.not_found": {
        "vi": "{commune} không có điểm địa chỉ nào có mã, mã tham chiếu hoặc số “{value}”",
        "en": "no point with code, reference or number {value!r} in {commune}",
    },
    "point.not_in_commune": {
        "vi": "mã {value} không có trong sổ đăng ký của {commune}",
        "en": "code {value} is not in the registry of {commune}",
    },
    "point.not_in_registry": {
        "vi": "mã {value} không có trong sổ đăng ký địa chỉ số",
        "en": "code {value} is not in the registry",
    },
    "point.national_not_found": {
        "vi": "{commune} không có điểm địa chỉ nào có mã bắt đầu bằng {value}",
        "en": "no point whose code starts with {value} in {commune}",
    },
    "point.duplicate_ref": {
        "vi": "mã tham chiếu “{value}” đã được đăng ký ở {commune}",
        "en": "reference {value!r} is already registered in {commune}",
    },
    "point.nothing_to_change": {
        "vi": "không có gì để thay đổi: cần tên, loại, số nhà hoặc tên đường mới",
        "en": "nothing to change: expected a new name, kind, house number or street",
    },
    "point.bad_status": {
        "vi": "trạng thái “{value}” không hợp lệ: cần một trong {expected}",
        "en": "status {value!r}: expected one of {expected}",
    },
    "point.name_required": {
        "vi": "điểm loại {kind} cần có tên (tên được in trên biển địa chỉ số)",
        "en": "{kind} points need a name (it is printed on the plate)",
    },
    "point.move_outside_villages": {
        "vi": "vị trí {lat}, {lon} nằm ngoài mọi thôn của {commune}: vị trí phải nằm trong một "
        "thôn của xã",
        "en": "position {lat}, {lon} is outside every village of {commune}; expected a position "
        "inside one of its villages",
    },
    "point.same_address_near": {
        "vi": "vị trí {lat}, {lon} cách điểm đã đăng ký {other} {metres:.1f} m, cùng tên hoặc cùng "
        "mã tham chiếu; mỗi địa chỉ chỉ đăng ký một lần (hãy thu hồi một trong hai điểm thay vì "
        "dời điểm này chồng lên điểm kia)",
        "en": "position {lat}, {lon}: {metres:.1f} m from registered point {other}, with the same "
        "name or reference; expected each address once (retire one of the two instead of "
        "moving it onto the other)",
    },
    "point.moved_near": {
        "vi": "cùng một nơi? cách điểm đã đăng ký {other} {metres:.1f} m; đã dời",
        "en": "same site? {metres:.1f} m from registered point {other}; moved",
    },
    "point.no_reason": {
        "vi": "chưa nêu lý do thu hồi điểm",
        "en": "no reason given: say why the point is retired",
    },
    "point.retired": {
        "vi": "điểm {value} đã bị thu hồi ({reason}); không thể thay đổi",
        "en": "point {value} is retired ({reason}); it cannot change",
    },
    "point.moved_commune": {
        "vi": "{value} vừa chuyển sang xã khác; hãy thử lại",
        "en": "{value} changed commune just now; try again",
    },
    "issue.serials_exhausted": {
        "vi": "số vùng {area_number:05d} chỉ còn {left} số thứ tự mà có {count} điểm cần cấp mã; "
        "xã cần thêm một số vùng thứ hai",
        "en": "area {area_number:05d} has {left} serials left and {count} points need codes; "
        "the commune needs a second area number",
    },
    "batch.nothing_to_print": {
        "vi": "không có gì để in: không có điểm đã cấp mã nào đang chờ in biển ở {where}",
        "en": "nothing to print: no coded point waiting for a plate in {where}",
    },
    "batch.nothing_of_kind": {
        "vi": "không có gì để in: không có điểm loại {kinds} đã cấp mã nào đang chờ in biển ở "
        "{where}",
        "en": "nothing to print: no coded point waiting for a plate in {where} of kind {kinds}",
    },
    "reprint.no_codes": {
        "vi": "chưa nêu mã của các biển cần in lại",
        "en": "no code given: name the codes of the plates to re-print",
    },
    "reprint.point_retired": {
        "vi": "{value} đã bị thu hồi ({reason})",
        "en": "{value} is retired ({reason})",
    },
    # --- gis/registry: merging registries -----------------------------------------------------
    "merge.no_registry": {
        "vi": "không có sổ đăng ký nào tại {value}",
        "en": "no registry at {value}",
    },
    "merge.schema_outdated": {
        "vi": "sổ đăng ký tại {value} có cấu trúc dữ liệu cũ: hãy nâng cấp sổ bằng phiên bản này "
        "trước rồi mới gộp",
        "en": "the registry at {value} has an older schema: upgrade it with this version "
        "first, then merge",
    },
    "merge.area_number_clash": {
        "vi": "{source}: {commune} có số vùng {area_number:05d}, trùng với {ours} của sổ này; mã "
        "sẽ bị trùng nên chưa gộp gì",
        "en": "{source}: {commune} has area number {area_number:05d}, which {ours} of this "
        "registry already has; codes would collide, so nothing was merged",
    },
    "merge.commune_code_clash": {
        "vi": "{source}: {commune} có mã {commune_code}, trùng với {ours} của sổ này; chưa gộp gì",
        "en": "{source}: {commune} has commune code {commune_code}, which {ours} of this "
        "registry already has; nothing was merged",
    },
    "merge.commune_name_clash": {
        "vi": "{source}: sổ này đã có một xã tên “{commune}”; chưa gộp gì",
        "en": "{source}: this registry already has a commune called {commune!r}; nothing was "
        "merged",
    },
    "merge.code_clash": {
        "vi": "{source}: mã {code} có ở cả hai sổ; mã địa chỉ số là vĩnh viễn và duy nhất nên "
        "chưa gộp gì",
        "en": "{source}: code {code} is in both registries; codes are permanent and unique, so "
        "nothing was merged",
    },
    "merge.user_clash": {
        "vi": "{source}: cả hai sổ đều có người dùng tên “{user}” (tên người dùng không được "
        "trùng): hãy đổi tên hoặc thu hồi một người trước; chưa gộp gì",
        "en": "{source}: both registries have a user called {user!r} (user names are unique): "
        "rename or revoke one first; nothing was merged",
    },
    "merge.counter_clash": {
        "vi": "{source}: số vùng {area_number:05d} đã cấp mã ở cả hai sổ",
        "en": "{source}: area number {area_number:05d} has issued codes in both",
    },
    # --- gis/registry: reorganisations --------------------------------------------------------
    "reorg.no_sources": {
        "vi": "chưa nêu xã nào được sáp nhập",
        "en": "no commune to merge was named",
    },
    "reorg.code_taken": {
        "vi": "{name} đã có mã {commune_code} và số vùng {area_number:05d}: xã mới cần mã và số "
        "vùng riêng",
        "en": "{name} already has code {commune_code} and area number {area_number:05d}: the "
        "new commune needs its own code and area number",
    },
    "reorg.area_number_used": {
        "vi": "số vùng {area_number:05d} đã được dùng để cấp mã",
        "en": "area number {area_number:05d} has already issued codes",
    },
    "reorg.village_name_clash": {
        "vi": "{first} và {second} đều có thôn tên “{value}”, mà {into} chỉ được có một thôn tên "
        "đó: hãy đổi tên một thôn trước",
        "en": "{first} and {second} both have a village called {value!r}, and {into} may have "
        "only one: rename one first",
    },
    "reorg.ref_clash": {
        "vi": "các điểm của những xã được sáp nhập có mã tham chiếu trùng nhau ({refs}…), mà ở "
        "{into} mã tham chiếu không được trùng: hãy đặt mã tham chiếu khác nhau trước",
        "en": "points of the merged communes share source references ({refs}…), which must be "
        "unique within {into}: give them distinct references first",
    },
    "reorg.same_name": {
        "vi": "{commune} đã mang tên “{value}”",
        "en": "{commune} is already called {value!r}",
    },
    "reorg.same_district": {
        "vi": "{commune} đã thuộc {value}",
        "en": "{commune}'s district is already {value}",
    },
    "reorg.no_district_already": {
        "vi": "{commune} đã không thuộc huyện nào",
        "en": "{commune} already has no district",
    },
    "reorg.no_villages_to_merge": {
        "vi": "chưa nêu thôn nào khác ngoài “{into}” để sáp nhập vào thôn đó",
        "en": "no village other than {into!r} was named to merge into it",
    },
    "reorg.future_date": {
        "vi": "ngày hiệu lực {value} là một ngày trong tương lai: chỉ nhập việc sắp xếp từ ngày "
        "nó có hiệu lực (trước ngày đó các đơn vị hiện tại vẫn giữ nguyên)",
        "en": "effective date {value} is in the future: enter a reorganisation on or after the "
        "day it takes effect (until then the current units stand)",
    },
    "reorg.date_order": {
        "vi": "ngày hiệu lực {value}: đơn vị này đã có một lần sắp xếp hiệu lực từ {latest}; các "
        "thay đổi phải nhập theo thứ tự ngày (hãy hủy lần sau trước)",
        "en": "effective date {value}: a reorganisation effective {latest} is already recorded "
        "for this unit; changes are entered in date order (undo the later one first)",
    },
    "reorg.not_found": {
        "vi": "không có lần sắp xếp đơn vị hành chính số {value}",
        "en": "no reorganisation {value}",
    },
    "reorg.already_undone": {
        "vi": "lần sắp xếp số {value} đã được hủy rồi",
        "en": "reorganisation {value} was already undone",
    },
    "reorg.later_builds_on_it": {
        "vi": "lần sắp xếp số {later} ({summary}) được nhập sau lần số {value} và dựa trên lần "
        "đó: hãy hủy lần số {later} trước",
        "en": "reorganisation {later} ({summary}) was entered after {value} and builds on it: "
        "undo {later} first",
    },
    "reorg.merged_commune_changed": {
        "vi": "lần sắp xếp số {later} đã thay đổi xã được lập khi sáp nhập: hãy hủy lần đó trước",
        "en": "reorganisation {later} changed the merged commune: undo it first",
    },
    "reorg.codes_issued": {
        "vi": "đã cấp {issued} mã với số vùng {area_number:05d} của {commune}: mã địa chỉ số là "
        "vĩnh viễn nên không thể hủy lần sáp nhập này",
        "en": "{issued} code(s) were issued with area number {area_number:05d} of {commune}: "
        "codes are permanent, so this merge cannot be undone",
    },
    "reorg.plates_printed": {
        "vi": "đã in {plates} biển địa chỉ số theo lần sắp xếp số {value} (đợt in {batch} và các "
        "đợt sau): không thể hủy nữa; hãy nhập một lần sắp xếp mới",
        "en": "{plates} plate(s) were printed under reorganisation {value} (batch {batch} and "
        "later): it can no longer be undone; enter a new one instead",
    },
    # --- gis/field: accounts and sign-in ------------------------------------------------------
    "user.name_empty": {
        "vi": "tên người dùng đang để trống",
        "en": "the user's name is empty",
    },
    "user.bad_role": {
        "vi": "vai trò “{value}” không hợp lệ: cần admin (quản trị), officer (cán bộ) hoặc "
        "volunteer (đoàn viên)",
        "en": "role {value!r}: expected admin, officer or volunteer",
    },
    "user.volunteer_needs_village": {
        "vi": "đoàn viên làm việc theo thôn: cần nêu ít nhất một thôn",
        "en": "a volunteer works in villages: expected one or more",
    },
    "user.villages_for_volunteers": {
        "vi": "chỉ đoàn viên mới được giao thôn; vai trò {role} không gắn với thôn",
        "en": "villages are for volunteers; an {role} is not scoped to villages",
    },
    "user.exists": {
        "vi": "đã có người dùng tên “{value}”; hãy chọn tên khác",
        "en": "a user named {value!r} already exists; choose another name",
    },
    "user.not_found": {
        "vi": "không có người dùng nào tên “{value}”",
        "en": "no user named {value!r}",
    },
    "auth.link_invalid": {
        "vi": "đường link đăng nhập này không hợp lệ: hãy xin cán bộ một link mới",
        "en": "this sign-in link is not valid: ask the officer for a new one",
    },
    "auth.link_spent": {
        "vi": "đường link đăng nhập này đã được dùng: hãy xin một link mới",
        "en": "this sign-in link has already been used: ask for a new one",
    },
    "auth.link_expired": {
        "vi": "đường link đăng nhập này đã hết hạn: hãy xin cán bộ một link mới",
        "en": "this sign-in link has expired: ask the officer for a new one",
    },
    "auth.token_invalid": {
        "vi": "mã truy cập API này không hợp lệ",
        "en": "this API token is not valid",
    },
    "auth.session_ended": {
        "vi": "phiên đăng nhập đã kết thúc: hãy đăng nhập lại bằng một link mới",
        "en": "your session has ended: sign in again with a new link",
    },
    "auth.revoked": {
        "vi": "tài khoản này đã bị thu hồi",
        "en": "this account has been revoked",
    },
    "auth.village_not_allowed": {
        "vi": "{user} không được xác nhận biển địa chỉ số ở {village}",
        "en": "{user} may not confirm plates in {village}",
    },
    "auth.report_not_allowed": {
        "vi": "{user} không được báo sự cố về các điểm ở {village}",
        "en": "{user} may not report on points in {village}",
    },
    "auth.close_not_allowed": {
        "vi": "{user} không được đóng các báo cáo sự cố ở đây",
        "en": "{user} may not close reports here",
    },
    "auth.review_not_allowed": {
        "vi": "{user} không được bỏ dấu cần kiểm tra ở đây",
        "en": "{user} may not clear review flags here",
    },
    # --- gis/field: installations, reports, review -------------------------------------------
    "install.bad_accuracy": {
        "vi": "độ chính xác {value} m không hợp lệ: cần từ 0 đến {max_m:g} m; hãy chờ điện thoại "
        "định vị tốt hơn rồi xác nhận lại",
        "en": "accuracy {value} m: expected 0 to {max_m:g} metres; wait for a better position "
        "fix and confirm again",
    },
    "install.bad_client_id": {
        "vi": "mã máy gửi phải có từ 1 đến 64 ký tự",
        "en": "client id: expected 1 to 64 characters",
    },
    "install.photo_too_large": {
        "vi": "ảnh {size_mb:.1f} MB quá lớn: tối đa {max_mb:g} MB",
        "en": "photo of {size_mb:.1f} MB: expected at most {max_mb:g} MB",
    },
    "install.photo_not_image": {
        "vi": "tệp gửi kèm không phải là ảnh (cần JPEG, PNG, WebP, GIF hoặc HEIC)",
        "en": "photo: not an image (expected JPEG, PNG, WebP, GIF or HEIC)",
    },
    "install.code_unverified": {
        "vi": "{value} không có chữ số kiểm tra: cần đủ mã 11 chữ số để xác nhận biển",
        "en": "{value} carries no check digit: a plate is confirmed with the full 11-digit code",
    },
    "install.point_retired": {
        "vi": "{value} đã bị thu hồi ({reason}); không có biển nào để gắn",
        "en": "{value} is retired ({reason}); no plate to fix",
    },
    "report.bad_reason": {
        "vi": "lý do “{value}” không hợp lệ: cần một trong {expected}",
        "en": "reason {value!r}: expected one of {expected}",
    },
    "report.note_empty": {
        "vi": "chưa có ghi chú: hãy ghi đã xử lý sự cố thế nào",
        "en": "the note is empty: say what was done about the report",
    },
    "report.not_found": {
        "vi": "không có báo cáo sự cố số {value}",
        "en": "no report number {value}",
    },
    "report.already_closed": {
        "vi": "báo cáo sự cố số {value} đã được đóng",
        "en": "report {value} is already closed",
    },
    "review.note_empty": {
        "vi": "chưa có ghi chú: hãy ghi vì sao có thể bỏ dấu cần kiểm tra",
        "en": "the note is empty: say why the flag can be cleared",
    },
    "review.not_flagged": {
        "vi": "{value} không có dấu cần kiểm tra",
        "en": "{value} is not flagged for review",
    },
    # --- gis/views: the public face, the map, exports -----------------------------------------
    "listing.bad_limit": {
        "vi": "giới hạn {value} không hợp lệ: cần từ 1 đến {max}",
        "en": "limit {value}: expected 1 to {max}",
    },
    "map.bad_bbox": {
        "vi": "khung bản đồ “{value}” không hợp lệ: cần minlon,minlat,maxlon,maxlat",
        "en": "bbox {value!r}: expected minlon,minlat,maxlon,maxlat",
    },
    "map.bbox_out_of_range": {
        "vi": "khung bản đồ “{value}” không hợp lệ: cần min ≤ max, kinh độ trong -180..180, vĩ "
        "độ trong -90..90",
        "en": "bbox {value!r}: expected min ≤ max within -180..180, -90..90",
    },
    "map.bad_zoom": {
        "vi": "mức thu phóng {value} không hợp lệ: cần từ 0 đến 22",
        "en": "zoom {value}: expected 0 to 22",
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
