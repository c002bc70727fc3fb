"""Public routes: the address page behind the QR, the read API, the headers, and no personal
data anywhere a stranger can look."""

from __future__ import annotations

import pytest
from markupsafe import escape

from addrgen.checkdigit import damm_check_digit
from addrgen.codes import one_typo_away
from addrgen.errors import InvalidCode
from gis.errors import NotFound
from gis.registry.communes import get_commune
from gis.registry.points import retire_point
from tests.api.conftest import VILLAGE, Site, personal_data


def test_address_page_in_vietnamese(site: Site) -> None:
    code = site.code_in(VILLAGE)
    r = site.client.get(f"/A/{code}")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    assert f"{code[:5]} {code[5:10]} {code[10]}" in html
    assert "Hộ gia đình" in html and "Tây Bắc, xã Thạch Bình" in html
    assert "Đã cấp mã" in html and 'id="plus-code"' in html
    assert "https://www.google.com/maps/dir/?api=1&amp;destination=" in html
    assert "https://www.openstreetmap.org/directions?route=" in html
    assert "/static/leaflet/leaflet.js" in html and "<script>" not in html
    assert "Xác nhận đã gắn biển" not in html  # nobody is signed in


def test_agency_page_shows_its_name(site: Site) -> None:
    code = site.code_in(VILLAGE, kind="agency") if _has(site, "agency") else None
    if code is None:
        pytest.skip("no agency in the first village")
    assert 'id="name"' in site.client.get(f"/A/{code}").text


def _has(site: Site, kind: str) -> bool:
    try:
        site.code_in(VILLAGE, kind=kind)
    except IndexError:
        return False
    return True


def test_address_page_in_english(site: Site) -> None:
    """Asked for (?lang=en); the phone's language alone does not (see test_languages.py)."""
    code = site.code_in(VILLAGE)
    english = site.client.get(f"/A/{code}?lang=en").text
    assert "Household" in english and "Digital address code" in english


@pytest.mark.parametrize("form", ["{a} {s} {c}", "{a}-{s}-{c}", "{a}.{s}.{c}"])
def test_grouped_forms_redirect_permanently(site: Site, form: str) -> None:
    code = site.code_in(VILLAGE)
    given = form.format(a=code[:5], s=code[5:10], c=code[10])
    r = site.client.get(f"/A/{given}?lang=en", follow_redirects=False)
    assert r.status_code == 308
    assert r.headers["location"] == f"/A/{code}?lang=en"


def test_lower_case_path_is_the_same_page(site: Site) -> None:
    code = site.code_in(VILLAGE)
    r = site.client.get(f"/a/{code}", follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"] == f"/A/{code}"
    assert site.client.get(f"/a/{code}").status_code == 200


def test_national_form_answers_with_a_notice(site: Site) -> None:
    code = site.code_in(VILLAGE)
    r = site.client.get(f"/A/{code[:10]}", follow_redirects=False)
    assert r.status_code == 200
    assert 'id="unverified"' in r.text and "không có chữ số kiểm tra" in r.text
    api = site.client.get(f"/api/points/{code[:10]}").json()
    assert api["verified"] is False and api["properties"]["code"] == code


def test_bad_check_digit_is_a_404_that_says_so(site: Site) -> None:
    code = site.code_in(VILLAGE)
    typo = code[:10] + str((int(code[10]) + 1) % 10)
    r = site.client.get(f"/A/{typo}")
    assert r.status_code == 404
    assert "chữ số kiểm tra không khớp" in r.text
    assert "check digit does not match" in site.client.get(f"/A/{typo}?lang=en").text
    api = site.client.get(f"/api/points/{typo}")
    assert api.status_code == 404
    error = api.json()["error"]
    assert (error["code"], error["field"], error["value"]) == ("code.check_digit", "code", typo)
    refused = InvalidCode(typo, "check_digit")
    assert error["message"] == refused.message("vi")  # the registry's language by default
    english = site.client.get(f"/api/points/{typo}", headers={"Accept-Language": "en-US"})
    assert english.json()["error"]["message"] == refused.message("en")
    # The public faces never suggest a code: no valid code but the typed one anywhere.
    for answer in (r.text, api.text, english.text):
        assert code not in answer and f"{code[:5]} {code[5:10]} {code[10]}" not in answer
        assert not [c for c in one_typo_away(typo) if c in answer.replace(" ", "")]


def test_unknown_code_is_a_404_that_says_not_in_registry(site: Site) -> None:
    national = "1811299999"
    unknown = national + str(damm_check_digit(national))
    r = site.client.get(f"/A/{unknown}")
    assert r.status_code == 404 and "không có trong sổ đăng ký" in r.text
    api = site.client.get(f"/api/points/{unknown}")
    assert api.status_code == 404 and api.json()["error"]["code"] == "point.not_in_registry"
    assert site.client.get("/A/not-a-code").status_code == 404


def test_retired_point_says_so(site: Site) -> None:
    code = site.code_in(VILLAGE)
    retire_point(site.registry, site.commune, code, reason="demolished", actor="t")
    r = site.client.get(f"/A/{code}")
    assert r.status_code == 200
    assert 'id="retired"' in r.text and "đã bị thu hồi" in r.text
    assert "demolished" not in r.text  # the officer's reason is not published


def test_api_point_is_a_public_feature(site: Site) -> None:
    code = site.code_in(VILLAGE)
    feature = site.client.get(f"/api/points/{code}").json()
    assert feature["type"] == "Feature" and feature["id"] == code
    props = feature["properties"]
    assert props["code"] == code and props["kind"] == "household"
    assert props["name"] is None and "phone" not in props and "ref" not in props
    lat, lon = site.position(code)
    assert feature["geometry"]["coordinates"] == [lon, lat]


def test_api_points_pages_with_an_opaque_cursor(site: Site) -> None:
    seen: list[str] = []
    url: str | None = "/api/points?limit=250"
    while url is not None:
        body = site.client.get(url).json()
        assert body["type"] == "FeatureCollection"
        seen += [f["id"] for f in body["features"]]
        url = body["links"][0]["href"] if body["next_cursor"] else None
        assert body["numberReturned"] == len(body["features"])
    assert len(seen) == len(set(seen)) == 891


def test_api_points_filters(site: Site) -> None:
    body = site.client.get(f"/api/points?village={VILLAGE}&kind=household&limit=1000").json()
    assert {f["properties"]["village"] for f in body["features"]} == {VILLAGE}
    assert {f["properties"]["kind"] for f in body["features"]} == {"household"}
    lat, lon = site.position(site.code_in(VILLAGE))
    bbox = f"{lon - 1e-6},{lat - 1e-6},{lon + 1e-6},{lat + 1e-6}"
    box = site.client.get(f"/api/points?bbox={bbox}").json()
    assert [f["id"] for f in box["features"]] == [site.code_in(VILLAGE)]
    assert site.client.get("/api/points?status=installed").json()["features"] == []


@pytest.mark.parametrize(
    "query",
    [
        "bbox=1,2,3",
        "bbox=a,b,c,d",
        "bbox=10,10,0,0",
        "limit=0",
        "limit=5000",
        "cursor=zzz",
        "kind=castle",
        "status=lost",
    ],
)
def test_api_points_refuses_bad_queries(site: Site, query: str) -> None:
    r = site.client.get(f"/api/points?{query}")
    assert r.status_code == 422
    assert {"code", "message"} <= set(r.json()["error"]) <= {"code", "message", "field", "value"}


def test_villages_and_coverage(site: Site) -> None:
    villages = site.client.get("/api/villages").json()
    assert villages["type"] == "FeatureCollection" and len(villages["features"]) == 6
    first = villages["features"][0]
    assert first["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert first["properties"]["name"] == VILLAGE and first["properties"]["total"] == 155
    cov = site.client.get("/api/coverage").json()
    assert cov["commune"]["total"] == 891 and cov["commune"]["coded"] == 891
    assert len(cov["villages"]) == 6


def test_healthz(site: Site) -> None:
    assert site.client.get("/healthz").json() == {"status": "ok"}


def test_security_headers(site: Site) -> None:
    r = site.client.get(f"/A/{site.code_in(VILLAGE)}")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_assets_are_served_locally(site: Site) -> None:
    for path in [
        "/static/leaflet/leaflet.js",
        "/static/leaflet/leaflet.css",
        "/static/address.js",
        "/static/site.css",
    ]:
        assert site.client.get(path).status_code == 200, path


def test_openapi_documents_routes_with_examples(site: Site) -> None:
    doc = site.client.get("/openapi.json").json()
    for path in [
        "/api/points/{code}",
        "/api/points",
        "/api/villages",
        "/api/coverage",
        "/api/points/{code}/installations",
        "/api/points/{code}/reports",
        "/api/points/{code}/review",
        "/api/reports/{report_id}/close",
        "/signin/{token}",
        "/healthz",
        "/A/{code}",
    ]:
        assert path in doc["paths"], path
    body = doc["paths"]["/api/points/{code}/installations"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)
    assert "examples" in body["application/json"]["schema"]
    assert "examples" in doc["components"]["schemas"]["ReportCreate"]
    assert site.client.get("/docs").status_code == 200


def test_unknown_api_route_is_json(site: Site) -> None:
    r = site.client.get("/api/nothing")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_no_personal_data_on_any_public_route(site: Site) -> None:
    """Every household head's name and every phone number of the sample data, on every public
    route, for points of every kind."""
    secrets = personal_data()
    assert len(secrets) > 800
    codes = [site.code_in(v, offset=0) for v in (VILLAGE, "Bình Lý")]
    codes += [f["id"] for f in site.client.get("/api/points?kind=agency").json()["features"]]
    codes += [f["id"] for f in site.client.get("/api/points?kind=heritage").json()["features"]]
    urls = ["/", "/healthz", "/api/villages", "/api/coverage", "/openapi.json", "/docs"]
    urls += [f"/A/{c}" for c in codes] + [f"/A/{c}?lang=en" for c in codes]
    urls += [f"/api/points/{c}" for c in codes] + [f"/A/{c[:10]}" for c in codes]
    urls += ["/api/points?limit=1000"]
    ogc = "/ogc/collections"
    urls += ["/ogc", ogc, f"{ogc}/points/items?limit=10000", f"{ogc}/villages/items"]
    urls += [f"{ogc}/communes/items", f"{ogc}/points/items?limit=10000&crs=EPSG:9209"]
    urls += [f"{ogc}/points/items/{c}" for c in codes]
    for url in urls:
        text = site.client.get(url).text
        leaked = [s for s in secrets if s in text]
        assert leaked == [], (url, leaked[:3])
    with_names = site.client.get("/api/points?kind=household&limit=1000").text
    assert not [s for s in secrets if s in with_names]


def test_an_api_refusal_names_its_field(site: Site) -> None:
    r = site.client.get("/api/points?bbox=1,2,3")
    assert r.status_code == 422
    assert (r.json()["error"]["code"], r.json()["error"]["field"]) == ("invalid_bbox", "bbox")


def test_a_refusal_of_the_core_on_a_page_speaks_the_pages_language(site: Site) -> None:
    with site.registry.read() as conn, pytest.raises(NotFound) as refused:
        get_commune(conn, "xã Nowhere")
    for lang, headers in (("vi", {}), ("en", {"Accept-Language": "en"})):
        r = site.client.get("/dashboard?commune=x%C3%A3+Nowhere", headers=headers)
        assert r.status_code == 404 and f'<html lang="{lang}">' in r.text
        assert str(escape(refused.value.message(lang))) in r.text
    api = site.client.get("/api/coverage?commune=x%C3%A3+Nowhere").json()["error"]
    assert (api["code"], api["field"]) == ("commune.not_found", "commune")
    assert api["value"] == "xã Nowhere"
