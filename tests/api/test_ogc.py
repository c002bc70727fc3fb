"""OGC API – Features under /ogc, on SQLite and PostgreSQL (the `site` fixture's backends): the
documents' shapes, paging by next links, the filters, single items, the CRS parameters against
pyproj, and the public-field rule (anonymous readers never see a household's name; an officer
sees the full record of their own commune's points only)."""

from __future__ import annotations

from typing import Any

import pytest
from pyproj import Transformer

from gis.views.public import PointFilter, list_public
from tests.api.conftest import VILLAGE, Site, bearer, personal_data
from tests.api.test_console_followup import _stranger

ITEMS = "/ogc/collections/points/items"
PUBLIC_URL = "http://127.0.0.1:8000"  # the test settings' PUBLIC_URL (links are built from it)
EPSG_4326 = "http://www.opengis.net/def/crs/EPSG/0/4326"
EPSG_9209 = "http://www.opengis.net/def/crs/EPSG/0/9209"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


def _public_points(site: Site, where: PointFilter | None = None) -> list[dict[str, Any]]:
    """Every public feature of the registry, read through the public API's own query."""
    features, after = [], 0
    with site.registry.read() as conn:
        while True:
            page, last = list_public(conn, where or PointFilter(), limit=1000, after_id=after)
            features += page
            if last is None:
                return features
            after = last


def _walk(site: Site, url: str, **headers: str) -> list[dict[str, Any]]:
    """Every feature of an items request, following its next links (as GIS tools do)."""
    features: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url is not None:
        response = site.client.get(next_url.removeprefix(PUBLIC_URL), headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        features += page["features"]
        assert page["numberReturned"] == len(page["features"])
        nexts = [link["href"] for link in page["links"] if link["rel"] == "next"]
        next_url = nexts[0] if nexts else None
        assert next_url is None or next_url.startswith(PUBLIC_URL + "/ogc/")
    return features


def test_the_landing_page_conformance_and_collections(site: Site) -> None:
    landing = site.client.get("/ogc", headers={"Host": "evil.example"}).json()
    links = {link["rel"]: link["href"] for link in landing["links"]}
    assert links == {
        "self": f"{PUBLIC_URL}/ogc",
        "service-desc": f"{PUBLIC_URL}/openapi.json",
        "conformance": f"{PUBLIC_URL}/ogc/conformance",
        "data": f"{PUBLIC_URL}/ogc/collections",
    }
    assert landing["title"] == "Địa chỉ số"
    classes = site.client.get("/ogc/conformance").json()["conformsTo"]
    assert {c.rsplit("/", 1)[1] for c in classes} == {"core", "geojson", "oas30", "crs"}
    collections = site.client.get("/ogc/collections").json()["collections"]
    assert [c["id"] for c in collections] == ["points", "villages", "communes"]
    for c in collections:
        assert c["crs"] == [CRS84, EPSG_4326, EPSG_9209] and c["storageCrs"] == CRS84
        x0, y0, x1, y1 = c["extent"]["spatial"]["bbox"][0]
        assert 105 < x0 < x1 < 107 and 18 < y0 < y1 < 19
        assert site.client.get(f"/ogc/collections/{c['id']}").json() == c
    english = site.client.get("/ogc/collections/points?lang=en").json()
    assert english["title"] == "Address points"
    assert site.client.get("/ogc/collections/houses").status_code == 404
    assert site.client.get("/ogc/collections/houses/items").status_code == 404


def test_paging_with_next_links_gives_every_public_point(site: Site) -> None:
    expected = _public_points(site)
    first = site.client.get(f"{ITEMS}?limit=250")
    assert first.headers["content-type"] == "application/geo+json"
    assert first.headers["content-crs"] == f"<{CRS84}>"
    page = first.json()
    assert page["numberMatched"] == len(expected) > 500 and page["numberReturned"] == 250
    assert page["timeStamp"].endswith("Z")
    walked = _walk(site, f"{ITEMS}?limit=250")
    assert walked == expected
    last = site.client.get(f"{ITEMS}?limit=250&offset=500").json()
    prev = [link["href"] for link in last["links"] if link["rel"] == "prev"]
    assert prev and "offset=250" in prev[0]


def test_bbox_and_property_filters(site: Site) -> None:
    box = (105.90, 18.30, 105.93, 18.33)
    inside = _walk(site, f"{ITEMS}?limit=1000&bbox={','.join(map(str, box))}")
    assert inside == _public_points(site, PointFilter(bbox=box))
    assert 0 < len(inside) < len(_public_points(site))
    for f in inside:
        lon, lat = f["geometry"]["coordinates"]
        assert box[0] <= lon <= box[2] and box[1] <= lat <= box[3]
    where = PointFilter(village=VILLAGE, kind="household", status="coded")
    url = f"{ITEMS}?limit=1000&village={VILLAGE}&kind=household&status=coded"
    filtered = _walk(site, url)
    assert filtered == _public_points(site, where) and filtered
    flipped = f"{ITEMS}?bbox={box[1]},{box[0]},{box[3]},{box[2]}&bbox-crs={EPSG_4326}&limit=1000"
    assert _walk(site, flipped) == inside
    villages = _walk(site, "/ogc/collections/villages/items?bbox=" + ",".join(map(str, box)))
    assert villages and all("percent_installed" in v["properties"] for v in villages)
    assert site.client.get(f"{ITEMS}?kind=house").status_code == 422
    assert site.client.get(f"{ITEMS}?bbox=1,2,3").status_code == 400


def test_limits(site: Site) -> None:
    assert len(site.client.get(ITEMS).json()["features"]) == 100
    assert site.client.get(f"{ITEMS}?limit=10000").status_code == 200
    for bad in ("limit=10001", "limit=0", "offset=-1"):
        refused = site.client.get(f"{ITEMS}?{bad}")
        assert refused.status_code == 400, bad
        assert refused.json()["error"]["code"] in ("ogc.bad_limit", "ogc.bad_offset")


def test_single_items_and_unknown_ones(site: Site) -> None:
    code = site.code_in(VILLAGE, kind="agency")
    one = site.client.get(f"{ITEMS}/{code}")
    assert one.status_code == 200 and one.headers["content-type"] == "application/geo+json"
    feature = one.json()
    assert feature["id"] == code and feature["properties"]["village"] == VILLAGE
    lat, lon = site.position(code)
    assert feature["geometry"]["coordinates"] == [lon, lat]
    assert site.client.get(f"{ITEMS}/00000000000").status_code == 404
    villages = site.client.get("/ogc/collections/villages/items").json()["features"]
    first = villages[0]
    again = site.client.get(f"/ogc/collections/villages/items/{first['id']}").json()
    assert again["properties"] == first["properties"]
    assert site.client.get("/ogc/collections/villages/items/999999").status_code == 404
    commune = site.client.get(f"/ogc/collections/communes/items/{site.commune.commune_code}")
    properties = commune.json()["properties"]
    assert properties["name"] == site.commune.name and properties["total"] > 500
    assert commune.json()["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_vn2000_and_lat_lon_axis_order(site: Site) -> None:
    to_vn2000 = Transformer.from_crs(4326, 9209, always_xy=True)
    page = site.client.get(f"{ITEMS}?limit=50&crs=EPSG:9209")
    assert page.headers["content-crs"] == f"<{EPSG_9209}>"
    public = {f["id"]: f for f in _public_points(site)}
    for f in page.json()["features"]:
        lon, lat = public[f["id"]]["geometry"]["coordinates"]
        east, north = to_vn2000.transform(lon, lat)
        x, y = f["geometry"]["coordinates"]
        assert abs(x - east) < 0.001 and abs(y - north) < 0.001
        assert 400_000 < x < 700_000 and 1_900_000 < y < 2_200_000
    flipped = site.client.get(f"{ITEMS}?limit=5&crs={EPSG_4326}")
    assert flipped.headers["content-crs"] == f"<{EPSG_4326}>"
    for f in flipped.json()["features"]:
        assert f["geometry"]["coordinates"] == public[f["id"]]["geometry"]["coordinates"][::-1]
    # A VN-2000 bbox selects what lies inside it.
    east, north = to_vn2000.transform(105.91, 18.31)
    box = f"{east - 1000},{north - 1000},{east + 1000},{north + 1000}"
    near = _walk(site, f"{ITEMS}?limit=1000&bbox={box}&bbox-crs=EPSG:9209&crs=EPSG:9209")
    assert near
    for f in near:
        x, y = f["geometry"]["coordinates"]
        assert east - 1001 < x < east + 1001 and north - 1001 < y < north + 1001
    village = site.client.get("/ogc/collections/villages/items?limit=1&crs=EPSG:9209").json()
    ring = village["features"][0]["geometry"]["coordinates"][0]
    assert 400_000 < ring[0][0] < 700_000
    assert site.client.get(f"{ITEMS}?crs=EPSG:3857").status_code == 400


@pytest.mark.parametrize("reader", ["anonymous", "stranger", "volunteer"])
def test_no_household_name_without_the_communes_officer(site: Site, reader: str) -> None:
    headers = {
        "anonymous": {},
        "stranger": _stranger(site),
        "volunteer": bearer(site.volunteer_token("Hạnh")),
    }[reader]
    code = site.code_in(VILLAGE)
    texts = [
        site.client.get(f"{ITEMS}?limit=10000", headers=headers).text,
        site.client.get(f"{ITEMS}/{code}", headers=headers).text,
    ]
    private = [p for p in personal_data() if len(p) > 5]
    for text in texts:
        assert not [p for p in private if p in text]


def test_the_communes_officer_sees_the_full_record(site: Site) -> None:
    officer = bearer(site.token("Hoa", "officer"))
    code = site.code_in(VILLAGE)
    point = site.point(code)
    mine = site.client.get(f"{ITEMS}/{code}", headers=officer)
    assert mine.headers["cache-control"] == "private, no-store"
    properties = mine.json()["properties"]
    assert properties["name"] == point["name"] and point["name"]
    assert properties["ref"] == point["ref"] and "phone" in properties
    every = site.client.get(f"{ITEMS}?limit=10000", headers=officer).text
    names = [p for p in personal_data() if len(p) > 5]
    assert all(name in every for name in names[:20])
