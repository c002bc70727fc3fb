"""Legacy Vietnamese encodings: every letter round-trips, detection picks the right encoding on
real names, and correct Unicode is never touched."""

from __future__ import annotations

import pickle
import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gis.errors import InvalidInput
from gis.ingest.textfix import (
    UndecodableText,
    decode_bytes,
    detect_legacy,
    encode_tcvn3,
    encode_vni,
    repair_text,
    to_nfc,
)

TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
VOWELS = "aăâeêioôơuưy"
# The 67 lower-case letters beyond ASCII (12 vowels x 6 tones, less the 6 plain ASCII vowels,
# plus đ), and their 67 capitals: the 134 letters a legacy table must hold.
LOWER = [
    unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES if not (v + t).isascii()
] + ["đ"]
UPPER = [c.upper() for c in LOWER]
TCVN3_CAPITALS = ["Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"]  # the only capitals .VnTime has

NAMES = [
    "Tây Bắc",
    "Đông Nam",
    "Bình Lý",
    "Bình Yên",
    "Bình Minh",
    "Xóm Mới",
    "Thạch Bình",
    "Đình làng Bình Lý",
    "Uỷ ban nhân dân xã Thạch Bình",  # the old-style tone placement TCVN3 documents use
    "Nguyễn Văn An",
    "Trạm Y tế xã Thạch Bình",
    "Hợp tác xã nông nghiệp Thạch Bình",
    "Nhà thờ họ Nguyễn Đình",
    "Đền Thạch Bình, thôn Đông Nam",
]
# Real syllables: every letter of the alphabet, both horn vowels, checked syllables, qu- and gi-.
SYLLABLES = (  # noqa: SIM905 - a word list reads best as words
    "à á ả ã ạ ăn ắt ằm ẳng ẵng ặc ân ấp ầm ẩn ẫn ậy em én è ẻ ẽ ẹp êm ếch ề ể ễ ệ in ích ì ỉ ĩ ị "
    "ong óc ò ỏ õ ọ ông ốc ồ ổ ỗ ộ ơn ớt ờ ở ỡ ợ ung úc ù ủ ũ ụ ưng ức ừ ử ữ ự yên ý ỳ ỷ ỹ ỵ "
    "ba bà bé bình bắc bạch bưu bùi cá cao cầu chợ chùa chị công của cường dân dũng dương dừa "
    "đình đông đền điện đội đoàn đường đặng đậu gà gái gì gia giá giếng giữa gỗ hà hải hạnh hiếu "
    "hòa hoà hoàng họ học hội hùng hương hữu huỳnh hưng kênh khuya khuỷu khách khuê kiên lâm lan "
    "làng lê liên lợi long lý mai mầm mới minh mười nam ngô ngọc nghiệp nghĩa ngoằn người nguyễn "
    "nguyệt nhà nhân nhung nước oanh ông phan phạm phúc phương quân quốc quả quyền quỳnh quýt "
    "rượu sân sơn sở tác tây thạch thái thành thắng thị thôn thờ thủy thuỷ thuở tiểu tín toàn "
    "trần trạm trường trung tuấn tuyết uỷ ủy văn vận vinh võ xã xóm xuân xuất yến"
).split()

SENTENCES = [
    "Ủy ban nhân dân xã Thạch Bình",
    "Thông báo về việc gắn biển địa chỉ số cho hộ gia đình, cơ quan, tổ chức",
    "Đoàn thanh niên phối hợp với công chức Địa chính – Xây dựng",
]


def cp1258_bytes(s: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: a base letter with its vowel mark precomposed,
    the tone as a combining mark."""
    text = unicodedata.normalize("NFD", s)
    tones = set(TONES[1:])
    pieces: list[str] = []
    base = ""
    trailing = ""
    for ch in text:
        if ch in tones:
            trailing += ch
        elif unicodedata.combining(ch):
            base += ch
        else:
            pieces.append(unicodedata.normalize("NFC", base) + trailing)
            base, trailing = ch, ""
    pieces.append(unicodedata.normalize("NFC", base) + trailing)
    return "".join(pieces).encode("cp1258")


def misread(raw: bytes) -> str:
    """What a reader that assumes cp1252 makes of legacy bytes (an .xlsx cell, a DBF)."""
    return raw.decode("cp1252")


# --- every letter --------------------------------------------------------------------------------


def test_letter_inventory() -> None:
    assert len(LOWER) == 67 and len(set(LOWER + UPPER)) == 134


@pytest.mark.parametrize("letter", LOWER + TCVN3_CAPITALS)
def test_tcvn3_letter_round_trips(letter: str) -> None:
    raw = encode_tcvn3(letter)
    assert len(raw) == 1 and raw[0] >= 0xA1
    assert decode_bytes(raw, "tcvn3") == letter
    assert repair_text(misread(raw), "tcvn3") == letter


def test_tcvn3_bytes_are_distinct() -> None:
    assert len({encode_tcvn3(c) for c in LOWER + TCVN3_CAPITALS}) == 74


@pytest.mark.parametrize("letter", [c for c in UPPER if c not in TCVN3_CAPITALS])
def test_tcvn3_has_no_toned_capitals(letter: str) -> None:
    with pytest.raises(UnicodeEncodeError):
        encode_tcvn3(letter)


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_vni_letter_round_trips(letter: str) -> None:
    raw = encode_vni(letter)
    assert decode_bytes(raw, "vni") == letter
    assert repair_text(misread(raw), "vni") == letter


@pytest.mark.parametrize("letter", LOWER + UPPER)
def test_cp1258_decomposed_letter_becomes_nfc(letter: str) -> None:
    assert decode_bytes(cp1258_bytes(letter), "cp1258") == letter


@pytest.mark.parametrize(
    ("letter", "vni"),
    [("ấ", "aá"), ("ặ", "aë"), ("ơ", "ô"), ("ớ", "ôù"), ("ư", "ö"), ("ự", "öï"), ("đ", "ñ"),
     ("Đ", "Ñ"), ("ỵ", "î"), ("ĩ", "ó"), ("ỉ", "æ"), ("Ẩ", "AÅ"), ("ỳ", "yø")],
)  # fmt: skip
def test_vni_known_sequences(letter: str, vni: str) -> None:
    assert encode_vni(letter) == vni.encode("cp1252")


@pytest.mark.parametrize(
    ("letter", "byte"),
    [("à", 0xB5), ("ạ", 0xB9), ("ì", 0xD7), ("đ", 0xAE), ("Đ", 0xA7), ("ư", 0xAD), ("ỵ", 0xFE),
     ("ặ", 0xC6), ("ờ", 0xEA), ("ủ", 0xF1)],
)  # fmt: skip
def test_tcvn3_known_bytes(letter: str, byte: int) -> None:
    assert encode_tcvn3(letter) == bytes([byte])


def test_cp1258_decomposed_text_becomes_nfc() -> None:
    raw = cp1258_bytes("Thạch Bình")
    assert raw == b"Tha\xf2ch Bi\xccnh"
    assert decode_bytes(raw, "cp1258") == "Thạch Bình"
    assert to_nfc("Tha\u0323ch") == "Thạch"


# --- detection on real names ---------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_repair_tcvn3_name(name: str) -> None:
    garbled = misread(encode_tcvn3(name))
    assert repair_text(garbled) == name
    assert detect_legacy(garbled) == "tcvn3"


@pytest.mark.parametrize("name", NAMES + SENTENCES)
def test_repair_vni_name(name: str) -> None:
    garbled = misread(encode_vni(name))
    assert repair_text(garbled) == name
    # "Bình Minh" is spelt the same in VNI and Unicode (ì is itself in VNI): nothing to detect.
    assert detect_legacy(garbled) == (None if garbled == name else "vni")


def test_example_from_the_brief() -> None:
    assert repair_text("Th¹ch B×nh") == "Thạch Bình"


def utf8_bytes(text: str) -> bytes:
    return text.encode("utf-8")


ENCODERS: dict[str, Callable[[str], bytes]] = {
    "tcvn3": encode_tcvn3,
    "vni": encode_vni,
    "cp1258": cp1258_bytes,
    "utf-8": utf8_bytes,
}


def _file_cases() -> list[tuple[str, str]]:
    cases = []
    for encoding in ENCODERS:
        for name in NAMES + SENTENCES:
            if encoding == "tcvn3" and name.startswith("Ủ"):
                continue  # TCVN3 has no toned capitals
            cases.append((encoding, name))
    return cases


@pytest.mark.parametrize(("encoding", "name"), _file_cases())
def test_decode_bytes_auto(encoding: str, name: str) -> None:
    text = f"ma,ten\nDT-01,{name}\nDT-02,{name.lower()}\n"
    assert decode_bytes(ENCODERS[encoding](text)) == text


@given(
    st.lists(st.sampled_from(SYLLABLES), min_size=20, max_size=40), st.sampled_from(list(ENCODERS))
)
def test_property_whole_file_is_detected(words: list[str], encoding: str) -> None:
    # A file gives enough words to tell the encodings apart (a single short cell may not).
    text = " ".join(words)
    assert decode_bytes(ENCODERS[encoding](text)) == text


def test_decode_bytes_utf8_with_bom() -> None:
    assert decode_bytes("\ufeffma,ten\nCQ-01,Trạm Y tế\n".encode()) == "ma,ten\nCQ-01,Trạm Y tế\n"


def test_decode_bytes_utf8_nfd_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Xóm Mới")
    assert decode_bytes(nfd.encode()) == "Xóm Mới"


def test_tcvn3_crlf_file() -> None:
    text = "ma,ten\r\nDT-01,Đình làng Bình Lý\r\nDT-02,Đền Thạch Bình\r\n"
    assert decode_bytes(encode_tcvn3(text)) == text


# --- correct text is never damaged ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Thạch Bình", "Nguyễn Văn A", "café", "Ô Chợ Dừa", "plain ASCII, 12/3", "Bình Lý", "Bình Yên",
     "Bình Minh", "Ô Môn", "Lý Thị Hà", "Hà Tĩnh", "Tây Bắc", "Xóm Mới", "José Bình", "Kim Liên",
     "Cô Tô", "Yên Bái", "Tân Bình", "Tô Hiến Thành", "Mê Linh", "Hàm Yên", ""],
)  # fmt: skip
def test_correct_text_is_unchanged(text: str) -> None:
    assert repair_text(text) == text
    assert detect_legacy(text) is None


def test_decomposed_text_is_normalised_not_repaired() -> None:
    assert repair_text(unicodedata.normalize("NFD", "Đình làng Bình Lý")) == "Đình làng Bình Lý"


def test_utf8_means_already_unicode() -> None:
    assert repair_text("Bình Lý", "utf-8") == "Bình Lý"


@st.composite
def vietnamese_text(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=8))
    styled = [draw(st.sampled_from([w, w.capitalize(), w.upper()])) if w else w for w in words]
    seps = draw(
        st.lists(
            st.sampled_from([" ", ", ", " - ", " 12 ", ". ", "/"]),
            min_size=len(styled),
            max_size=len(styled),
        )
    )
    return "".join(w + s for w, s in zip(styled, seps, strict=True)).strip()


@given(vietnamese_text())
def test_property_correct_vietnamese_is_identity(text: str) -> None:
    assert repair_text(text) == text


CP1252_EXTRA = set(bytes(range(0x80, 0xA0)).decode("cp1252", "ignore"))


@given(st.text(st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\ufffd")))
def test_property_wide_text_is_only_normalised(text: str) -> None:
    # A character no single-byte reader produces proves the text is Unicode already.
    assume(any(ord(c) > 0xFF and c not in CP1252_EXTRA for c in text))
    assert repair_text(text) == to_nfc(text)


TCVN3_ALPHABET = st.sampled_from(
    [chr(c) for c in range(0x20, 0x7F)] + ["\t", "\n", "\r"] + LOWER + TCVN3_CAPITALS
)
VNI_ALPHABET = st.sampled_from([chr(c) for c in range(0x20, 0x7F)] + ["\n"] + LOWER + UPPER)


@given(st.text(TCVN3_ALPHABET, max_size=40))
def test_property_tcvn3_round_trip(text: str) -> None:
    assert decode_bytes(encode_tcvn3(text), "tcvn3") == text


@given(st.text(VNI_ALPHABET, max_size=40))
def test_property_vni_round_trip(text: str) -> None:
    assert decode_bytes(encode_vni(text), "vni") == text


@given(st.text(VNI_ALPHABET, max_size=40))
def test_property_cp1258_round_trip(text: str) -> None:
    assert decode_bytes(cp1258_bytes(text), "cp1258") == text


@given(vietnamese_text())
def test_property_legacy_names_are_repaired(text: str) -> None:
    # Each encoding's text, garbled the way an .xlsx or DBF reader garbles it, comes back.
    assert repair_text(misread(encode_vni(text)), "vni") == text
    lowered = text.lower()
    assert repair_text(misread(encode_tcvn3(lowered)), "tcvn3") == lowered


# --- what no encoding explains -------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["Th\ufffdch Bình", "Bình\x01Lý", "abc\x00", "x\x7f", "Th\x81ch"])
def test_unexplained_characters_raise(bad: str) -> None:
    with pytest.raises(UndecodableText) as info:
        repair_text(bad)
    assert info.value.value == info.value.raw == bad
    assert info.value.encoding == "auto"
    assert info.value.code in ("text.replacement_character", "text.control_character")
    assert isinstance(info.value.params["position"], int)
    assert repr(bad) in str(info.value)


def test_tab_and_line_breaks_are_allowed() -> None:
    assert repair_text("Thôn\tBình Lý\r\nxã Thạch Bình") == "Thôn\tBình Lý\r\nxã Thạch Bình"


def test_undecodable_message_names_value_and_encoding() -> None:
    with pytest.raises(UndecodableText) as info:
        repair_text("Thạch", "tcvn3")
    assert info.value.code == "text.not_single_byte"
    assert str(info.value).startswith("cannot decode 'Thạch' as tcvn3")
    assert info.value.message("vi").startswith("không giải mã được “Thạch” theo bảng mã tcvn3")
    assert isinstance(info.value, ValueError) and isinstance(info.value, InvalidInput)


def test_undecodable_cell_names_the_text() -> None:
    with pytest.raises(
        UndecodableText, match=r"cannot decode 'abcà' as tcvn3: byte 0xE0 at 3"
    ) as info:
        repair_text("abcà", "tcvn3")
    assert (info.value.code, info.value.value) == ("text.bad_byte", "abcà")
    assert info.value.detail == {"byte": "0xE0", "position": 3}


def test_undecodable_bytes_in_tcvn3() -> None:
    with pytest.raises(UndecodableText, match=r"as tcvn3: byte 0xE0 at 3") as info:
        decode_bytes(b"abc\xe0def", "tcvn3")
    assert info.value.raw == b"abc\xe0def"
    assert info.value.value == "abc\\xe0def"  # the bytes as given, readable


def test_undecodable_utf8() -> None:
    with pytest.raises(UndecodableText, match="as utf-8: byte 0xB9 at 2"):
        decode_bytes(b"Th\xb9ch", "utf-8")
    # A byte-order mark is counted: the position is the byte's in the file.
    with pytest.raises(UndecodableText) as info:
        decode_bytes(b"\xef\xbb\xbfTh\xb9ch", "utf-8")
    assert info.value.detail == {"byte": "0xB9", "position": 5}


def test_undecodable_auto_names_every_encoding() -> None:
    # 0x81 is undefined in cp1252 (hence VNI) and cp1258, and TCVN3 leaves 0xE0 unassigned.
    with pytest.raises(UndecodableText, match="utf-8, tcvn3, vni, cp1258") as info:
        decode_bytes(b"x\x81\xe0y")
    assert info.value.encoding == "auto"


def test_undecodable_text_pickles() -> None:
    exc = UndecodableText("Th\ufffdch", "vni", "text.replacement_character", position=2)
    again = pickle.loads(pickle.dumps(exc))
    assert (again.raw, again.encoding, again.code, again.detail, str(again)) == (
        exc.raw,
        exc.encoding,
        exc.code,
        {"position": 2},
        str(exc),
    )
