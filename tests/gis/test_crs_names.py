"""`--crs` takes the names officers type; a VN-2000 without its zone is refused, never read as
the geographic VN-2000 PROJ would take it for."""

from __future__ import annotations

import pytest

from gis.errors import InvalidInput
from gis.ingest.crs import parse_crs


@pytest.mark.parametrize(
    "text", ["VN-2000 Hà Tĩnh", "vn2000 ha tinh", "VN-2000 / TM-3 105-30", "EPSG:9209", "9209"]
)
def test_officers_names_of_hatinh_vn2000(text: str) -> None:
    assert parse_crs(text).to_epsg() == 9209


@pytest.mark.parametrize("text", ["WGS 84", "wgs84", "EPSG:4326", None])
def test_wgs84(text: str | None) -> None:
    assert parse_crs(text).to_epsg() == 4326


@pytest.mark.parametrize("text", ["VN2000", "VN-2000", "vn 2000", "VN-2000 TM-3"])
def test_vn2000_without_a_zone_is_refused_naming_what_is_accepted(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_crs(text)
    assert caught.value.code == "import.vn2000_needs_zone"
    assert "EPSG:9209" in caught.value.message("en") and "Hà Tĩnh" in caught.value.message("vi")


def test_an_unknown_name_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_crs("hệ tọa độ nhà tôi")
    assert caught.value.code == "import.unknown_crs"
