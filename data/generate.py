"""Generate the synthetic sample registry of Thạch Bình commune (Hà Tĩnh) into data/thach_binh/.

Everything here is invented except the commune's bounding box and the six village names: the
village borders, the households and their heads' names, the agencies' positions and phone numbers,
the heritage sites. The output is byte-for-byte reproducible (fixed seed, fixed workbook metadata,
fixed zip timestamps), so the committed files can be checked against a fresh run.

Run: ``.venv/bin/python data/generate.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import math
import os
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

# openpyxl writes its XML through lxml when lxml is installed (a test dependency brings it) and
# through the standard library otherwise, with different bytes ("<a />" or "<a/>"): the sample
# files are made one way, whatever else the environment holds.
os.environ["OPENPYXL_LXML"] = "False"

import numpy as np
import openpyxl
from numpy.random import Generator
from openpyxl.styles import Font
from openpyxl.xml.functions import tostring
from pyproj import Transformer
from shapely import polygonize, unary_union
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.polygon import orient

from gis.ingest.textfix import decode_bytes, encode_tcvn3

__all__ = ["BBOX", "VILLAGES", "Village", "generate", "main"]

SEED = 20240815  # the date of the commune's notice; any fixed number would do
DEFAULT_OUT = Path(__file__).resolve().parent / "thach_binh"
# The commune's bounding box (lon_min, lat_min, lon_max, lat_max), from the commune portal.
BBOX = (105.9122, 18.3074, 105.9425, 18.3288)
# Fixed workbook and zip timestamps: the notice's month, so nothing depends on when we run.
FIXED_TIME = dt.datetime(2024, 8, 15, 8, 0, 0)
COORD_DECIMALS = 7  # village vertices: about 1 cm
LATLON_DECIMALS = 6  # point positions in the CSV files: about 0.1 m
MIN_SPACING_M = 8.0  # generated points keep this far apart (the importer's duplicate radius is 3 m)
EDGE_MARGIN_M = 15.0  # and this far inside their village's border
TO_VN2000 = Transformer.from_crs("EPSG:4326", "EPSG:9209", always_xy=True)
TO_WGS84 = Transformer.from_crs("EPSG:9209", "EPSG:4326", always_xy=True)


@dataclass(frozen=True)
class Village:
    code: str  # ma_thon
    name: str  # ten_thon
    cell: tuple[int, int]  # (column west->east, row south->north) in the 3 x 2 grid
    households: int  # points generated
    expected: int  # so_ho_du_kien: a little more, so coverage shows under-registration


# Registry order (the villages' ordinals). Tây Bắc is the north-west village, Đông Nam the
# south-east one; the others are placed plausibly around them.
VILLAGES: tuple[Village, ...] = (
    Village("TB01", "Tây Bắc", (0, 1), 152, 166),
    Village("TB02", "Đông Nam", (2, 0), 178, 193),
    Village("TB03", "Bình Lý", (1, 1), 134, 147),
    Village("TB04", "Bình Yên", (2, 1), 121, 130),
    Village("TB05", "Bình Minh", (0, 0), 163, 175),
    Village("TB06", "Xóm Mới", (1, 0), 112, 124),
)

FAMILY_NAMES = (  # weighted roughly as in Hà Tĩnh: Nguyễn first, then the usual ones
    ("Nguyễn", 30), ("Trần", 12), ("Lê", 10), ("Phan", 7), ("Hoàng", 5), ("Võ", 5),
    ("Đặng", 4), ("Bùi", 4), ("Hồ", 4), ("Ngô", 3), ("Dương", 3), ("Phạm", 4), ("Đinh", 2),
    ("Đậu", 2), ("Thái", 2), ("Trương", 2), ("Cao", 1), ("Mai", 1),
)  # fmt: skip
MALE_MIDDLE = ("Văn", "Đình", "Hữu", "Xuân", "Quang", "Minh", "Đức", "Công", "Trọng", "Văn")
FEMALE_MIDDLE = ("Thị", "Thị", "Thị", "Thu", "Ngọc")
MALE_GIVEN = (
    "Hùng", "Dũng", "Tuấn", "Hải", "Nam", "Sơn", "Thắng", "Long", "Bình", "Hòa", "Toàn", "Lâm",
    "Tâm", "Phúc", "Hiếu", "Cường", "Thành", "Trung", "Hoàng", "Kiên", "Quân", "Vinh", "Lợi",
    "Thanh", "Hưng", "Thịnh", "An", "Bảo", "Chiến", "Đạt", "Hào", "Khánh", "Lộc", "Mạnh",
    "Nghĩa", "Phong", "Quý", "Tài", "Tiến", "Việt",
)  # fmt: skip
FEMALE_GIVEN = (
    "Lan", "Hoa", "Hương", "Hằng", "Mai", "Nga", "Hà", "Thủy", "Thảo", "Hạnh", "Loan", "Tuyết",
    "Dung", "Liên", "Nhung", "Oanh", "Phương", "Yến", "Vân", "Xuân", "Ngọc", "Trang", "Huyền",
)  # fmt: skip

AGENCIES: tuple[tuple[str, str, str | None], ...] = (
    # (name, kind, village it sits in, or None for the commune centre)
    ("Ủy ban nhân dân xã Thạch Bình", "Cơ quan hành chính", None),
    ("Đảng ủy xã Thạch Bình", "Cơ quan Đảng", None),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam xã Thạch Bình", "Đoàn thể", None),
    ("Công an xã Thạch Bình", "An ninh", None),
    ("Ban Chỉ huy Quân sự xã Thạch Bình", "Quốc phòng", None),
    ("Trạm Y tế xã Thạch Bình", "Y tế", None),
    ("Trường Mầm non Thạch Bình", "Giáo dục", "Bình Lý"),
    ("Trường Tiểu học Thạch Bình", "Giáo dục", "Bình Yên"),
    ("Trường THCS Thạch Bình", "Giáo dục", "Đông Nam"),
    ("Bưu điện văn hóa xã Thạch Bình", "Bưu chính", None),
    ("Hợp tác xã nông nghiệp Thạch Bình", "Kinh tế hợp tác", "Bình Minh"),
    ("Quỹ tín dụng nhân dân Thạch Bình", "Tài chính", None),
    *((f"Nhà văn hóa thôn {v.name}", "Văn hóa", v.name) for v in VILLAGES),
    ("Hội Nông dân xã Thạch Bình", "Đoàn thể", None),
    ("Hội Liên hiệp Phụ nữ xã Thạch Bình", "Đoàn thể", None),
    ("Đoàn Thanh niên xã Thạch Bình", "Đoàn thể", None),
    ("Hội Cựu chiến binh xã Thạch Bình", "Đoàn thể", None),
    ("Chợ Thạch Bình", "Chợ", "Xóm Mới"),
    ("Sân vận động xã Thạch Bình", "Thể thao", "Bình Lý"),
    ("Nghĩa trang liệt sĩ xã Thạch Bình", "Công trình công cộng", "Tây Bắc"),
)
# Heritage sites: capitals limited to plain letters and Đ, which TCVN3 (.VnTime) can hold.
HERITAGE: tuple[tuple[str, str], ...] = (
    ("Đình làng Bình Lý", "Bình Lý"),
    ("Đền Thạch Bình", "Xóm Mới"),
    ("Chùa Bình Yên", "Bình Yên"),
    ("Nhà thờ họ Nguyễn Đình", "Tây Bắc"),
    ("Nhà thờ họ Trần Văn", "Đông Nam"),
    ("Miếu thôn Bình Minh", "Bình Minh"),
)
COMMUNE_CENTRE = (105.9318, 18.3148)  # lon, lat of the commune's centre (its People's Committee)


# --- Villages ------------------------------------------------------------------------------------


def _wiggle(
    rng: Generator, a: tuple[float, float], b: tuple[float, float], axis: int, n: int
) -> list[tuple[float, float]]:
    """Points strictly between a and b, jittered across ``axis`` (0: x, 1: y), tapering to zero at
    both ends: the border stays monotonic along the other axis and meets its neighbours cleanly."""
    amplitude = 0.00045  # degrees, about 50 m
    offsets = np.cumsum(rng.normal(0.0, 0.5, n))  # a random walk: a border, not white noise
    offsets = np.clip(offsets, -1.0, 1.0)
    out: list[tuple[float, float]] = []
    for i in range(1, n + 1):
        t = i / (n + 1)
        x = a[0] + (b[0] - a[0]) * t
        y = a[1] + (b[1] - a[1]) * t
        shift = amplitude * math.sin(math.pi * t) * float(offsets[i - 1])
        if axis == 0:
            x += shift
        else:
            y += shift
        out.append((x, y))
    return out


def _round_pt(p: tuple[float, float]) -> tuple[float, float]:
    return (round(p[0], COORD_DECIMALS), round(p[1], COORD_DECIMALS))


def build_villages(rng: Generator) -> dict[str, Polygon]:
    """Six polygons tiling the bounding box: a 3 x 2 grid whose shared borders wander."""
    lon0, lat0, lon1, lat1 = BBOX
    width, height = lon1 - lon0, lat1 - lat0
    cols = [lon0 + width * f for f in (0.34, 0.66)]
    row = lat0 + height * 0.52

    def jit(scale: float) -> float:
        return float(rng.uniform(-scale, scale))

    west = (lon0, row + jit(0.0010))
    east = (lon1, row + jit(0.0010))
    junctions = [(c + jit(0.0010), row + jit(0.0010)) for c in cols]
    south = [(c + jit(0.0012), lat0) for c in cols]
    north = [(c + jit(0.0012), lat1) for c in cols]

    h_points = [west]
    for a, b in zip([west, *junctions], [*junctions, east], strict=True):
        h_points += [*_wiggle(rng, a, b, axis=1, n=9), b]
    borders = [LineString([_round_pt(p) for p in h_points])]
    for s, j, n in zip(south, junctions, north, strict=True):
        points = [s, *_wiggle(rng, s, j, axis=0, n=8), j, *_wiggle(rng, j, n, axis=0, n=8), n]
        borders.append(LineString([_round_pt(p) for p in points]))

    frame = Polygon([(lon0, lat0), (lon1, lat0), (lon1, lat1), (lon0, lat1)]).exterior
    faces = list(polygonize([unary_union([frame, *borders])]).geoms)
    if len(faces) != len(VILLAGES):
        raise RuntimeError(f"expected {len(VILLAGES)} village faces, got {len(faces)}")
    # The jitter (under 0.002°) is far smaller than a cell (about 0.01°), so each unjittered cell
    # centre lies in its own face.
    xs, ys = (lon0, *cols, lon1), (lat0, row, lat1)
    named: dict[str, Polygon] = {}
    for v in VILLAGES:
        c, r = v.cell
        centre = Point((xs[c] + xs[c + 1]) / 2, (ys[r] + ys[r + 1]) / 2)
        face = next(f for f in faces if isinstance(f, Polygon) and f.contains(centre))
        named[v.name] = _canonical(face)
    return named


def _canonical(face: Polygon) -> Polygon:
    """Counter-clockwise (RFC 7946) and starting at its south-westernmost vertex, so the output does
    not depend on the order GEOS happens to return rings in."""
    ring = list(orient(face, sign=1.0).exterior.coords)[:-1]
    start = min(range(len(ring)), key=lambda i: (ring[i][1], ring[i][0]))
    ring = ring[start:] + ring[:start]
    return Polygon([*ring, ring[0]])


# --- Points --------------------------------------------------------------------------------------


class Spacing:
    """The points placed so far, in VN-2000 metres, to keep every new one clear of the others."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, float]]] = {}

    def clear(self, x: float, y: float, radius: float = MIN_SPACING_M) -> bool:
        cx, cy = int(x // radius), int(y // radius)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for px, py in self.cells.get((cx + dx, cy + dy), ()):
                    if math.hypot(px - x, py - y) < radius:
                        return False
        return True

    def add(self, x: float, y: float) -> None:
        key = (int(x // MIN_SPACING_M), int(y // MIN_SPACING_M))
        self.cells.setdefault(key, []).append((x, y))

    def clear_wide(self, x: float, y: float, radius: float) -> bool:
        """Clear of every point by ``radius`` (may exceed the grid's cell size)."""
        return all(
            math.hypot(px - x, py - y) >= radius
            for points in self.cells.values()
            for px, py in points
        )


def to_metres(poly: Polygon) -> Polygon:
    lons, lats = zip(*poly.exterior.coords, strict=True)
    xs, ys = TO_VN2000.transform(lons, lats)
    return Polygon(list(zip(xs, ys, strict=True)))


def to_lonlat(x: float, y: float) -> tuple[float, float]:
    lon, lat = TO_WGS84.transform(x, y)
    return float(lon), float(lat)


def _random_inside(rng: Generator, area: Polygon) -> tuple[float, float]:
    minx, miny, maxx, maxy = area.bounds
    while True:
        x, y = float(rng.uniform(minx, maxx)), float(rng.uniform(miny, maxy))
        if area.contains(Point(x, y)):
            return x, y


@dataclass(frozen=True)
class Household:
    village: str
    head: str
    house_number: str
    northing: float
    easting: float


def _head_name(rng: Generator) -> str:
    names, weights = zip(*FAMILY_NAMES, strict=True)
    p = np.array(weights, dtype=float) / sum(weights)
    family = str(names[int(rng.choice(len(names), p=p))])
    if rng.random() < 0.78:  # most registered heads of household are men
        middle, given = rng.choice(MALE_MIDDLE), rng.choice(MALE_GIVEN)
    else:
        middle, given = rng.choice(FEMALE_MIDDLE), rng.choice(FEMALE_GIVEN)
    return f"{family} {middle} {given}"


def _house_number(rng: Generator) -> str:
    if rng.random() < 0.4:  # many rural houses have no number
        return ""
    number = str(int(rng.integers(1, 180)))
    return number + ("A" if rng.random() < 0.05 else "")


def generate_households(
    rng: Generator, villages: dict[str, Polygon], spacing: Spacing
) -> list[Household]:
    """Households along two roads and around two hamlet centres per village."""
    out: list[Household] = []
    for village in VILLAGES:
        inner = to_metres(villages[village.name]).buffer(-EDGE_MARGIN_M)
        assert isinstance(inner, Polygon)
        centres = [_random_inside(rng, inner) for _ in range(2)]
        roads = []
        for _ in range(2):
            cx, cy = _random_inside(rng, inner)
            angle = float(rng.uniform(0, math.pi))
            dx, dy = 2000 * math.cos(angle), 2000 * math.sin(angle)
            road = LineString([(cx - dx, cy - dy), (cx + dx, cy + dy)]).intersection(inner)
            roads.append(road)
        placed = 0
        while placed < village.households:
            if rng.random() < 0.55:
                road = roads[int(rng.integers(0, len(roads)))]
                at = road.interpolate(float(rng.uniform(0, road.length)))
                side = 1 if rng.random() < 0.5 else -1
                angle = float(rng.uniform(0, 2 * math.pi))
                reach = side * float(rng.uniform(10, 35))
                x, y = at.x + reach * math.cos(angle), at.y + reach * math.sin(angle)
            else:
                cx, cy = centres[int(rng.integers(0, len(centres)))]
                x, y = cx + float(rng.normal(0, 80)), cy + float(rng.normal(0, 80))
            x, y = round(x, 2), round(y, 2)
            if not inner.contains(Point(x, y)) or not spacing.clear(x, y):
                continue
            spacing.add(x, y)
            out.append(Household(village.name, _head_name(rng), _house_number(rng), y, x))
            placed += 1
    return out


def _free_spot(
    rng: Generator,
    area: Polygon,
    spacing: Spacing,
    near: tuple[float, float] | None = None,
    spread: float = 120.0,
    clearance: float = 20.0,
) -> tuple[float, float]:
    """A point in ``area`` (metres), near ``near`` if given, ``clearance`` metres from any other."""
    for _ in range(100_000):
        if near is None:
            x, y = _random_inside(rng, area)
        else:
            x, y = near[0] + float(rng.normal(0, spread)), near[1] + float(rng.normal(0, spread))
        if area.contains(Point(x, y)) and spacing.clear_wide(x, y, clearance):
            spacing.add(x, y)
            return x, y
    raise RuntimeError("no free spot found")


def _inner(villages: dict[str, Polygon], name: str) -> Polygon:
    inner = to_metres(villages[name]).buffer(-EDGE_MARGIN_M)
    assert isinstance(inner, Polygon)
    return inner


def _village_at(villages: dict[str, Polygon], x: float, y: float) -> str:
    lon, lat = to_lonlat(x, y)
    return next(name for name, poly in villages.items() if poly.contains(Point(lon, lat)))


def generate_agencies(
    rng: Generator, villages: dict[str, Polygon], spacing: Spacing
) -> list[dict[str, str]]:
    cx, cy = TO_VN2000.transform(*COMMUNE_CENTRE)
    centre_village = _village_at(villages, cx, cy)
    rows = []
    for i, (name, kind, village) in enumerate(AGENCIES, start=1):
        if village is None:
            area = _inner(villages, centre_village)
            # The commune's offices stand together around the People's Committee.
            x, y = _free_spot(rng, area, spacing, near=(cx, cy), spread=90.0)
        else:
            area = _inner(villages, village)
            middle = area.representative_point()
            x, y = _free_spot(rng, area, spacing, near=(middle.x, middle.y), spread=150.0)
        lon, lat = to_lonlat(x, y)
        phone = f"0239 3{int(rng.integers(0, 1000)):03d} {int(rng.integers(0, 1000)):03d}"
        rows.append(
            {
                "ma": f"CQ-{i:02d}",
                "ten": name,
                "loai": kind,
                "vi_do": f"{lat:.{LATLON_DECIMALS}f}",
                "kinh_do": f"{lon:.{LATLON_DECIMALS}f}",
                "dien_thoai": phone,
            }
        )
    return rows


def generate_heritage(
    rng: Generator, villages: dict[str, Polygon], spacing: Spacing
) -> list[dict[str, str]]:
    rows = []
    for i, (name, village) in enumerate(HERITAGE, start=1):
        x, y = _free_spot(rng, _inner(villages, village), spacing, clearance=30.0)
        lon, lat = to_lonlat(x, y)
        rows.append(
            {
                "ma": f"DT-{i:02d}",
                "ten": name,
                "kinh_do": f"{lon:.{LATLON_DECIMALS}f}",
                "vi_do": f"{lat:.{LATLON_DECIMALS}f}",
            }
        )
    return rows


# Each bad row's problem, in file order (line 2 onward); data/README.md repeats this list.
BAD_ROW_PROBLEMS = (
    "good row",
    "missing latitude",
    "unparseable longitude",
    "latitude out of range",
    "latitude and longitude swapped",
    "outside every village",
    "duplicate of line 2 (same ma, same place)",
    "2 m from line 2, other ma and name: warning 'same site?', imported",
    "unknown kind",
    "agency without a name",
)


def generate_bad_rows(
    rng: Generator, villages: dict[str, Polygon], spacing: Spacing
) -> list[dict[str, str]]:
    """Household rows for the importer's error report, each bad in one way (BAD_ROW_PROBLEMS)."""

    def spot(village: str) -> tuple[float, float]:
        return _free_spot(rng, _inner(villages, village), spacing, clearance=30.0)

    def fmt(v: float) -> str:
        return f"{v:.{LATLON_DECIMALS}f}"

    def row(ma: str, ten: str, lon: str, lat: str, loai: str = "household") -> dict[str, str]:
        return {"ma": ma, "ten": ten, "kinh_do": lon, "vi_do": lat, "loai": loai}

    gx, gy = spot("Bình Minh")
    good_lon, good_lat = to_lonlat(gx, gy)
    dup_lon, dup_lat = to_lonlat(gx, gy + 0.5)  # 0.5 m north: the same place
    near_lon, near_lat = to_lonlat(gx + 2.0, gy)  # 2 m east
    swapped_lon, swapped_lat = to_lonlat(*spot("Bình Yên"))
    lon3, _ = to_lonlat(*spot("Tây Bắc"))
    lon4, _ = to_lonlat(*spot("Đông Nam"))
    _, lat5 = to_lonlat(*spot("Xóm Mới"))
    kind_lon, kind_lat = to_lonlat(*spot("Bình Lý"))
    agency_lon, agency_lat = to_lonlat(*spot("Xóm Mới"))
    return [
        row("BR-01", "Lê Văn Hùng", fmt(good_lon), fmt(good_lat)),
        row("BR-02", "Trần Thị Lan", fmt(lon3), ""),
        row("BR-03", "Phan Đình Sơn", "105,93a", fmt(18.3162)),
        row("BR-04", "Nguyễn Hữu Tâm", fmt(lon4), "95.0"),
        row("BR-05", "Võ Thị Hằng", fmt(swapped_lat), fmt(swapped_lon)),
        row("BR-06", "Hồ Xuân Nam", "106.100000", fmt(lat5)),
        row("BR-01", "Lê Văn Hùng", fmt(dup_lon), fmt(dup_lat)),
        row("BR-07", "Đặng Quang Minh", fmt(near_lon), fmt(near_lat)),
        row("BR-08", "Quán cơm Bình Lý", fmt(kind_lon), fmt(kind_lat), "nha_hang"),
        row("BR-09", "", fmt(agency_lon), fmt(agency_lat), "agency"),
    ]


# --- Writing -------------------------------------------------------------------------------------


def write_villages(path: Path, villages: dict[str, Polygon]) -> None:
    features = []
    for v in VILLAGES:
        ring = [[x, y] for x, y in villages[v.name].exterior.coords]
        features.append(
            {
                "type": "Feature",
                "properties": {"ma_thon": v.code, "ten_thon": v.name, "so_ho_du_kien": v.expected},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    # One feature per line: readable in a diff, and still a single FeatureCollection.
    lines = [json.dumps(f, ensure_ascii=False) for f in features]
    text = '{"type": "FeatureCollection", "features": [\n' + ",\n".join(lines) + "\n]}\n"
    json.loads(text)  # the hand-made frame must still be JSON
    path.write_text(text, encoding="utf-8")


def write_households(path: Path, households: Sequence[Household]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Ho gia dinh"
    header = ["STT", "Ma_ho", "Chu_ho", "So_nha", "Thon", "X", "Y"]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, h in enumerate(households, start=1):
        # Cadastral habit: X is the northing, Y the easting (VN-2000 / TM-3 105-30, metres).
        ws.append(
            [i, f"HGD-{i:04d}", h.head, h.house_number or None, h.village, h.northing, h.easting]
        )
    for row in ws.iter_rows(min_row=2, min_col=6, max_col=7):
        for cell in row:
            cell.number_format = "0.00"
    for column, width in zip("ABCDEFG", (6, 11, 26, 8, 12, 13, 13), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    props = wb.properties
    props.creator = "diachiso data/generate.py (synthetic sample)"
    props.title = "Danh sách hộ gia đình xã Thạch Bình (dữ liệu mẫu, giả lập)"
    props.created = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    props.modified = FIXED_TIME  # openpyxl stamps "now" on save; put the fixed time back
    core = tostring(props.to_tree())
    path.write_bytes(_normalised_zip(buffer.getvalue(), {"docProps/core.xml": core}))


def _normalised_zip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The same archive with fixed entry timestamps and no compression: byte-identical on every
    run and every zlib build (deflate output may differ between zlib and zlib-ng)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_STORED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, replace.get(info.filename, src.read(info.filename)))
    return out.getvalue()


def _csv_text(header: Sequence[str], rows: Iterable[dict[str, str]], newline: str) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(header), lineterminator=newline)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(path: Path, header: Sequence[str], rows: Iterable[dict[str, str]]) -> None:
    path.write_bytes(_csv_text(header, rows, "\n").encode("utf-8"))


def write_tcvn3_csv(path: Path, header: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
    # CRLF, as the old Windows spreadsheets that hold TCVN3 text were saved.
    text = _csv_text(header, rows, "\r\n")
    raw = encode_tcvn3(text)  # raises if a name has a toned capital, which TCVN3 cannot hold
    if decode_bytes(raw, "tcvn3") != text:
        raise RuntimeError("TCVN3 round trip failed")
    path.write_bytes(raw)


def generate(out: Path) -> list[Path]:
    """Write every sample file into ``out``; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    villages = build_villages(rng)
    spacing = Spacing()
    households = generate_households(rng, villages, spacing)
    agencies = generate_agencies(rng, villages, spacing)
    heritage = generate_heritage(rng, villages, spacing)
    bad_rows = generate_bad_rows(rng, villages, spacing)

    paths = {
        name: out / name
        for name in (
            "villages.geojson",
            "ho_gia_dinh.xlsx",
            "co_quan.csv",
            "di_tich_tcvn3.csv",
            "bad_rows.csv",
        )
    }
    write_villages(paths["villages.geojson"], villages)
    write_households(paths["ho_gia_dinh.xlsx"], households)
    write_csv(
        paths["co_quan.csv"], ("ma", "ten", "loai", "vi_do", "kinh_do", "dien_thoai"), agencies
    )
    write_tcvn3_csv(paths["di_tich_tcvn3.csv"], ("ma", "ten", "kinh_do", "vi_do"), heritage)
    write_csv(paths["bad_rows.csv"], ("ma", "ten", "kinh_do", "vi_do", "loai"), bad_rows)
    return list(paths.values())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = parser.parse_args(argv)
    for path in generate(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
