"""Confirming plates, reporting problems, clearing reviews and closing reports, over HTTP:
every refusal (401, 403, 404, 409, 422, CSRF) and every rule of the confirmation."""

from __future__ import annotations

import math
from typing import Any

import pytest
from sqlalchemy import func, select

from gis.registry.batches import PrintItem, record_batch
from gis.registry.points import retire_point
from gis.storage.schema import events, installations
from tests.api.conftest import OTHER_VILLAGE, VILLAGE, Site, bearer

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100
METRE_LAT = 1 / 111_195.0  # degrees of latitude per metre


def _body(
    site: Site,
    code: str,
    *,
    north_m: float = 0.0,
    accuracy: float = 5.0,
    client_id: str | None = None,
) -> dict[str, Any]:
    lat, lon = site.position(site.plate(code))  # only a printed plate is confirmed
    body: dict[str, Any] = {"lat": lat + north_m * METRE_LAT, "lon": lon, "accuracy_m": accuracy}
    if client_id is not None:
        body["client_id"] = client_id
    return body


def _confirm(site: Site, code: str, token: str, **kw: Any) -> Any:
    return site.client.post(
        f"/api/points/{code}/installations", json=_body(site, code, **kw), headers=bearer(token)
    )


def _count(site: Site, table: Any = installations) -> int:
    with site.registry.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_first_confirmation_is_201_and_installs(site: Site) -> None:
    code, token = site.plate(site.code_in(VILLAGE)), site.volunteer_token()
    before = _count(site, events)
    r = _confirm(site, code, token, north_m=4, client_id="c-1")
    assert r.status_code == 201
    body = r.json()
    assert body["status"] == "installed" and body["needs_review"] is False
    assert math.isclose(body["distance_m"], 4.0, abs_tol=0.2)
    assert site.point(code)["status"] == "installed"
    assert _count(site, events) == before + 1
    cov = site.client.get("/api/coverage").json()
    assert cov["commune"]["installed"] == 1


def test_repeats_answer_200_and_change_nothing(site: Site) -> None:
    code = site.code_in(VILLAGE)
    token = site.volunteer_token()
    first = _confirm(site, code, token, client_id="c-1").json()
    retry = _confirm(site, code, token, client_id="c-1")
    assert retry.status_code == 200 and retry.json()["installation_id"] == first["installation_id"]
    other = _confirm(site, code, site.token("Minh", "officer"), north_m=80, client_id="c-2")
    assert other.status_code == 200
    assert other.json()["installation_id"] == first["installation_id"]
    assert other.json()["needs_review"] is False and other.json()["created"] is False
    assert _count(site) == 1 and site.point(code)["needs_review"] is False


def test_a_reprinted_plate_can_be_confirmed_anew(site: Site) -> None:
    code = site.code_in(VILLAGE)
    token = site.volunteer_token()
    assert _confirm(site, code, token).status_code == 201
    pid = int(str(site.point(code)["id"]))
    with site.registry.write() as conn:
        record_batch(
            conn,
            site.commune,
            purpose="reprint",
            selection={"codes": [code]},
            mode="office",
            draft=False,
            public_url="https://diachi.example.vn",
            out_dir="/tmp",
            files={},
            items=[PrintItem(pid, 1, code, "Tây Bắc")],
            actor="t",
        )
    again = _confirm(site, code, token, client_id="after-reprint")
    assert again.status_code == 201
    assert _confirm(site, code, token).status_code == 200
    assert _count(site) == 2


@pytest.mark.parametrize(
    ("north_m", "accuracy", "flagged"),
    [
        (29.0, 5.0, False),
        (31.0, 5.0, True),
        (39.0, 20.0, False),
        (41.0, 20.0, True),
        (0.0, 50.0, False),
        (0.0, 51.0, True),
    ],
)
def test_needs_review_rule(site: Site, north_m: float, accuracy: float, flagged: bool) -> None:
    code = site.code_in(VILLAGE)
    r = _confirm(site, code, site.volunteer_token(), north_m=north_m, accuracy=accuracy)
    assert r.status_code == 201
    assert r.json()["needs_review"] is flagged
    assert site.point(code)["needs_review"] is flagged


@pytest.mark.parametrize(
    "change",
    [
        {"accuracy_m": 1500},
        {"accuracy_m": -1},
        {"lat": 91},
        {"lon": -181},
        {"lat": "north"},
        {"lat": None},
        {"client_id": "x" * 65},
        {"extra": 1},
    ],
)
def test_absurd_or_invalid_bodies_are_422(site: Site, change: dict[str, Any]) -> None:
    code = site.code_in(VILLAGE)
    body = _body(site, code) | change
    body = {k: v for k, v in body.items() if v is not None}
    r = site.client.post(
        f"/api/points/{code}/installations", json=body, headers=bearer(site.volunteer_token())
    )
    assert r.status_code == 422, r.text
    assert r.json()["error"]["message"]
    assert _count(site) == 0


def test_non_json_body_is_422(site: Site) -> None:
    code = site.code_in(VILLAGE)
    r = site.client.post(
        f"/api/points/{code}/installations",
        content=b"{not json",
        headers=bearer(site.volunteer_token()) | {"Content-Type": "application/json"},
    )
    assert r.status_code == 422


def test_multipart_with_a_photo(site: Site) -> None:
    code = site.code_in(VILLAGE)
    data = {k: str(v) for k, v in _body(site, code, client_id="p-1").items()}
    r = site.client.post(
        f"/api/points/{code}/installations",
        data=data,
        files={"photo": ("plate.jpg", JPEG, "image/jpeg")},
        headers=bearer(site.volunteer_token()),
    )
    assert r.status_code == 201, r.text
    with site.registry.read() as conn:
        row = conn.execute(select(installations.c.photo_type, installations.c.photo)).one()
    assert row.photo_type == "image/jpeg" and row.photo == JPEG


@pytest.mark.parametrize(
    ("photo", "code"),
    [
        (b"%PDF-1.4 not an image", "install.photo_not_image"),
        (JPEG + b"\x00" * (5 * 1024 * 1024), "install.photo_too_large"),
    ],
)
def test_bad_photos_are_refused(site: Site, photo: bytes, code: str) -> None:
    point = site.code_in(VILLAGE)
    data = {k: str(v) for k, v in _body(site, point).items()}
    r = site.client.post(
        f"/api/points/{point}/installations",
        data=data,
        files={"photo": ("x.jpg", photo, "image/jpeg")},
        headers=bearer(site.volunteer_token()),
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == code
    assert r.json()["error"]["field"] == "photo"


def test_writes_without_credentials_are_401(site: Site) -> None:
    code = site.code_in(VILLAGE)
    for path, body in [
        (f"/api/points/{code}/installations", _body(site, code)),
        (f"/api/points/{code}/reports", {"reason": "damaged"}),
        (f"/api/points/{code}/review", {"note": "ok"}),
        ("/api/reports/1/close", {"note": "ok"}),
    ]:
        r = site.client.post(path, json=body)
        assert r.status_code == 401, path
        assert r.json()["error"]["code"] == "unauthorized"
        bad = site.client.post(path, json=body, headers=bearer("A" * 42))
        assert bad.status_code == 401, path


def test_a_volunteer_outside_their_villages_is_403(site: Site) -> None:
    code = site.code_in(OTHER_VILLAGE)
    token = site.volunteer_token()
    r = _confirm(site, code, token)
    assert r.status_code == 403 and r.json()["error"]["code"] == "auth.village_not_allowed"
    report = site.client.post(
        f"/api/points/{code}/reports", json={"reason": "other"}, headers=bearer(token)
    )
    assert report.status_code == 403
    assert _count(site) == 0


def test_unknown_and_mistyped_codes_are_404(site: Site) -> None:
    token = site.volunteer_token()
    code = site.code_in(VILLAGE)
    typo = code[:10] + str((int(code[10]) + 1) % 10)
    r = site.client.post(
        f"/api/points/{typo}/installations", json=_body(site, code), headers=bearer(token)
    )
    assert r.status_code == 404


def test_a_retired_point_cannot_be_confirmed(site: Site) -> None:
    code = site.code_in(VILLAGE)
    retire_point(site.registry, site.commune, code, reason="demolished", actor="t")
    assert _confirm(site, code, site.volunteer_token()).status_code == 409


def test_cookie_writes_need_the_csrf_token(site: Site) -> None:
    csrf = site.signed_in()
    code = site.code_in(VILLAGE)
    url = f"/api/points/{code}/installations"
    missing = site.client.post(url, json=_body(site, code))
    assert missing.status_code == 403 and missing.json()["error"]["code"] == "forbidden"
    assert "CSRF" in missing.json()["error"]["message"]
    wrong = site.client.post(url, json=_body(site, code), headers={"X-CSRF-Token": "0" * 40})
    assert wrong.status_code == 403
    ok = site.client.post(url, json=_body(site, code), headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 201
    page = site.client.get(f"/A/{code}").text
    assert f'content="{csrf}"' in page and "Xác nhận đã gắn biển" in page


def test_signed_in_volunteer_elsewhere_sees_no_button(site: Site) -> None:
    site.signed_in()
    page = site.client.get(f"/A/{site.code_in(OTHER_VILLAGE)}").text
    assert "Xác nhận đã gắn biển" not in page and 'id="not-yours"' in page


def test_reports_review_and_close(site: Site) -> None:
    code = site.code_in(VILLAGE)
    volunteer, officer = site.volunteer_token(), site.token("Minh", "officer")
    filed = site.client.post(
        f"/api/points/{code}/reports",
        json={"reason": "damaged", "note": "nứt"},
        headers=bearer(volunteer),
    )
    assert filed.status_code == 201 and filed.json()["open"] is True
    report_id = filed.json()["id"]
    bad = site.client.post(
        f"/api/points/{code}/reports", json={"reason": "aliens"}, headers=bearer(volunteer)
    )
    assert bad.status_code == 422
    close_url = f"/api/reports/{report_id}/close"
    by_volunteer = site.client.post(close_url, json={"note": "x"}, headers=bearer(volunteer))
    assert by_volunteer.status_code == 403
    assert site.client.post(close_url, json={}, headers=bearer(officer)).status_code == 422
    closed = site.client.post(close_url, json={"note": "thay biển"}, headers=bearer(officer))
    assert closed.status_code == 200 and closed.json()["open"] is False
    again = site.client.post(close_url, json={"note": "again"}, headers=bearer(officer))
    assert again.status_code == 409
    assert (
        site.client.post(
            "/api/reports/999/close", json={"note": "x"}, headers=bearer(officer)
        ).status_code
        == 404
    )


def test_review_flag_is_cleared_by_an_officer(site: Site) -> None:
    code = site.code_in(VILLAGE)
    volunteer, admin = site.volunteer_token(), site.token("Root", "admin")
    assert _confirm(site, code, volunteer, north_m=200).json()["needs_review"] is True
    url = f"/api/points/{code}/review"
    assert site.client.post(url, json={"note": "ok"}, headers=bearer(volunteer)).status_code == 403
    assert site.client.post(url, json={"note": ""}, headers=bearer(admin)).status_code == 422
    r = site.client.post(url, json={"note": "đã kiểm tra"}, headers=bearer(admin))
    assert r.status_code == 200 and r.json()["needs_review"] is False
    assert site.point(code)["needs_review"] is False
    assert site.client.post(url, json={"note": "again"}, headers=bearer(admin)).status_code == 409


def test_review_thresholds_are_settings(site: Site) -> None:
    """DIACHISO_REVIEW_DISTANCE_M / DIACHISO_REVIEW_ACCURACY_M reach the app's rule."""
    from fastapi.testclient import TestClient

    from api.web.app import create_app
    from gis.settings import load_settings
    from tests.api.conftest import SECRET

    settings = load_settings(
        database_url=site.db_url,
        env="test",
        secret_key=SECRET,
        review_distance_m=100.0,
        review_accuracy_m=80.0,
    )
    code, token = site.code_in(VILLAGE), site.volunteer_token()
    with TestClient(create_app(settings, registry=site.registry)) as client:
        body = _body(site, code, north_m=80.0, accuracy=60.0)
        r = client.post(f"/api/points/{code}/installations", json=body, headers=bearer(token))
    assert r.status_code == 201 and r.json()["needs_review"] is False
