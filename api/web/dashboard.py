"""The coverage dashboard's content: the table as rows for the page, CSV and Excel, and the chart
of installations per day drawn server-side as SVG (no script needed). Its words are the catalog's
``page.dashboard.*`` entries and the vocabulary's labels; its numbers and dates are written the
reader's way (addrgen.formatting: ``1.234``, ``61,7 %``, ``30/11/2026`` in Vietnamese)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import Any

from openpyxl import Workbook

from addrgen.formatting import csv_delimiter, format_date, format_number, spreadsheet_number
from addrgen.spreadsheet import append_text_row, csv_text
from addrgen.vocab import REVIEW_LABELS, STATUSES, Kind, Status, label
from api.web.i18n import Lang, section
from gis.storage.schema import KINDS
from gis.views.aggregates import DayCount, behind_first

__all__ = [
    "COLUMNS",
    "PERCENTS",
    "PageColumn",
    "chart_svg",
    "headings",
    "page_columns",
    "table_rows",
    "to_csv",
    "to_xlsx",
    "words",
]

#: The table's columns, for the page, the CSV and the Excel sheet: the coverage document's keys.
COLUMNS: tuple[str, ...] = (
    "village",
    *(k.value for k in Kind),
    "total",
    *(s.value for s in (Status.coded, Status.printed, Status.installed)),
    "needs_review",
    "remaining",
    "percent_installed",
    "expected",
    # The notice's first half (issue 16), last: the earlier columns keep their places.
    "notified",
    "percent_notified",
)
#: The shares: written with one decimal in the reader's way.
PERCENTS = ("percent_installed", "percent_notified")


def words(lang: Lang) -> dict[str, str]:
    """The dashboard's words in ``lang`` (the catalog's ``page.dashboard.*``, without it)."""
    return section(lang, "dashboard.")


#: The page's columns, progress first: a leader on a phone reads the share installed and what
#: remains without scrolling sideways. The CSV and the Excel sheet keep COLUMNS' order.
PAGE_FIRST = ("village", "percent_installed", "remaining", "installed")


@dataclass(frozen=True)
class PageColumn:
    """A column of the page's table; ``detail`` ones are left out on a phone's narrow screen
    (the downloads and a wider screen have them)."""

    key: str
    heading: str
    detail: bool


def _heading(key: str, lang: Lang, texts: dict[str, str]) -> str:
    """Kinds, statuses and the review flag by their labels in addrgen.vocab, the others from
    the catalog."""
    if key in KINDS:
        return label(Kind(key), lang)
    if key == "needs_review":
        return REVIEW_LABELS[lang]
    if key in STATUSES:
        return label(Status(key), lang)
    return texts[f"column.{key}"]


def headings(lang: Lang) -> list[str]:
    """The columns' headings, in COLUMNS' order (the downloads')."""
    texts = words(lang)
    return [_heading(key, lang, texts) for key in COLUMNS]


def page_columns(lang: Lang) -> list[PageColumn]:
    """The page's columns: PAGE_FIRST, then the others in COLUMNS' order as details."""
    texts = words(lang)
    keys = [*PAGE_FIRST, *(k for k in COLUMNS if k not in PAGE_FIRST)]
    return [PageColumn(k, _heading(k, lang, texts), k not in PAGE_FIRST) for k in keys]


def table_rows(doc: dict[str, Any], lang: Lang) -> list[dict[str, Any]]:
    """The villages (furthest behind first) then the commune's total, as flat rows."""
    rows = [_flat(v) for v in behind_first(doc["villages"])]
    total = dict(doc["commune"])
    total["village"] = words(lang)["commune_total"]
    for kind in KINDS:
        total[kind] = sum(v["by_kind"][kind] for v in doc["villages"])
    return [*rows, {key: total[key] for key in COLUMNS}]


def _flat(v: dict[str, Any]) -> dict[str, Any]:
    row = {**v, **v["by_kind"]}
    return {key: row[key] for key in COLUMNS}


def to_csv(rows: list[dict[str, Any]], lang: Lang) -> str:
    """The table for a spreadsheet of ``lang``'s locale: its list separator (vi ``;``) and the
    share with its decimal mark (vi ``61,7``), so that Excel splits the columns and reads the
    numbers as numbers."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=csv_delimiter(lang), lineterminator="\r\n")
    writer.writerow(headings(lang))
    for row in rows:
        writer.writerow([_csv_cell(row[k], lang) for k in COLUMNS])
    return out.getvalue()


def _csv_cell(value: Any, lang: Lang) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return spreadsheet_number(value, lang, digits=1)
    return csv_text(value)


def to_xlsx(rows: list[dict[str, Any]], lang: Lang) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = words(lang)["title"][:31]
    append_text_row(sheet, headings(lang))
    for row in rows:
        append_text_row(sheet, [row[k] for k in COLUMNS])
    # One decimal, as Excel writes it in the reader's locale (61,7 in a Vietnamese Excel).
    for key in PERCENTS:
        percent = COLUMNS.index(key) + 1
        for (cell,) in sheet.iter_rows(min_row=2, min_col=percent, max_col=percent):
            cell.number_format = "0.0"
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# The chart's frame: a viewBox the page scales to its width. Narrow, with large type, so that on
# a 360 px phone (drawn about 320 px wide) its words stay about 11 px; every label lies inside the
# frame (none in a margin it could overflow), the key is the page's (it wraps).
W, H = 400, 210
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 8, 26
FONT = 14
BAR, LINE, TARGET = "#1f78b4", "#33a02c", "#b71c1c"
#: The cumulative axis reaches a little above the target (or the total), so that the target's
#: dashed line and its label sit inside the frame at their height, not on its top edge.
HEADROOM = 1.15


def chart_svg(days: list[DayCount], target: int, lang: Lang) -> str:
    """Bars: plates installed each day (left axis, its numbers in the bars' colour); line: the
    cumulative total, against the target drawn dashed with its number (right scale).

    Length: one drawing — frame, bars, line, target and labels in the order they are painted;
    split, each piece would need the same dozen scale values passed around."""
    t = words(lang)
    if not days:
        return f'<p class="muted" id="chart-empty">{escape(t["no_installs"])}</p>'
    first, last = days[0].day, days[-1].day
    span = (last - first).days + 1
    per_day = {d.day: d.installed for d in days}
    daily = [per_day.get(first + timedelta(days=i), 0) for i in range(span)]
    cumulative, total = [], 0
    for n in daily:
        total += n
        cumulative.append(total)
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    step = plot_w / span
    top_day = max(daily) or 1
    top_total = max(target, total, 1) * HEADROOM

    def y_day(n: int) -> float:
        return TOP + plot_h * (1 - n / top_day)

    def y_total(n: int) -> float:
        return TOP + plot_h * (1 - n / top_total)

    parts = [
        f'<svg id="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{escape(t["chart"])}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="{FONT}" font-family="sans-serif">',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" '
        'stroke="#ccc"/>',
    ]
    for i, n in enumerate(daily):
        if n:
            x, y = LEFT + i * step + step * 0.15, y_day(n)
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" '
                f'height="{TOP + plot_h - y:.1f}" fill="{BAR}"><title>'
                f"{escape(_day_title(t, first + timedelta(days=i), n, lang))}</title></rect>"
            )
    line = " ".join(
        f"{LEFT + (i + 0.5) * step:.1f},{y_total(n):.1f}" for i, n in enumerate(cumulative)
    )
    parts.append(f'<polyline id="cumulative" points="{line}" fill="none" stroke="{LINE}" '
                 'stroke-width="2.5"/>')  # fmt: skip
    ty = y_total(target)
    parts.append(f'<line id="target" x1="{LEFT}" x2="{W - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" '
                 f'stroke="{TARGET}" stroke-dasharray="6 4"/>')  # fmt: skip
    target_text = f"{format_number(target, lang)} {t['target']}"
    labels = [
        (LEFT - 4, TOP + FONT, "end", BAR, format_number(top_day, lang)),
        (LEFT - 4, TOP + plot_h, "end", BAR, "0"),
        (W - RIGHT - 4, ty - 5, "end", TARGET, target_text),
        (LEFT, H - 7, "start", "#333", format_date(first, lang)),
    ]
    if last != first:
        labels.append((W - RIGHT, H - 7, "end", "#333", format_date(last, lang)))
    for x, y, anchor, colour, text in labels:
        parts.append(
            f'<text class="label" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" '
            f'fill="{colour}" stroke="#fff" stroke-width="3" paint-order="stroke">'
            f"{escape(text)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _day_title(t: dict[str, str], day: date, count: int, lang: Lang) -> str:
    return t["chart_day"].format(day=format_date(day, lang), count=format_number(count, lang))
