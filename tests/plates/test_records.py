import unicodedata

import pytest

from plates.errors import PlatesError
from plates.records import PlateRecord, address_text
from tests.plates.samples import make_record


def test_address_line_as_printed() -> None:
    record = make_record(3, "Bình Minh", 105.93, 18.31, "agency", "Trường Tiểu học Thạch Bình")
    assert address_text(record) == "Thôn Bình Minh, xã Thạch Bình, TP Hà Tĩnh, tỉnh Hà Tĩnh"
    assert record.address_text == address_text(record)


def test_house_number_and_street_come_first_and_start_the_line() -> None:
    record = make_record(1, "Bình Minh", 105.93, 18.31, house_number="12", street="đường Lê Khôi")
    assert address_text(record).startswith("Số 12 đường Lê Khôi, thôn Bình Minh, ")


def test_address_without_district_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Tân Bình")
    record = make_record(1, decomposed, 105.93, 18.31)
    record = PlateRecord(**{**record.__dict__, "district": None})
    text = address_text(record)
    assert text == "Thôn Tân Bình, xã Thạch Bình, tỉnh Hà Tĩnh"
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    ("field", "value", "code", "message"),
    [
        ("code", "1811200123", "record.code", "11 digits"),
        ("code_display", "18112 00124 4", "record.code_display", "display form"),
        ("kind", "shop", "record.kind", "unknown kind"),
        ("lat", 95.0, "record.position", "impossible position"),
    ],
)
def test_bad_records_are_refused(field: str, value: object, code: str, message: str) -> None:
    good = make_record(1, "Bình Minh", 105.93, 18.31).__dict__
    with pytest.raises(PlatesError, match=message) as caught:
        PlateRecord(**{**good, field: value})
    assert caught.value.code == code
    assert caught.value.field == ("position" if field == "lat" else field)
