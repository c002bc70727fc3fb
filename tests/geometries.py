"""Sample geometries for the registry tests, edge cases included (shapely's tests/common.py
is the model): a small commune of three villages side by side — the last one empty — a point
on a shared border, one outside every village, and two points 1 m apart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# Three 0.01° × 0.01° villages in a row near Thạch Bình (≈ 1.05 km × 1.1 km each).
LAT_LO, LAT_HI = 18.310, 18.320
VILLAGES: list[tuple[str, float, float]] = [
    ("Thôn Bình Minh", 105.910, 105.920),
    ("Thôn Xóm Mới", 105.920, 105.930),
    ("Thôn Trống", 105.930, 105.940),  # the empty village: no point is ever put here
]
COMMUNE_BBOX = (105.910, LAT_LO, 105.940, LAT_HI)

INSIDE_FIRST = (105.9150, 18.3150)  # lon, lat: well inside the first village
INSIDE_SECOND = (105.9250, 18.3150)
ON_BORDER = (105.9200, 18.3130)  # on the shared edge of the first two: the first one wins
OUTSIDE = (106.1000, 18.3200)  # in the sea east of the commune
METRE_IN_DEGREES_LON = 1.0 / (111_320.0 * 0.94913)  # cos(18.315°) ≈ 0.94913
ONE_METRE_EAST = (INSIDE_FIRST[0] + METRE_IN_DEGREES_LON, INSIDE_FIRST[1])


def village_features() -> dict[str, Any]:
    features = []
    for i, (name, lon_lo, lon_hi) in enumerate(VILLAGES):
        ring = [
            [lon_lo, LAT_LO],
            [lon_hi, LAT_LO],
            [lon_hi, LAT_HI],
            [lon_lo, LAT_HI],
            [lon_lo, LAT_LO],
        ]
        features.append(
            {
                "type": "Feature",
                "properties": {"ten_thon": name, "so_ho": 10 * (i + 1)},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_villages(path: Path) -> Path:
    path.write_text(json.dumps(village_features(), ensure_ascii=False), encoding="utf-8")
    return path


def write_csv(path: Path, header: str, rows: list[str], encoding: str = "utf-8") -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding=encoding)
    return path
