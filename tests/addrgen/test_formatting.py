"""Numbers and dates in Vietnamese and English, from Babel's locale data: the exact strings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from addrgen.formatting import (
    VIETNAM,
    csv_delimiter,
    format_date,
    format_datetime,
    format_decimal,
    format_number,
    format_percent,
    local_day,
    spreadsheet_number,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("n", "vi", "en"),
    [
        (0, "0", "0"),
        (999, "999", "999"),
        (12345, "12.345", "12,345"),
        (-1234567, "-1.234.567", "-1,234,567"),
    ],
)
def test_whole_numbers(n: int, vi: str, en: str) -> None:
    assert format_number(n, "vi") == vi
    assert format_number(n, "en") == en


def test_decimals() -> None:
    assert format_decimal(1234.5, "vi") == "1.234,5"
    assert format_decimal(1234.5, "en") == "1,234.5"
    assert format_decimal(2, "vi", digits=1) == "2,0"
    assert format_decimal(Decimal("1234.5678"), "en", digits=2) == "1,234.57"
    assert format_decimal(1234.5678, "vi", digits=0) == "1.235"


@pytest.mark.parametrize(
    ("value", "digits", "vi", "en"),
    [
        (1.3, 1, f"1,3{NBSP}%", "1.3%"),
        (0, 1, f"0,0{NBSP}%", "0.0%"),
        (100, 1, f"100,0{NBSP}%", "100.0%"),
        (12.25, 1, f"12,2{NBSP}%", "12.2%"),  # half to even, like the rest of Babel
        (37.4, 0, f"37{NBSP}%", "37%"),
        (1234.5, 1, f"1.234,5{NBSP}%", "1,234.5%"),
    ],
)
def test_percentages_given_from_0_to_100(value: float, digits: int, vi: str, en: str) -> None:
    assert format_percent(value, "vi", digits=digits) == vi
    assert format_percent(value, "en", digits=digits) == en


def test_dates_have_the_full_year() -> None:
    assert format_date(date(2026, 11, 30), "vi") == "30/11/2026"
    assert format_date(date(2026, 11, 30), "en") == "11/30/2026"


def test_vietnamese_dates_pad_the_day_and_month() -> None:
    """As vi-VN Windows, Excel and administrative documents write them; CLDR gives 1/12/2026."""
    assert format_date(date(2026, 12, 1), "vi") == "01/12/2026"
    assert format_date(date(2026, 12, 1), "en") == "12/1/2026"


def test_date_and_time_in_each_languages_order() -> None:
    moment = datetime(2026, 11, 30, 14, 5)
    assert format_datetime(moment, "vi") == "14:05 30/11/2026"
    assert format_datetime(moment, "en") == "11/30/2026, 2:05\u202fPM"


def test_an_aware_moment_is_shown_in_the_zone_asked() -> None:
    moment = datetime(2026, 11, 30, 7, 5, tzinfo=UTC)
    assert format_datetime(moment, "vi", tz=ZoneInfo("Asia/Ho_Chi_Minh")) == "14:05 30/11/2026"
    assert format_datetime(moment, "vi") == "07:05 30/11/2026"


def test_a_naive_moment_is_utc_when_a_zone_is_asked() -> None:
    """SQLite gives the registry's UTC times back without their zone."""
    assert format_datetime(datetime(2026, 11, 30, 20, 5), "vi", tz=VIETNAM) == "03:05 01/12/2026"


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (datetime(2026, 11, 30, 16, 59, tzinfo=UTC), date(2026, 11, 30)),
        (datetime(2026, 11, 30, 17, 0, tzinfo=UTC), date(2026, 12, 1)),  # midnight in Hà Tĩnh
        (datetime(2026, 12, 31, 20, 0), date(2027, 1, 1)),  # naive: UTC; a new letter year
        (datetime(2026, 11, 30, 23, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), date(2026, 11, 30)),
    ],
)
def test_the_day_is_the_communes_day(moment: datetime, day: date) -> None:
    """Letters, batch labels and the letter number's year follow Vietnam's calendar, not UTC's
    (a batch printed at 20:00 UTC was dated the day before)."""
    assert local_day(moment) == day


def test_a_spreadsheet_of_the_language_reads_the_numbers() -> None:
    # Windows sets the list separator to ";" where the decimal mark is a comma.
    assert (csv_delimiter("vi"), csv_delimiter("en")) == (";", ",")
    assert spreadsheet_number(12345.25, "vi") == "12345,25"
    assert spreadsheet_number(12345.25, "en") == "12345.25"
    assert spreadsheet_number(0.0, "vi", digits=1) == "0,0"
    assert spreadsheet_number(61.66, "en", digits=1) == "61.7"
