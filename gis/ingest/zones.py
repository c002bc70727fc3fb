"""VN-2000's provincial zones: which TM-3 zone each province's cadastral maps use, and which zone
a file's metres belong to.

Every province draws its cadastral maps in VN-2000 / TM-3 with its own central meridian
(Thông tư 973/2001/TT-TCĐC); the same easting and northing read in the neighbouring zone land
≈ 26 km away. Officers name the system "VN2000" without the zone, or forget it altogether, so
the import needs both the table (a name → its zone) and a test on the data (metres → the zone
that puts them in the commune's villages)."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from numpy.typing import NDArray
from pyproj import CRS, Transformer

from gis.spatial.geometry import VillageIndex

__all__ = [
    "ZONE_EPSG",
    "crs_key",
    "fits_vn2000",
    "meridian_label",
    "province_zones",
    "vn2000_zone",
    "zone_of_metres",
]

#: Central meridian (degrees) → the EPSG code of its VN-2000 / TM-3 zone (k = 0.9999, false
#: easting 500 km). 105°00', 107°45' and 108°00' are EPSG's "zone 482", "107-45", "zone 491".
ZONE_EPSG: dict[float, int] = {
    102.0: 5896, 103.0: 9205, 104.0: 9206, 104.5: 9207, 104.75: 9208, 105.0: 5897,
    105.5: 9209, 105.75: 9210, 106.0: 9211, 106.25: 9212, 106.5: 9213, 107.0: 9214,
    107.25: 9215, 107.5: 9216, 107.75: 5899, 108.0: 5898, 108.25: 9217, 108.5: 9218,
}  # fmt: skip

# The 63 provinces before July 2025 (Thông tư 973/2001), by the key of their name.
_OLD_PROVINCES: dict[str, float] = {
    "laichau": 103.0, "dienbien": 103.0, "sonla": 104.0, "laocai": 104.75, "yenbai": 104.75,
    "hagiang": 105.5, "tuyenquang": 106.0, "phutho": 104.75, "vinhphuc": 105.0,
    "caobang": 105.75, "langson": 107.25, "backan": 106.5, "thainguyen": 106.5,
    "bacgiang": 107.0, "bacninh": 105.5, "quangninh": 107.75, "haiphong": 105.75,
    "haiduong": 105.5, "hungyen": 105.5, "hanoi": 105.0, "hoabinh": 106.0, "hanam": 105.0,
    "namdinh": 105.5, "thaibinh": 105.5, "ninhbinh": 105.0, "thanhhoa": 105.0, "nghean": 104.75,
    "hatinh": 105.5, "quangbinh": 106.0, "quangtri": 106.25, "thuathienhue": 107.0,
    "hue": 107.0, "danang": 107.75, "quangnam": 107.75, "quangngai": 108.0, "binhdinh": 108.25,
    "kontum": 107.5, "gialai": 108.5, "daklak": 108.5, "daknong": 108.5, "phuyen": 108.5,
    "khanhhoa": 108.25, "ninhthuan": 108.25, "binhthuan": 108.5, "lamdong": 107.75,
    "binhduong": 105.75, "binhphuoc": 106.25, "dongnai": 107.75, "bariavungtau": 107.75,
    "tayninh": 105.5, "longan": 105.75, "tiengiang": 105.75, "bentre": 105.75,
    "dongthap": 105.0, "vinhlong": 105.5, "travinh": 105.5, "angiang": 104.75,
    "kiengiang": 104.5, "cantho": 105.0, "haugiang": 105.0, "soctrang": 105.5,
    "baclieu": 105.0, "camau": 104.5, "hochiminh": 105.75,
}  # fmt: skip
# The provinces since July 2025 (Nghị quyết 202/2025/QH15) that took in others: a commune of
# the province may lie in any of its former provinces' zones. Their names are old names too,
# and a registry may hold either, so the union is what the name can mean.
_MERGED: dict[str, tuple[str, ...]] = {
    "tuyenquang": ("hagiang",), "laocai": ("yenbai",), "thainguyen": ("backan",),
    "phutho": ("vinhphuc", "hoabinh"), "bacninh": ("bacgiang",), "hungyen": ("thaibinh",),
    "haiphong": ("haiduong",), "ninhbinh": ("hanam", "namdinh"), "quangtri": ("quangbinh",),
    "danang": ("quangnam",), "quangngai": ("kontum",), "gialai": ("binhdinh",),
    "khanhhoa": ("ninhthuan",), "lamdong": ("daknong", "binhthuan"), "daklak": ("phuyen",),
    "hochiminh": ("binhduong", "bariavungtau"), "dongnai": ("binhphuoc",),
    "tayninh": ("longan",), "cantho": ("soctrang", "haugiang"),
    "vinhlong": ("bentre", "travinh"), "dongthap": ("tiengiang",), "camau": ("baclieu",),
    "angiang": ("kiengiang",),
}  # fmt: skip
_UNIT_PREFIX = re.compile(r"^(tinh|thanhpho|tp)(?=.)")

# Eastings of a TM-3 zone stay within ±400 km of its false easting; Vietnam's northings run
# from ≈ 0.66e6 (6° N) to ≈ 2.66e6 m (24° N). Degrees never reach these values.
EASTING_RANGE = (100_000.0, 900_000.0)
NORTHING_RANGE = (600_000.0, 2_700_000.0)
# Rows tried per zone when looking for a file's zone: enough to be sure, cheap on any file.
SAMPLE = 500


def crs_key(text: str) -> str:
    """A name as compared: lower case, without diacritics, spaces, dashes or dots."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in plain.lower() if ch.isascii() and ch.isalnum())


def province_zones(province: str | None) -> tuple[int, ...]:
    """The EPSG codes of the VN-2000 zones a province's communes may use ("tỉnh Hà Tĩnh" →
    (9209,)); () for a name the table does not know."""
    key = _UNIT_PREFIX.sub("", crs_key(province or ""))
    if key not in _OLD_PROVINCES:
        return ()
    names = (key, *_MERGED.get(key, ()))
    return tuple(dict.fromkeys(ZONE_EPSG[_OLD_PROVINCES[n]] for n in names))


def vn2000_zone(key: str) -> tuple[int, ...] | None:
    """The zones a VN-2000 name (a :func:`crs_key`) means: "vn2000hatinh" → (9209,),
    "vn2000tm310530" → (9209,); () for a VN-2000 name without a zone it can tell; None when the
    name is not VN-2000's."""
    if not key.startswith("vn2000"):
        return None
    rest = key.removeprefix("vn2000").removeprefix("tm3").removeprefix("tm")
    meridian = re.fullmatch(r"(\d{3})(\d{2})?", rest)
    if meridian:
        degrees = int(meridian.group(1)) + int(meridian.group(2) or 0) / 60.0
        return (ZONE_EPSG[degrees],) if degrees in ZONE_EPSG else ()
    return province_zones(rest) if rest else ()


def meridian_label(epsg: int) -> str:
    """A zone's central meridian as maps write it: 9209 → 105°30'."""
    degrees = next(m for m, code in ZONE_EPSG.items() if code == epsg)
    return f"{int(degrees)}°{round((degrees % 1) * 60):02d}'"


def fits_vn2000(east: NDArray[np.float64], north: NDArray[np.float64]) -> bool:
    """Whether every value fits VN-2000 metres in Vietnam (none can be degrees)."""
    return bool(
        len(east)
        and ((east >= EASTING_RANGE[0]) & (east <= EASTING_RANGE[1])).all()
        and ((north >= NORTHING_RANGE[0]) & (north <= NORTHING_RANGE[1])).all()
    )


def zone_of_metres(
    east: NDArray[np.float64], north: NDArray[np.float64], index: VillageIndex
) -> int | None:
    """The VN-2000 zone that puts most of these metres in the commune's villages (at least half
    of them), or None: the check on the data that a table of names cannot make."""
    step = max(1, len(east) // SAMPLE)
    x, y = east[::step], north[::step]
    best, best_hits = None, len(x) / 2.0
    for epsg in ZONE_EPSG.values():
        transformer = Transformer.from_crs(CRS.from_epsg(epsg), "EPSG:4326", always_xy=True)
        lon, lat = (np.asarray(v, dtype=np.float64) for v in transformer.transform(x, y))
        ok = np.isfinite(lon) & np.isfinite(lat)
        hits = int((index.locate(lon[ok], lat[ok]) >= 0).sum())
        if hits >= best_hits:
            best, best_hits = epsg, hits
    return best
