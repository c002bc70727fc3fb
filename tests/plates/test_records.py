import unicodedata

import pytest

from plates.errors import PlatesError
from plates.records import PlateRecord, address_text, province_label, village_label
from tests.plates.samples import make_record


def test_address_line_as_printed() -> None:
    record = make_record(3, "Bình Minh", 105.93, 18.31, "agency", "Trường Tiểu học Thạch Bình")
    assert address_text(record) == "Thôn Bình Minh, xã Thạch Bình, TP Hà Tĩnh, tỉnh Hà Tĩnh"
    assert record.address_text == address_text(record)


def test_house_number_and_street_come_first() -> None:
    record = make_record(1, "Bình Minh", 105.93, 18.31, house_number="12", street="đường Lê Khôi")
    assert address_text(record).startswith("Số 12 đường Lê Khôi, Thôn Bình Minh, ")


def test_address_without_district_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Tân Bình")
    record = make_record(1, decomposed, 105.93, 18.31)
    record = PlateRecord(**{**record.__dict__, "district": None})
    text = address_text(record)
    assert text == "Thôn Tân Bình, xã Thạch Bình, tỉnh Hà Tĩnh"
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Bình Minh", "Thôn Bình Minh"),
        ("Xóm 3", "Xóm 3"),
        ("thôn Nam", "thôn Nam"),
        ("Tổ dân phố 5", "Tổ dân phố 5"),
    ],
)
def test_village_label(name: str, label: str) -> None:
    assert village_label(name) == label


def test_province_label() -> None:
    assert province_label("Hà Tĩnh") == "tỉnh Hà Tĩnh"
    assert province_label("Thành phố Huế") == "Thành phố Huế"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("code", "1811200123", "11 digits"),
        ("code_display", "18112 00124 4", "display form"),
        ("kind", "shop", "unknown kind"),
        ("lat", 95.0, "impossible position"),
    ],
)
def test_bad_records_are_refused(field: str, value: object, message: str) -> None:
    good = make_record(1, "Bình Minh", 105.93, 18.31).__dict__
    with pytest.raises(PlatesError, match=message):
        PlateRecord(**{**good, field: value})
