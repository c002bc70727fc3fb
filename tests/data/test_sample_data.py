"""The committed sample registry of Thạch Bình: reproducible, geometrically sound, and exactly as
data/README.md describes it."""

from __future__ import annotations

import csv
import io
import itertools
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from pyproj import Transformer
from shapely.geometry import Point, Polygon, box, shape
from shapely.ops import unary_union

from gis.ingest.textfix import decode_bytes

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "thach_binh"
FILES = ["villages.geojson", "ho_gia_dinh.xlsx", "co_quan.csv", "di_tich_tcvn3.csv", "bad_rows.csv"]
BBOX = (105.9122, 18.3074, 105.9425, 18.3288)
VILLAGE_NAMES = ["Tây Bắc", "Đông Nam", "Bình Lý", "Bình Yên", "Bình Minh", "Xóm Mới"]
HERITAGE_NAMES = [
    "Đình làng Bình Lý",
    "Đền Thạch Bình",
    "Chùa Bình Yên",
    "Nhà thờ họ Nguyễn Đình",
    "Nhà thờ họ Trần Văn",
    "Miếu thôn Bình Minh",
]
TO_METRES = Transformer.from_crs("EPSG:4326", "EPSG:9209", always_xy=True)
TO_WGS84 = Transformer.from_crs("EPSG:9209", "EPSG:4326", always_xy=True)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("thach_binh")
    subprocess.run(
        [sys.executable, str(REPO / "data" / "generate.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def villages() -> dict[str, Polygon]:
    doc = json.loads((SAMPLE / "villages.geojson").read_text(encoding="utf-8"))
    out: dict[str, Polygon] = {}
    for feature in doc["features"]:
        geom = shape(feature["geometry"])
        assert isinstance(geom, Polygon)
        out[feature["properties"]["ten_thon"]] = geom
    return out


@pytest.fixture(scope="module")
def households() -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(SAMPLE / "ho_gia_dinh.xlsx", read_only=True)
    assert wb.sheetnames == ["Ho gia dinh"]
    rows = list(wb["Ho gia dinh"].iter_rows(values_only=True))
    header = [str(c) for c in rows[0]]
    assert header == ["STT", "Ma_ho", "Chu_ho", "So_nha", "Thon", "X", "Y"]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def read_csv(name: str, encoding: str = "utf-8") -> list[dict[str, str]]:
    text = decode_bytes((SAMPLE / name).read_bytes(), "tcvn3" if "tcvn3" in name else "utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def household_lonlat(rows: list[dict[str, object]]) -> list[tuple[float, float]]:
    # X is the northing and Y the easting (the Vietnamese cadastral habit).
    lon, lat = TO_WGS84.transform(
        [float(str(r["Y"])) for r in rows], [float(str(r["X"])) for r in rows]
    )
    return list(zip(lon, lat, strict=True))


def metres(lonlat: list[tuple[float, float]]) -> np.ndarray:
    x, y = TO_METRES.transform([p[0] for p in lonlat], [p[1] for p in lonlat])
    return np.column_stack([x, y])


def village_of(villages: dict[str, Polygon], lon: float, lat: float) -> str | None:
    hits = [name for name, poly in villages.items() if poly.contains(Point(lon, lat))]
    assert len(hits) <= 1
    return hits[0] if hits else None


# --- reproducible ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_regenerating_gives_identical_bytes(regenerated: Path, name: str) -> None:
    assert (regenerated / name).read_bytes() == (SAMPLE / name).read_bytes()


def test_no_other_files(regenerated: Path) -> None:
    assert sorted(p.name for p in SAMPLE.iterdir()) == sorted(FILES)
    assert sorted(p.name for p in regenerated.iterdir()) == sorted(FILES)


# --- villages ------------------------------------------------------------------------------------


def test_villages_properties() -> None:
    doc = json.loads((SAMPLE / "villages.geojson").read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    props = [f["properties"] for f in doc["features"]]
    assert [p["ten_thon"] for p in props] == VILLAGE_NAMES
    assert [p["ma_thon"] for p in props] == [f"TB{i:02d}" for i in range(1, 7)]
    assert all(f["geometry"]["type"] == "Polygon" for f in doc["features"])
    assert all(isinstance(p["so_ho_du_kien"], int) for p in props)


def test_villages_tile_the_bounding_box(villages: dict[str, Polygon]) -> None:
    polys = list(villages.values())
    assert all(p.is_valid and p.exterior.is_ccw and not p.interiors for p in polys)
    frame = box(*BBOX)
    union = unary_union(polys)
    assert abs(union.area - frame.area) < 1e-9
    assert union.symmetric_difference(frame).area < 1e-9
    for a, b in itertools.combinations(polys, 2):
        assert a.intersection(b).area == pytest.approx(0.0, abs=1e-12)


def test_villages_are_placed_plausibly(villages: dict[str, Polygon]) -> None:
    lon0, lat0, lon1, lat1 = BBOX
    assert villages["Tây Bắc"].covers(Point(lon0, lat1))  # the north-west corner
    assert villages["Đông Nam"].covers(Point(lon1, lat0))  # the south-east corner
    areas = [p.area / box(*BBOX).area for p in villages.values()]
    assert all(0.10 < a < 0.25 for a in areas)  # none a sliver, none a giant


# --- households ----------------------------------------------------------------------------------


def test_household_columns_and_values(households: list[dict[str, object]]) -> None:
    assert [r["STT"] for r in households] == list(range(1, len(households) + 1))
    refs = [r["Ma_ho"] for r in households]
    assert len(set(refs)) == len(refs) and refs[0] == "HGD-0001"
    for r in households:
        name = str(r["Chu_ho"])
        assert name == unicodedata.normalize("NFC", name) and len(name.split()) == 3
        assert r["Thon"] in VILLAGE_NAMES
        assert r["So_nha"] is None or str(r["So_nha"]).strip()
        northing, easting = float(str(r["X"])), float(str(r["Y"]))
        assert 2_020_000 < northing < 2_030_000 and 530_000 < easting < 560_000
        assert round(northing, 2) == northing and round(easting, 2) == easting


def test_household_counts(
    households: list[dict[str, object]], villages: dict[str, Polygon]
) -> None:
    assert 800 <= len(households) <= 900
    doc = json.loads((SAMPLE / "villages.geojson").read_text(encoding="utf-8"))
    expected = {
        f["properties"]["ten_thon"]: f["properties"]["so_ho_du_kien"] for f in doc["features"]
    }
    counts = {name: sum(r["Thon"] == name for r in households) for name in VILLAGE_NAMES}
    assert all(110 <= n <= 180 for n in counts.values())
    assert len(set(counts.values())) == len(counts)  # uneven
    # Expected counts exceed the registered ones a little: coverage shows under-registration.
    assert all(counts[n] < expected[n] <= counts[n] * 1.15 for n in VILLAGE_NAMES)


def test_every_household_is_inside_its_village(
    households: list[dict[str, object]], villages: dict[str, Polygon]
) -> None:
    for row, (lon, lat) in zip(households, household_lonlat(households), strict=True):
        assert village_of(villages, lon, lat) == row["Thon"], row["Ma_ho"]


# --- agencies and heritage sites -----------------------------------------------------------------


def test_agencies(villages: dict[str, Polygon]) -> None:
    rows = read_csv("co_quan.csv")
    assert list(rows[0]) == ["ma", "ten", "loai", "vi_do", "kinh_do", "dien_thoai"]
    assert 20 <= len(rows) <= 30
    assert rows[0]["ten"] == "Ủy ban nhân dân xã Thạch Bình"
    assert [r["ma"] for r in rows] == [f"CQ-{i:02d}" for i in range(1, len(rows) + 1)]
    names = {r["ten"] for r in rows}
    assert {f"Nhà văn hóa thôn {v}" for v in VILLAGE_NAMES} <= names
    for r in rows:
        assert r["loai"] and r["dien_thoai"].startswith("0239 ")
        assert village_of(villages, float(r["kinh_do"]), float(r["vi_do"])) is not None
        if r["ten"].startswith("Nhà văn hóa thôn "):
            village = r["ten"].removeprefix("Nhà văn hóa thôn ")
            assert village_of(villages, float(r["kinh_do"]), float(r["vi_do"])) == village


def test_heritage_file_is_tcvn3(villages: dict[str, Polygon]) -> None:
    raw = (SAMPLE / "di_tich_tcvn3.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really legacy bytes, not UTF-8
    assert decode_bytes(raw) == decode_bytes(raw, "tcvn3")  # auto-detection finds it
    rows = read_csv("di_tich_tcvn3.csv")
    assert list(rows[0]) == ["ma", "ten", "kinh_do", "vi_do"]
    assert [r["ten"] for r in rows] == HERITAGE_NAMES
    assert [r["ma"] for r in rows] == [f"DT-{i:02d}" for i in range(1, 7)]
    for r in rows:
        assert village_of(villages, float(r["kinh_do"]), float(r["vi_do"])) is not None


# --- spacing -------------------------------------------------------------------------------------


def sample_points(households: list[dict[str, object]]) -> list[tuple[float, float]]:
    """Every point a clean import registers: households, agencies, heritage sites, and the good
    rows of bad_rows.csv (line 2, and line 6 once its swapped coordinates are put back)."""
    points = household_lonlat(households)
    for name in ("co_quan.csv", "di_tich_tcvn3.csv"):
        points += [(float(r["kinh_do"]), float(r["vi_do"])) for r in read_csv(name)]
    bad = read_csv("bad_rows.csv")
    points.append((float(bad[0]["kinh_do"]), float(bad[0]["vi_do"])))
    points.append((float(bad[4]["vi_do"]), float(bad[4]["kinh_do"])))
    return points


def test_no_two_sample_points_within_5_m(households: list[dict[str, object]]) -> None:
    xy = metres(sample_points(households))
    d = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    np.fill_diagonal(d, np.inf)
    assert d.min() > 5.0


# --- bad rows ------------------------------------------------------------------------------------


def test_bad_rows_are_bad_in_the_documented_way(
    villages: dict[str, Polygon], households: list[dict[str, object]]
) -> None:
    rows = read_csv("bad_rows.csv")
    assert list(rows[0]) == ["ma", "ten", "kinh_do", "vi_do", "loai"]
    assert len(rows) == 10
    line = {i + 2: r for i, r in enumerate(rows)}  # the header is line 1

    def lonlat(r: dict[str, str]) -> tuple[float, float]:
        return float(r["kinh_do"]), float(r["vi_do"])

    def dist(a: tuple[float, float], b: tuple[float, float]) -> float:
        xy = metres([a, b])
        return float(np.hypot(*(xy[0] - xy[1])))

    good = lonlat(line[2])
    assert village_of(villages, *good) is not None and line[2]["loai"] == "household"
    assert line[3]["vi_do"] == "" and line[3]["kinh_do"]
    assert line[4]["kinh_do"] == "105,93a"
    assert float(line[5]["vi_do"]) == 95.0
    lat6, lon6 = float(line[6]["kinh_do"]), float(line[6]["vi_do"])
    assert lon6 > 90 and village_of(villages, lon6, lat6) is not None
    assert abs(lat6 - 18.31) < 0.02 and abs(lon6 - 105.93) < 0.02
    assert village_of(villages, *lonlat(line[7])) is None
    assert lonlat(line[7])[0] == pytest.approx(106.10)
    assert line[8]["ma"] == line[2]["ma"] and dist(lonlat(line[8]), good) < 1.0
    assert line[9]["ma"] != line[2]["ma"] and line[9]["ten"] != line[2]["ten"]
    assert dist(lonlat(line[9]), good) == pytest.approx(2.0, abs=0.2)
    assert line[10]["loai"] == "nha_hang"
    assert line[11]["loai"] == "agency" and line[11]["ten"] == ""
    for n in (10, 11):
        assert village_of(villages, *lonlat(line[n])) is not None
    # Apart from the deliberate duplicate and near point, every row is clear of the sample points.
    others = metres(household_lonlat(households))
    for n in (2, 10, 11):
        p = metres([lonlat(line[n])])[0]
        assert np.hypot(*(others - p).T).min() > 5.0
