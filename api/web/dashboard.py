"""The coverage dashboard's content: its texts (vi/en), the table as rows for the page, CSV and
Excel, and the chart of installations per day drawn server-side as SVG (no script needed)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from html import escape
from typing import Any

from openpyxl import Workbook

from addrgen.vocab import REVIEW_LABELS, Kind, Reason, Status, label
from api.web.i18n import Lang
from gis.storage.schema import KINDS
from gis.views.aggregates import DayCount, behind_first

__all__ = ["COLUMNS", "DASH_TEXTS", "chart_svg", "table_rows", "to_csv", "to_xlsx"]


def _labelled(member: Kind | Status) -> tuple[str, str, str]:
    return (member.value, label(member, "vi"), label(member, "en"))


# (key, Vietnamese heading, English heading): the table, the CSV and the Excel sheet. Kinds and
# statuses are headed by their labels in addrgen.vocab.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("village", "Thôn", "Village"),
    *(_labelled(k) for k in Kind),
    ("total", "Tổng", "Total"),
    *(_labelled(s) for s in (Status.coded, Status.printed, Status.installed)),
    ("needs_review", REVIEW_LABELS["vi"], REVIEW_LABELS["en"]),
    ("remaining", "Còn lại", "Remaining"),
    ("percent_installed", "% đã gắn", "% installed"),
    ("expected", "Dự kiến", "Expected"),
)
DASH_TEXTS: dict[Lang, dict[str, str]] = {
    "vi": {
        "title": "Tiến độ gắn biển",
        "summary": "Đã gắn {installed} / {total} biển ({percent} %) — còn {remaining} biển",
        "expected_note": "Dự kiến {expected} địa chỉ: còn {missing} địa chỉ chưa đăng ký",
        "villages": "Theo thôn (chậm nhất trước)",
        "commune_total": "Toàn xã",
        "download": "Tải về",
        "chart": "Biển gắn mỗi ngày và luỹ kế so với mục tiêu",
        "per_day": "gắn trong ngày",
        "cumulative": "luỹ kế",
        "target": "mục tiêu",
        "no_installs": "Chưa có biển nào được gắn.",
        "reports": "Phản ánh chưa xử lý",
        "no_reports": "Không có phản ánh nào đang mở.",
        "map": "Bản đồ",
        **{f"reason.{r}": label(r, "vi") for r in Reason},
        "no_code": "chưa cấp mã",
        "stale": "Biển cần in lại vì địa chỉ đã thay đổi (diachiso plates reprint --stale)",
    },
    "en": {
        "title": "Plating progress",
        "summary": "{installed} of {total} plates installed ({percent} %) — {remaining} to go",
        "expected_note": "{expected} addresses expected: {missing} not registered yet",
        "villages": "By village (furthest behind first)",
        "commune_total": "Whole commune",
        "download": "Download",
        "chart": "Plates installed per day, and the cumulative total against the target",
        "per_day": "installed that day",
        "cumulative": "cumulative",
        "target": "target",
        "no_installs": "No plate installed yet.",
        "reports": "Open problem reports",
        "no_reports": "No open report.",
        "map": "Map",
        **{f"reason.{r}": label(r, "en") for r in Reason},
        "no_code": "no code yet",
        "stale": "Plates to re-print: the address changed (diachiso plates reprint --stale)",
    },
}


def headings(lang: Lang) -> list[str]:
    return [vi if lang == "vi" else en for _, vi, en in COLUMNS]


def table_rows(doc: dict[str, Any], lang: Lang) -> list[dict[str, Any]]:
    """The villages (furthest behind first) then the commune's total, as flat rows."""
    rows = [_flat(v) for v in behind_first(doc["villages"])]
    total = dict(doc["commune"])
    total["village"] = DASH_TEXTS[lang]["commune_total"]
    for kind in KINDS:
        total[kind] = sum(v["by_kind"][kind] for v in doc["villages"])
    return [*rows, {key: total[key] for key, _, _ in COLUMNS}]


def _flat(v: dict[str, Any]) -> dict[str, Any]:
    row = {**v, **v["by_kind"]}
    return {key: row[key] for key, _, _ in COLUMNS}


def to_csv(rows: list[dict[str, Any]], lang: Lang) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headings(lang))
    for row in rows:
        writer.writerow(["" if row[k] is None else row[k] for k, _, _ in COLUMNS])
    return out.getvalue()


def to_xlsx(rows: list[dict[str, Any]], lang: Lang) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = DASH_TEXTS[lang]["title"][:31]
    sheet.append(headings(lang))
    for row in rows:
        sheet.append([row[k] for k, _, _ in COLUMNS])
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# The chart's frame: a viewBox the page scales to its width.
W, H = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 52, 16, 36
BAR, LINE, TARGET = "#1f78b4", "#33a02c", "#b71c1c"


def chart_svg(days: list[DayCount], target: int, lang: Lang) -> str:
    """Bars: plates installed each day (left axis); line: the cumulative total, against the
    target drawn dashed (right axis). Days without installations are drawn as empty days.

    Length: one drawing — frame, two axes, bars, line, target and labels in the order they are
    painted; split, each piece would need the same dozen scale values passed around."""
    t = DASH_TEXTS[lang]
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
    top_total = max(target, total, 1)

    def y_day(n: int) -> float:
        return TOP + plot_h * (1 - n / top_day)

    def y_total(n: int) -> float:
        return TOP + plot_h * (1 - n / top_total)

    parts = [
        f'<svg id="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{escape(t["chart"])}" '
        'xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="sans-serif">',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" '
        'stroke="#ccc"/>',
    ]
    for i, n in enumerate(daily):
        if n:
            x, y = LEFT + i * step + step * 0.15, y_day(n)
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" '
                f'height="{TOP + plot_h - y:.1f}" fill="{BAR}"><title>'
                f"{first + timedelta(days=i)}: {n} {escape(t['per_day'])}</title></rect>"
            )
    line = " ".join(
        f"{LEFT + (i + 0.5) * step:.1f},{y_total(n):.1f}" for i, n in enumerate(cumulative)
    )
    parts.append(f'<polyline id="cumulative" points="{line}" fill="none" stroke="{LINE}" '
                 'stroke-width="2.5"/>')  # fmt: skip
    ty = y_total(target)
    parts.append(f'<line id="target" x1="{LEFT}" x2="{W - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" '
                 f'stroke="{TARGET}" stroke-dasharray="6 4"/>')  # fmt: skip
    labels = [
        (LEFT - 4, TOP + 4, "end", str(top_day)),
        (LEFT - 4, TOP + plot_h, "end", "0"),
        (W - RIGHT + 4, ty + 4, "start", f"{target} {t['target']}"),
        (W - RIGHT + 4, y_total(total) + 14, "start", f"{total}"),
        (LEFT, H - BOTTOM + 16, "start", first.isoformat()),
        (W - RIGHT, H - BOTTOM + 16, "end", last.isoformat()),
    ]
    for x, y, anchor, text in labels:
        parts.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(text)}</text>')
    key_y = H - 6
    parts.append(
        f'<rect x="{LEFT}" y="{key_y - 9}" width="10" height="10" fill="{BAR}"/>'
        f'<text x="{LEFT + 14}" y="{key_y}">{escape(t["per_day"])}</text>'
        f'<line x1="{LEFT + 150}" x2="{LEFT + 170}" y1="{key_y - 4}" y2="{key_y - 4}" '
        f'stroke="{LINE}" stroke-width="2.5"/>'
        f'<text x="{LEFT + 174}" y="{key_y}">{escape(t["cumulative"])}</text>'
        f'<line x1="{LEFT + 260}" x2="{LEFT + 280}" y1="{key_y - 4}" y2="{key_y - 4}" '
        f'stroke="{TARGET}" stroke-dasharray="6 4"/>'
        f'<text x="{LEFT + 284}" y="{key_y}">{escape(t["target"])}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
