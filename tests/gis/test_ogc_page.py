"""The OGC ``points`` page built from rows (gis.views.ogc_points, issue 18's speed at province
scale) says exactly what the per-point path says (bench/ogc.py's baseline, issue 18's first
version): :func:`gis.views.public.public_feature` of each point's record, plus the record's
fields (``PointRecord.as_dict`` but the id and position) in the reader's communes — the
public-field rule unchanged: a household's name, phone and reference only there. In CRS84,
EPSG:4326 and VN-2000, coded and uncoded points, a house number and street, on both
backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from gis.ingest.importing import ImportOptions, import_points
from gis.registry.communes import Commune
from gis.registry.issuing import issue_codes
from gis.storage.db import Registry
from gis.storage.schema import points
from gis.views.ogc_crs import OgcCrs
from gis.views.ogc_points import point_page
from tests.benchmarks import load_bench
from tests.conftest import ACTOR
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND, write_csv

ogc_bench = load_bench("ogc.py", "bench_ogc")
(LON1, LAT1), (LON2, LAT2) = INSIDE_FIRST, INSIDE_SECOND
ROWS = [
    f"H1,Nguyễn Văn A,{LAT1},{LON1},household,12,Lê Khôi,0912 345 678",
    f"H2,Trần Thị B,{LAT1 + 0.0004},{LON1},household,,,",
    f"H3,Lê Văn C,{LAT1 + 0.0008},{LON1},household,,,",
    f"A1,UBND xã,{LAT2},{LON2},agency,1,Trần Phú,",
]


@pytest.fixture
def page_registry(registry: Registry, small_commune: Commune, tmp_path: Path) -> Commune:
    path = write_csv(tmp_path / "p.csv", "ma,ten,vi_do,kinh_do,loai,so_nha,duong,sdt", ROWS)
    options = ImportOptions(kind="household", ref_field="ma", kind_field="loai")
    import_points(registry, small_commune, path, options, actor=ACTOR)
    issue_codes(registry, small_commune, actor=ACTOR)
    path = write_csv(
        tmp_path / "q.csv", "ma,ten,vi_do,kinh_do", [f"H9,Hồ Thị D,{LAT2 + 0.0005},{LON2}"]
    )
    import_points(
        registry, small_commune, path, ImportOptions(kind="household", ref_field="ma"), actor=ACTOR
    )
    return small_commune


@pytest.mark.parametrize("epsg", [None, 4326, 9209])
@pytest.mark.parametrize("full", [False, True])
def test_the_page_from_rows_equals_the_per_point_features(
    registry: Registry, page_registry: Commune, epsg: int | None, full: bool
) -> None:
    crs = OgcCrs(epsg)
    readers = frozenset({page_registry.id}) if full else frozenset()
    with registry.read() as conn:
        page = point_page(conn, [], crs=crs, full_communes=readers, limit=100, offset=0)
        coded = conn.execute(select(points.c.code).where(points.c.code.is_not(None))).scalars()
        assert len(list(coded)) == 4  # coded and uncoded points both in the page
    with registry.read() as conn:
        expected = ogc_bench.per_point_page(
            conn, [], crs=crs, full_communes=readers, limit=100, offset=0
        )
    assert len(page) == 5
    for got, want in zip(page, expected, strict=True):
        assert got == want
        assert list(got["properties"]) == list(want["properties"])  # the keys' order too
    names = {f["properties"]["name"] for f in page}
    assert ("Nguyễn Văn A" in names) is full and "UBND xã" in names
    phones = {f["properties"].get("phone") for f in page}
    assert ("0912 345 678" in phones) is full


def test_a_page_is_a_window_of_the_id_order(registry: Registry, page_registry: Commune) -> None:
    with registry.read() as conn:
        whole = point_page(conn, [], crs=OgcCrs(None), full_communes=frozenset(), limit=5, offset=0)
        second = point_page(
            conn, [], crs=OgcCrs(None), full_communes=frozenset(), limit=2, offset=2
        )
        past = point_page(conn, [], crs=OgcCrs(None), full_communes=frozenset(), limit=2, offset=9)
    assert second == whole[2:4] and past == []
