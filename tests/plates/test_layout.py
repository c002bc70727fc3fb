import pytest
from reportlab.lib.units import mm

from plates.errors import PlatesError
from plates.layout import PRESETS, PlateSpec, plate_geometry
from plates.qr import QUIET_ZONE, build_matrix
from plates.sheets import office_grid
from plates.urls import qr_payload


def test_default_plate_is_a6_landscape_with_a_large_qr() -> None:
    spec = PlateSpec()
    assert (spec.width_mm, spec.height_mm) == (148, 105)
    qr = build_matrix(qr_payload("https://diachi.example.vn", "18112001234"), spec.error_correction)
    g = plate_geometry(spec, qr.size)
    assert qr.version == 3
    assert g.qr_module >= 1.5 * mm
    assert g.qr_side >= 45 * mm


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_keep_the_qr_and_text_apart_and_on_the_plate(name: str) -> None:
    spec = PlateSpec.preset(name)
    g = plate_geometry(spec, 29)
    quiet = QUIET_ZONE * g.qr_module
    assert g.qr_module >= spec.min_module_mm * mm
    assert g.column.right <= g.qr_x - quiet  # no text in the quiet zone
    assert g.qr_x + g.qr_side + quiet <= g.width
    assert g.qr_y - quiet >= 0
    assert g.qr_y + g.qr_side + quiet <= g.height - g.band_height


def test_sizes_by_name_or_millimetres() -> None:
    assert PlateSpec.preset("a5").size == PlateSpec.from_mm(210, 148).size
    assert PlateSpec.preset("200x150") == PlateSpec.from_mm(200, 150)
    assert PlateSpec.preset("180 × 120 mm").width_mm == 180
    assert PlateSpec.preset("A6", show_plus_code=False).show_plus_code is False


@pytest.mark.parametrize("name", ["A7", "huge", "105x148"])
def test_unknown_or_portrait_sizes_are_refused(name: str) -> None:
    with pytest.raises(PlatesError) as caught:
        PlateSpec.preset(name)
    assert caught.value.code == ("plate.portrait" if "x" in name else "plate.unknown_size")
    assert caught.value.field == "size"


def test_an_unknown_size_names_the_presets() -> None:
    with pytest.raises(PlatesError) as caught:
        PlateSpec.preset("A7")
    assert str(caught.value) == (
        "unknown plate size 'A7'; expected A6, A5, A4, 150x100, 200x150, 300x200 or WxH in mm"
    )


def test_a_qr_too_small_for_its_modules_is_refused() -> None:
    with pytest.raises(PlatesError, match="modules would be") as caught:
        plate_geometry(PlateSpec(qr_size_mm=40), 29)
    assert caught.value.code == "plate.modules_too_small"
    assert caught.value.params == {
        "module": pytest.approx(1.3793, abs=1e-4),
        "width": 148,
        "height": 105,
        "minimum": 1.5,
    }
    assert "1.38 mm on a 148 × 105 mm plate (at least 1.5 mm)" in str(caught.value)
    assert "1,38 mm trên biển 148 × 105 mm (cần ít nhất 1,5 mm)" in caught.value.message("vi")


@pytest.mark.parametrize(
    ("name", "margin", "count", "landscape"),
    [
        ("A6", 5.0, 4, True),  # the A6 template keeps 5 mm blank inside its trim
        ("A6", 0.0, 4, True),
        ("A6", 8.0, 2, False),
        ("150x100", 5.0, 2, False),
        ("A5", 5.0, 2, False),
    ],
)
def test_office_sheets_fit_as_many_plates_as_the_margins_allow(
    name: str, margin: float, count: int, landscape: bool
) -> None:
    grid = office_grid(PlateSpec.preset(name), margin)
    assert len(grid.cells) == count
    assert (grid.page[0] > grid.page[1]) == landscape
    spec = PlateSpec.preset(name)
    width, height = spec.size
    # Each plate on the paper, and all it prints (inside its safe margin) inside the printer's.
    reach = margin * mm - spec.safe - 1e-6
    for x, y in grid.cells:
        assert x >= 0 and x + width <= grid.page[0] + 1e-6
        assert y >= 0 and y + height <= grid.page[1] + 1e-6
        assert reach <= x and x + width <= grid.page[0] - reach
        assert reach <= y and y + height <= grid.page[1] - reach


def test_a_plate_too_big_for_the_office_printer_is_refused() -> None:
    with pytest.raises(PlatesError, match="shop mode") as caught:
        office_grid(PlateSpec.preset("300x200"), 5.0)
    assert caught.value.code == "sheet.does_not_fit"
    assert caught.value.params == {"width": 300, "height": 200, "margin": 5}
