"""Render the README's pictures: one plate, one checklist page, one letter (docs/img/*.png).

    .venv/bin/python docs/img/make_images.py

Made from a small made-up batch of Thạch Bình; rasterised with poppler's pdftoppm at modest
resolutions so each PNG stays well under 300 KB.
"""

import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from addrgen.checkdigit import damm_check_digit  # noqa: E402
from plates.batch import BatchOptions, render_batch  # noqa: E402
from plates.records import Kind, PlateRecord, VillageMap  # noqa: E402

# (serial, kind, name (a household's head, made up), house number, lon, lat, plus code from
# openlocationcode.encode)
_POINTS: list[tuple[int, Kind, str | None, str | None, float, float, str]] = [
    (1, "household", "Nguyễn Văn An", "5", 105.9307, 18.3155, "7PC78W8J+674"),
    (2, "household", "Trần Thị Bình", "17", 105.9327, 18.3136, "7PC78W7M+C3W"),
    (3, "agency", "Trường Tiểu học Thạch Bình", None, 105.9320, 18.3151, "7PC78W8J+2RR"),
    (4, "household", "Lê Văn Cường", "9", 105.9314, 18.3139, "7PC78W7J+HH6"),
    (5, "heritage", "Đền thờ Lê Khôi", None, 105.9332, 18.3161, "7PC78W8M+C7W"),
    (6, "household", None, "23", 105.9302, 18.3146, "7PC78W7J+R3W"),
    (7, "household", None, "8", 105.9324, 18.3164, "7PC78W8J+HX6"),
    # a house number given twice, as villages numbered without streets have: flagged "!"
    (8, "household", "Phạm Thị Dung", "23", 105.9296, 18.3130, "7PC78W7H+6R5"),
    (9, "agency", "Nhà văn hóa thôn Bình Minh", None, 105.9311, 18.3128, "7PC78W7J+4CH"),
]


def _code(serial: int) -> str:
    first_ten = f"18112{serial:05d}"
    return first_ten + str(damm_check_digit(first_ten))


PRINTED_ON = datetime(2025, 11, 28, 9, 0)


def _records() -> list[PlateRecord]:
    records = []
    for serial, kind, name, number, lon, lat, plus in _POINTS:
        code = _code(serial)
        records.append(
            PlateRecord(
                code=code, code_display=f"{code[:5]} {code[5:10]} {code[10]}", plus_code=plus,
                kind=kind, name=name, house_number=number, street=None, village="Bình Minh",
                commune="xã Thạch Bình", district="TP Hà Tĩnh", province="Hà Tĩnh",
                lon=lon, lat=lat, printed_on=PRINTED_ON.date(),
            )
        )  # fmt: skip
    return records


def _boundary() -> list[list[tuple[float, float]]]:
    return [[(105.9288, 18.3122), (105.9342, 18.3118), (105.9346, 18.3170),
             (105.9318, 18.3176), (105.9290, 18.3166), (105.9288, 18.3122)]]  # fmt: skip


def _png(pdf: Path, dpi: int, out: Path) -> None:
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile",
         str(pdf), str(out.with_suffix(""))],
        check=True,
    )  # fmt: skip
    print(f"{out.relative_to(HERE.parents[1])}: {out.stat().st_size // 1024} KB")


def main() -> None:
    options = BatchOptions(
        public_url="https://diachi.example.vn",
        batch_id="TB-2025-07",
        created_at=PRINTED_ON,
        letters=True,
        first_letter_number=12,
    )
    with tempfile.TemporaryDirectory() as tmp:
        village = VillageMap("Bình Minh", _boundary())
        files = render_batch(Path(tmp) / "batch", [(village, _records())], options)
        assert files.letters is not None
        _png(files.plates, 120, HERE / "plate.png")
        _png(files.checklist, 75, HERE / "checklist.png")
        _png(files.letters, 75, HERE / "letter.png")


if __name__ == "__main__":
    main()
