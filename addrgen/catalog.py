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
