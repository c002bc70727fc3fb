"""Rows naming former administrative units are mapped to today's (the 2025 merger of Thạch Bình
into Cẩm Bình), and the import report says so."""

from __future__ import annotations

from pathlib import Path

from gis.ingest.adminunits import match_address
from gis.ingest.importing import ImportOptions, import_points
from gis.registry.communes import add_commune
from gis.registry.villages import import_villages
from gis.storage.db import Registry
from tests.conftest import ACTOR
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND, write_csv, write_villages

OLD = "xã Thạch Bình, TP Hà Tĩnh, tỉnh Hà Tĩnh"


def test_former_unit_maps_to_the_merged_commune() -> None:
    assert match_address(OLD, "xã Cẩm Bình").status == "mapped"
    assert match_address(OLD, "xã Cẩm Bình").now.endswith("Cẩm Bình")
    assert match_address("xã Cẩm Vịnh, huyện Cẩm Xuyên, Hà Tĩnh", "xã Cẩm Bình").status == "mapped"


def test_the_commune_as_it_is_is_current_and_others_are_other() -> None:
    assert match_address(OLD, "xã Thạch Bình").status == "current"
    assert match_address("phường Bến Nghé, quận 1, TP Hồ Chí Minh", "xã Cẩm Bình").status == "other"


def test_import_report_names_the_mapped_rows(registry: Registry, tmp_path: Path) -> None:
    commune = add_commune(
        registry,
        name="xã Cẩm Bình",
        commune_code="18685",
        area_number=18685,
        province="tỉnh Hà Tĩnh",
        actor=ACTOR,
    )
    import_villages(registry, commune, write_villages(tmp_path / "v.geojson"), actor=ACTOR)
    path = write_csv(
        tmp_path / "p.csv",
        "ma,ten,vi_do,kinh_do,dia_chi",
        [
            f'H1,Nguyễn Văn An,{INSIDE_FIRST[1]},{INSIDE_FIRST[0]},"{OLD}"',
            f'H2,Trần Thị Bình,{INSIDE_SECOND[1]},{INSIDE_SECOND[0]},"xã Cẩm Bình, tỉnh Hà Tĩnh"',
        ],
    )
    report = import_points(registry, commune, path, ImportOptions(kind="household"), actor=ACTOR)
    assert report.imported == 2
    (note,) = report.notes
    assert note.row == 2 and note.field == "dia_chi" and "mapped" in note.message()
    assert "Thạch Bình" in note.message() and "Cẩm Bình" in note.message()
    assert report.errors == [] and report.warnings == []
    assert note.line().startswith("p.csv: row 2: field 'dia_chi'") and " note: " in note.line()
