"""Writes the malformed-file corpus next to this script (run it again after changing a case).

Each file is small and made the way an officer's tools make it; README.md says what each one
is and what an import of it must do. The points lie in the three villages of tests/geometries.py."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import geopandas as gpd
import openpyxl
import pyogrio
from pyproj import Transformer
from shapely.geometry import MultiPoint, Point, Polygon

from gis.ingest.textfix import encode_tcvn3, encode_vni
from tests.geometries import village_features
from tests.gis.test_textfix import cp1258_bytes

HERE = Path(__file__).resolve().parent
IN_FIRST = [(105.9150, 18.3150), (105.9160, 18.3160), (105.9170, 18.3140), (105.9130, 18.3120)]
IN_SECOND = [(105.9250, 18.3150), (105.9260, 18.3170)]
CSV_OK = "ten,vi_do,kinh_do\nNhà văn hóa,18.3150,105.9150\nTrường mầm non,18.3160,105.9160\n"


def write_workbook(path: Path, rows: list[list[object]]) -> Path:
    """A one-sheet workbook of ``rows``, as openpyxl writes it (formulas without values)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _kml(placemarks: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Điểm</name>\n'
        f"{placemarks}</Document></kml>\n"
    )


def _placemark(name: str, lon: float, lat: float) -> str:
    return (
        f"<Placemark><name>{name}</name>"
        f"<Point><coordinates>{lon},{lat},0</coordinates></Point></Placemark>\n"
    )


def main() -> None:
    (HERE / "empty.csv").write_bytes(b"")
    (HERE / "header_only.csv").write_text("ten,vi_do,kinh_do\n", encoding="utf-8")
    (HERE / "csv_renamed.xlsx").write_text(CSV_OK, encoding="utf-8")
    good = HERE / "_good.xlsx"
    write_workbook(good, [["ten", "vi_do", "kinh_do"], ["Nhà văn hóa", 18.315, 105.915]])
    data = good.read_bytes()
    (HERE / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    good.unlink()
    # The first sector of an OLE2 compound file: what both an old .xls and a password-protected
    # .xlsx are. (A real encrypted workbook needs msoffcrypto-tool, which is not installed.)
    ole = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(16) + bytes.fromhex("3e000300feff0900")
    (HERE / "ole_container.xlsx").write_bytes(ole + bytes(512 - len(ole)))
    (HERE / "old_format.xls").write_bytes(ole + bytes(512 - len(ole)))

    mixed = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"ten": "Điểm"},
                "geometry": Point(*IN_FIRST[0]).__geo_interface__,
            },
            {
                "type": "Feature",
                "properties": {"ten": "Vùng"},
                "geometry": Polygon(
                    [(105.911, 18.311), (105.912, 18.311), (105.912, 18.312)]
                ).__geo_interface__,
            },
            {
                "type": "Feature",
                "properties": {"ten": "Nhóm"},
                "geometry": MultiPoint(IN_SECOND).__geo_interface__,
            },
            {"type": "Feature", "properties": {"ten": "Không có"}, "geometry": None},
        ],
    }
    (HERE / "mixed_geometries.geojson").write_text(
        json.dumps(mixed, ensure_ascii=False), encoding="utf-8"
    )
    (HERE / "linestring.kml").write_text(
        _kml(
            _placemark("Cổng làng", *IN_FIRST[0])
            + "<Placemark><name>Đường làng</name><LineString><coordinates>"
            "105.915,18.315,0 105.916,18.316,0</coordinates></LineString></Placemark>\n"
        ),
        encoding="utf-8",
    )
    folders = "".join(
        f"<Folder><name>Thôn {f}</name>"
        + "".join(_placemark(f"Điểm {f}{i}", lon, lat) for i, (lon, lat) in enumerate(pts))
        + "</Folder>\n"
        for f, pts in (("A", IN_FIRST[:2]), ("B", IN_FIRST[2:]))
    )
    (HERE / "folders.kml").write_text(_kml(folders), encoding="utf-8")

    gpkg = HERE / "two_layers.gpkg"
    gpkg.unlink(missing_ok=True)
    for layer, pts in (("ho_dan", IN_FIRST), ("co_quan", IN_SECOND)):
        frame = gpd.GeoDataFrame(
            {"ten": [f"{layer} {i}" for i in range(len(pts))]},
            geometry=[Point(p) for p in pts],
            crs="EPSG:4326",
        )
        pyogrio.write_dataframe(frame, gpkg, layer=layer)

    shp_dir = HERE / "no_cpg"
    shp_dir.mkdir(exist_ok=True)
    frame = gpd.GeoDataFrame(
        {"ten": ["Nhà văn hóa thôn", "Đình làng Thạch Bình"]},
        geometry=[Point(p) for p in IN_FIRST[:2]],
        crs="EPSG:4326",
    )
    pyogrio.write_dataframe(frame, shp_dir / "diem.shp", encoding="UTF-8")
    (shp_dir / "diem.cpg").unlink(missing_ok=True)

    (HERE / "villages_as_points.geojson").write_text(
        json.dumps(village_features(), ensure_ascii=False), encoding="utf-8"
    )
    (HERE / "points_as_villages.csv").write_text(CSV_OK, encoding="utf-8")
    points = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"ten_thon": f"Điểm {i}"},
                "geometry": Point(p).__geo_interface__,
            }
            for i, p in enumerate(IN_FIRST)
        ],
    }
    (HERE / "points_as_villages.geojson").write_text(
        json.dumps(points, ensure_ascii=False), encoding="utf-8"
    )

    long_name = "Ủy ban nhân dân " * 313  # 5,008 characters
    (HERE / "long_name.csv").write_text(
        f"ten,vi_do,kinh_do\n{long_name.strip()},18.3150,105.9150\nTrạm y tế,18.3160,105.9160\n",
        encoding="utf-8",
    )
    (HERE / "long_ref_house.csv").write_text(
        "ma,so_nha,vi_do,kinh_do\n"
        f"{'M' * 65},12,18.3150,105.9150\n"
        f"H-2,{'9' * 21},18.3160,105.9160\n"
        "H-3,14,18.3140,105.9170\n",
        encoding="utf-8",
    )
    (HERE / "emoji_name.csv").write_text(
        "ten,vi_do,kinh_do\nQuán cà phê ☕,18.3150,105.9150\nTrạm y tế,18.3160,105.9160\n",
        encoding="utf-8",
    )
    (HERE / "tcvn3_forced_cp1258.csv").write_bytes(
        encode_tcvn3("ten,vi_do,kinh_do\nĐình làng Bình Minh,18.3150,105.9150\n")
    )
    (HERE / "invisible_chars.csv").write_text(
        "ten,ma,vi_do,kinh_do\n"
        "Nhà\u200bvăn hóa,\u00a0NV-1 ,18.3150,105.9150\n"
        "Trạm\u00a0 y\ttế\u0007,YT-1,18.3160,105.9160\n",
        encoding="utf-8",
    )
    coordinate_systems()


def coordinate_systems() -> None:
    """Issue 14: positions whose coordinate system is wrong, or written another way."""
    to_vn2000 = Transformer.from_crs(4326, 9209, always_xy=True)
    metres = [to_vn2000.transform(*p) for p in IN_FIRST[:2]]
    # A cadastral sheet's VN-2000 metres with no --crs: read as degrees, they cannot be.
    (HERE / "vn2000_as_wgs84.csv").write_text(
        "ten,x,y\n" + "".join(f"Điểm {i},{e:.2f},{n:.2f}\n" for i, (e, n) in enumerate(metres)),
        encoding="utf-8",
    )
    # GPS degrees given a projected --crs (VN2000): read as metres, every row far away.
    (HERE / "gps_given_vn2000.csv").write_text(CSV_OK, encoding="utf-8")
    lat_lon = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"ten": f"Điểm {i}"},
                "geometry": {"type": "Point", "coordinates": [lat, lon]},
            }
            for i, (lon, lat) in enumerate(IN_FIRST[:2])
        ],
    }
    (HERE / "latlon_order.geojson").write_text(
        json.dumps(lat_lon, ensure_ascii=False), encoding="utf-8"
    )
    gpkg = HERE / "crs_mismatch.gpkg"
    gpkg.unlink(missing_ok=True)
    frame = gpd.GeoDataFrame(
        {"ten": ["Điểm 0", "Điểm 1"]}, geometry=[Point(p) for p in metres], crs="EPSG:9209"
    )
    pyogrio.write_dataframe(frame, gpkg, layer="diem")
    (HERE / "latlon_one_column.csv").write_text(
        'ten,toa_do\nNhà văn hóa,"18.3150, 105.9150"\nTrạm y tế,"18,316; 105,916"\n',
        encoding="utf-8",
    )

    _csv_dialects()
    _areas()
    _excel_damage()
    _forced_encodings()


def _csv_dialects() -> None:
    """CSVs as Excel writes them in a Vietnamese locale, in every encoding it offers."""
    rows = [("Nhà văn hóa thôn Đông", *IN_FIRST[0]), ("Đình làng Bình Minh", *IN_FIRST[1])]
    comma = [(n, f"{lat}".replace(".", ","), f"{lon}".replace(".", ",")) for n, lon, lat in rows]
    # Semicolons with comma decimals and a comma in each name: more commas than semicolons.
    (HERE / "semicolon_comma_decimals.csv").write_text(
        "ten;vi_do;kinh_do\n" + "".join(f"{n}, xã Thạch Bình;{a};{b}\n" for n, a, b in comma),
        encoding="utf-8",
    )
    (HERE / "quoted_comma_decimals.csv").write_text(
        "ten,vi_do,kinh_do\n" + "".join(f'"{n}","{a}","{b}"\n' for n, a, b in comma),
        encoding="utf-8-sig",
    )
    plain = "ten,vi_do,kinh_do\r\n" + "".join(f"{n},{lat},{lon}\r\n" for n, lon, lat in rows)
    tabbed = plain.replace(",", "\t")
    (HERE / "unicode_text.txt").write_bytes(tabbed.encode("utf-16"))  # Excel's "Unicode Text"
    (HERE / "utf16_no_bom.csv").write_bytes(plain.encode("utf-16-le"))
    (HERE / "cp1258.csv").write_bytes(cp1258_bytes(plain))
    (HERE / "vni.csv").write_bytes(encode_vni(plain))
    # A sheet with a title and a signature block, saved as CSV: the table starts on line 4.
    (HERE / "title_and_signature.csv").write_text(
        "UBND XÃ THẠCH BÌNH;;\nDANH SÁCH CƠ QUAN;;\n;;\nten;vi_do;kinh_do\n"
        + "".join(f"{n};{a};{b}\n" for n, a, b in comma)
        + ";;\nThạch Bình ngày 10 tháng 3 năm 2025;;\nNgười lập biểu;;\n",
        encoding="utf-8",
    )
    (HERE / "excel_empty_rows.csv").write_text(
        "ten;vi_do;kinh_do\n;;\n" + "".join(f"{n};{a};{b}\n;;\n" for n, a, b in comma),
        encoding="utf-8",
    )


def _areas() -> None:
    """Plots as a cadastral map gives them: polygons, one L-shaped (its centroid falls outside
    it, in the notch); and a KML with a polygon placemark beside a point."""
    folder = HERE / "plots_shp"
    folder.mkdir(exist_ok=True)
    ell = Polygon(
        [(105.912, 18.312), (105.916, 18.312), (105.916, 18.313), (105.913, 18.313),
         (105.913, 18.316), (105.912, 18.316)]
    )  # fmt: skip
    square = Polygon([(105.922, 18.312), (105.923, 18.312), (105.923, 18.313), (105.922, 18.313)])
    frame = gpd.GeoDataFrame(
        {"ten": ["Thửa 12", "Thửa 13"]}, geometry=[ell, square], crs="EPSG:4326"
    )
    pyogrio.write_dataframe(frame, folder / "thua.shp", encoding="UTF-8")
    ring = " ".join(f"{x},{y},0" for x, y in square.exterior.coords)
    (HERE / "polygon.kml").write_text(
        _kml(
            _placemark("Cổng làng", *IN_FIRST[0])
            + "<Placemark><name>Nhà văn hóa</name><Polygon><outerBoundaryIs><LinearRing>"
            f"<coordinates>{ring}</coordinates></LinearRing></outerBoundaryIs></Polygon>"
            "</Placemark>\n"
        ),
        encoding="utf-8",
    )


def _excel_damage() -> None:
    """What Excel and programs do to cells: formulas saved without their value (openpyxl saves
    none), house numbers turned into dates, a column name typed twice."""
    (lon1, lat1), (lon2, lat2) = IN_FIRST[:2]
    write_workbook(
        HERE / "formulas_without_values.xlsx",
        [
            ["ten", "vi_do", "kinh_do", "stt"],
            ["Nhà văn hóa", lat1, lon1, 1],
            ["Trạm y tế", f"={lat2}", lon2, "=D2+1"],  # the STT formula is not read: no error
        ],
    )
    write_workbook(
        HERE / "house_numbers_as_dates.xlsx",
        [
            ["ten", "so_nha", "vi_do", "kinh_do", "ngay_lap"],
            ["Nhà văn hóa", datetime(2024, 3, 10), lat1, lon1, datetime(2024, 5, 1)],
            ["Trạm y tế", "12", lat2, lon2, datetime(2024, 5, 1)],  # a date column: left alone
        ],
    )
    (HERE / "house_numbers_as_dates.csv").write_text(
        "ten,so_nha,vi_do,kinh_do\n"
        f"Nhà văn hóa,10/03/2024,{lat1},{lon1}\n"
        f"Trạm y tế,2024-03-10 00:00:00,{lat2},{lon2}\n",
        encoding="utf-8",
    )
    (HERE / "repeated_columns.csv").write_text(
        "ten,ten,vi_do,kinh_do,ghi_chu,ghi_chu\n"
        f"Nhà văn hóa,NVH,{lat1},{lon1},,\n"
        f"Trạm y tế,TYT,{lat2},{lon2},,\n",
        encoding="utf-8",
    )


def _forced_encodings() -> None:
    """TCVN3 text where a forced encoding can reach it besides a CSV: an .xlsx cell and a DBF,
    both read as Latin-1 characters ('§×nh lµng' for 'Đình làng')."""
    name = encode_tcvn3("Đình làng Bình Minh").decode("latin-1")
    write_workbook(
        HERE / "tcvn3_forced_cp1258.xlsx", [["ten", "vi_do", "kinh_do"], [name, 18.315, 105.915]]
    )
    folder = HERE / "tcvn3_dbf"
    folder.mkdir(exist_ok=True)
    frame = gpd.GeoDataFrame({"ten": [name]}, geometry=[Point(IN_FIRST[0])], crs="EPSG:4326")
    pyogrio.write_dataframe(frame, folder / "di_tich.shp", encoding="ISO-8859-1")


if __name__ == "__main__":
    main()
