"""The pages' words, in Vietnamese (the default) and English.

The language is ``?lang=vi|en`` when given, else the first of the two the browser's
Accept-Language prefers (see :func:`api.web.deps.lang_of` for the address page's own rule)."""

from __future__ import annotations

from addrgen.vocab import Kind, Lang, Reason, Status, label

__all__ = ["TEXTS", "Lang", "pick_lang"]


def _vocabulary(lang: Lang) -> dict[str, str]:
    """'kind.<kind>', 'status.<status>' and 'report.<reason>': the labels of addrgen.vocab,
    their one home (the plates and the dashboard read the same)."""
    return {
        **{f"kind.{k}": label(k, lang) for k in Kind},
        **{f"status.{s}": label(s, lang) for s in Status},
        **{f"report.{r}": label(r, lang) for r in Reason},
    }


TEXTS: dict[Lang, dict[str, str]] = {
    "vi": {
        **_vocabulary("vi"),
        "title": "Địa chỉ số",
        "other_lang": "English",
        "other_lang_code": "en",
        "code": "Mã địa chỉ số",
        "kind": "Loại",
        "name": "Tên",
        "address": "Địa chỉ",
        "formerly": "trước đây",
        "plus_code": "Mã vị trí (Plus Code)",
        "status": "Trạng thái",
        "directions": "Chỉ đường",
        "google": "Google Maps",
        "osm": "OpenStreetMap",
        "retired": "Địa chỉ này đã bị thu hồi và không còn sử dụng. Mã vẫn được giữ trong sổ.",
        "unverified": (
            "Mã bạn nhập chỉ có 10 chữ số, không có chữ số kiểm tra: hãy đối chiếu với mã "
            "đầy đủ trên biển."
        ),
        "not_found.title": "Không tìm thấy",
        "not_found.code": "Mã {code} không có trong sổ đăng ký địa chỉ số.",
        "check_digit": (
            "Mã {code} không hợp lệ: chữ số kiểm tra không khớp. Có thể một chữ số bị gõ nhầm "
            "hoặc hai chữ số bị đảo chỗ — hãy kiểm tra lại mã trên biển."
        ),
        "bad_code": "{code} không phải là mã địa chỉ số (mã gồm 11 chữ số).",
        "error.title": "Có lỗi",
        "error.generic": "Yêu cầu không thực hiện được: {message}",
        "home": "Về trang chủ",
        "confirm.button": "Xác nhận đã gắn biển",
        "confirm.hello": "Xin chào {name}.",
        "confirm.not_yours": "Bạn không phụ trách thôn này nên không thể xác nhận biển ở đây.",
        "report.button": "Báo sự cố",
        "report.reason": "Vấn đề",
        "report.note": "Ghi chú",
        "signin.title": "Đăng nhập tình nguyện viên",
        "signin.intro": "Liên kết đăng nhập dành cho {name}. Chỉ dùng được một lần.",
        "signin.button": "Đăng nhập",
        "signin.done": (
            "Đã đăng nhập: {name}. Hãy quét mã QR trên biển địa chỉ bằng máy ảnh của điện thoại "
            "để xác nhận biển đã gắn."
        ),
        "signin.bad": "Liên kết đăng nhập không dùng được: {message}",
        "home.intro": "Sổ đăng ký địa chỉ số. Quét mã QR trên biển địa chỉ để xem vị trí.",
        "js.locating": "Đang lấy vị trí…",
        "js.accuracy": "Độ chính xác: ±{m} m",
        "js.sending": "Đang gửi…",
        "js.ok": "Đã xác nhận: biển đã gắn. Cách vị trí đăng ký {d} m.",
        "js.review": (
            "Đã ghi nhận, nhưng vị trí cách điểm đăng ký {d} m (độ chính xác ±{m} m): cán bộ sẽ "
            "kiểm tra lại."
        ),
        "js.already": "Biển này đã được xác nhận trước đó ({when}). Không có gì thay đổi.",
        "js.saved": "Không có mạng: đã lưu xác nhận trên máy, sẽ tự gửi khi có mạng trở lại.",
        "js.sent_later": "Đã gửi xác nhận đã lưu.",
        "js.denied": "Không lấy được vị trí: hãy cho phép trình duyệt truy cập vị trí và thử lại.",
        "js.error": "Không gửi được: {message}",
        "js.reported": "Đã gửi báo cáo sự cố. Cảm ơn bạn.",
        "js.offline": "Không gửi được vì không có mạng: hãy gửi lại khi có mạng.",
    },
    "en": {
        **_vocabulary("en"),
        "title": "Digital address",
        "other_lang": "Tiếng Việt",
        "other_lang_code": "vi",
        "code": "Digital address code",
        "kind": "Kind",
        "name": "Name",
        "address": "Address",
        "formerly": "formerly",
        "plus_code": "Plus Code",
        "status": "Status",
        "directions": "Directions",
        "google": "Google Maps",
        "osm": "OpenStreetMap",
        "retired": "This address has been retired and is no longer in use. Its code stays on "
        "record.",
        "unverified": (
            "The code you gave has 10 digits and no check digit: compare it with the full code "
            "on the plate."
        ),
        "not_found.title": "Not found",
        "not_found.code": "Code {code} is not in the registry of digital addresses.",
        "check_digit": (
            "Code {code} is not valid: the check digit does not match. A digit may be mistyped "
            "or two digits swapped — check the code on the plate."
        ),
        "bad_code": "{code} is not a digital address code (codes have 11 digits).",
        "error.title": "Error",
        "error.generic": "The request could not be done: {message}",
        "home": "Home",
        "confirm.button": "Confirm the plate is installed",
        "confirm.hello": "Hello {name}.",
        "confirm.not_yours": "This village is not yours, so you cannot confirm plates here.",
        "report.button": "Report a problem",
        "report.reason": "Problem",
        "report.note": "Note",
        "signin.title": "Volunteer sign-in",
        "signin.intro": "Sign-in link for {name}. It can be used once.",
        "signin.button": "Sign in",
        "signin.done": (
            "Signed in: {name}. Scan the QR on an address plate with the phone's camera to "
            "confirm it is installed."
        ),
        "signin.bad": "This sign-in link cannot be used: {message}",
        "home.intro": "Registry of digital addresses. Scan the QR on an address plate.",
        "js.locating": "Finding your position…",
        "js.accuracy": "Accuracy: ±{m} m",
        "js.sending": "Sending…",
        "js.ok": "Confirmed: the plate is installed, {d} m from the registered point.",
        "js.review": (
            "Recorded, but {d} m from the registered point (accuracy ±{m} m): an officer will "
            "check it."
        ),
        "js.already": "This plate was already confirmed ({when}). Nothing changed.",
        "js.saved": "No connection: the confirmation is kept on this phone and will be sent "
        "when the connection returns.",
        "js.sent_later": "The saved confirmation has been sent.",
        "js.denied": "No position: allow the browser to use your location and try again.",
        "js.error": "Could not send: {message}",
        "js.reported": "Problem reported. Thank you.",
        "js.offline": "Could not send: no connection. Send it again when you are online.",
    },
}


def pick_lang(query_lang: str | None, accept_language: str | None, default: Lang = "vi") -> Lang:
    """``?lang=`` when it names a language, else the first of ours the browser's
    Accept-Language prefers, else ``default``."""
    if query_lang in ("vi", "en"):
        return "en" if query_lang == "en" else "vi"
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        ranked.append((-q, i, tag.strip().lower()[:2]))
    for _, _, tag in sorted(ranked):
        if tag in ("vi", "en"):
            return "en" if tag == "en" else "vi"
    return default
