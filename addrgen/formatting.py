"""Numbers and dates the way the reader's language writes them, from Babel's locale data (CLDR).

Vietnamese groups thousands with a dot and marks decimals with a comma (``12.345``, ``1,3``) and
writes dates day first (``30/11/2026``); English the other way round. Everything a person reads
— CLI tables, pages, the dashboard, PDFs — goes through these; machine formats (JSON, CSV for
programs, exports) keep plain numbers and ISO dates.

Two choices are ours, on top of the locale data: a date always shows the full year (the short
CLDR patterns have two digits, ambiguous in a registry that keeps history), and a Vietnamese
percentage has a no-break space before ``%`` (``1,3 %``, as the officers' documents write it;
CLDR's Vietnamese pattern has none, English keeps ``1.3%``).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from functools import cache

from babel import Locale, dates, numbers

__all__ = [
    "VIETNAM",
    "csv_delimiter",
    "format_date",
    "format_datetime",
    "format_decimal",
    "format_number",
    "format_percent",
    "local_day",
    "spreadsheet_number",
]

#: Vietnam's clock: UTC+7 all year, no daylight saving since 1975 (a fixed offset needs no
#: tz database, which a Windows laptop lacks without the tzdata package).
VIETNAM = timezone(timedelta(hours=7), "ICT")

Number = int | float | Decimal
#: The space between a number and ``%`` per language (none where the locale writes none).
PERCENT_SPACE = {"vi": "\u00a0"}


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def format_number(n: int, lang: str) -> str:
    """A whole number with the language's grouping: vi ``12.345``, en ``12,345``."""
    return numbers.format_decimal(n, locale=_locale(lang))


def format_decimal(
    x: Number,
    lang: str,
    *,
    digits: int | None = None,
    every_digit: bool = False,
    grouping: bool = True,
) -> str:
    """A decimal number: vi ``1.234,5``, en ``1,234.5``; ``digits`` fixes the number of
    decimals (rounded half to even), ``every_digit`` shows all the number has (a coordinate's
    six), otherwise up to three are shown as needed; without ``grouping`` no thousands
    separator (vi ``1234,5``)."""
    if digits is None:
        return numbers.format_decimal(
            x,
            locale=_locale(lang),
            decimal_quantization=not every_digit,
            group_separator=grouping,
        )
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * digits if digits else "")
    return numbers.format_decimal(x, format=pattern, locale=_locale(lang))


def format_percent(value: Number, lang: str, *, digits: int = 1) -> str:
    """A percentage given from 0 to 100: vi ``1,3 %``, en ``1.3%`` (``digits`` decimals)."""
    locale = _locale(lang)
    pattern = locale.percent_formats[None].pattern  # e.g. "#,##0%"
    zeros = "." + "0" * digits if digits else ""
    pattern = pattern.replace("0%", "0" + zeros + PERCENT_SPACE.get(lang, "") + "%", 1)
    return numbers.format_percent(Decimal(str(value)) / 100, format=pattern, locale=locale)


def csv_delimiter(lang: str) -> str:
    """The separator a spreadsheet of the language's locale expects between a CSV's fields:
    Excel splits a file it opens with the system's list separator, which Windows sets to ``;``
    where the decimal mark is a comma (vi) and to ``,`` otherwise (en)."""
    return ";" if numbers.get_decimal_symbol(_locale(lang)) == "," else ","


def spreadsheet_number(x: Number, lang: str, *, digits: int | None = None) -> str:
    """A number in a CSV for a spreadsheet of the language's locale: its decimal mark, no
    thousands separator (vi ``1234,5``), so that Excel reads it as a number."""
    if digits is None:
        return format_decimal(x, lang, every_digit=True, grouping=False)
    return format_decimal(x, lang, digits=digits, grouping=False)


@cache
def _date_pattern(lang: str) -> str:
    """The language's short date pattern with the year in full: vi ``dd/MM/y``, en ``M/d/y``.
    Vietnamese pads the day and month ("01/12/2026"), as Windows' vi-VN short date, Excel and
    administrative documents write them, where Babel's CLDR pattern gives "1/12/2026"."""
    pattern = re.sub(r"y+", "y", _locale(lang).date_formats["short"].pattern)
    if lang == "vi":
        pattern = re.sub(r"(?<![dM])([dM])(?![dM])", r"\1\1", pattern)
    return pattern


def format_date(d: date, lang: str) -> str:
    """A date: vi ``30/11/2026``, en ``11/30/2026``."""
    return dates.format_date(d, format=_date_pattern(lang), locale=_locale(lang))


def local_day(moment: datetime) -> date:
    """The day ``moment`` falls on in Vietnam: a batch printed at 20:00 UTC on the 30th is
    dated the 1st, as the commune's calendar says. A naive ``moment`` is taken as UTC."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(VIETNAM).date()


def format_datetime(moment: datetime, lang: str, *, tz: tzinfo | None = None) -> str:
    """A date and time in the language's order: vi ``14:05 30/11/2026``, en
    ``11/30/2026, 2:05 PM``. With ``tz``, ``moment`` is shown on that clock, a naive one taken
    as UTC (what the registry stores; SQLite hands it back without its zone); without, as it is."""
    locale = _locale(lang)
    time_pattern = locale.time_formats["short"].pattern
    pattern = str(locale.datetime_formats["short"]).format(time_pattern, _date_pattern(lang))
    if tz is not None:
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        moment = aware.astimezone(tz)
    return dates.format_datetime(moment.replace(tzinfo=None), format=pattern, locale=locale)
