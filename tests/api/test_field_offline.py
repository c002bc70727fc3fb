"""What a phone kept offline arrives once (issue 16): a report sent again with its client_id is
the first report (200, one row), on SQLite and PostgreSQL; migration 0015 goes down and up."""

from __future__ import annotations

from sqlalchemy import func, select

from gis.storage.schema import reports
from tests.api.conftest import VILLAGE, Site, bearer


def _reports(site: Site) -> int:
    with site.registry.read() as conn:
        return int(conn.execute(select(func.count()).select_from(reports)).scalar_one())


def test_a_report_sent_again_is_the_first(site: Site) -> None:
    code, token = site.code_in(VILLAGE), site.volunteer_token()
    url = f"/api/points/{code}/reports"
    body = {"reason": "nobody_home", "note": "đi làm đồng", "client_id": "r-1"}
    first = site.client.post(url, json=body, headers=bearer(token))
    assert first.status_code == 201
    again = site.client.post(url, json=body | {"note": "khác"}, headers=bearer(token))
    assert again.status_code == 200
    assert again.json() == first.json()  # the first report, its note kept
    assert _reports(site) == 1
    # Another client id, or none, is another report.
    other = site.client.post(url, json=body | {"client_id": "r-2"}, headers=bearer(token))
    plain = site.client.post(url, json={"reason": "other"}, headers=bearer(token))
    assert (other.status_code, plain.status_code) == (201, 201)
    assert len({first.json()["id"], other.json()["id"], plain.json()["id"]}) == 3
    assert _reports(site) == 3


def test_the_same_client_id_on_another_point_is_another_report(site: Site) -> None:
    first_code, second_code = site.code_in(VILLAGE), site.code_in(VILLAGE, offset=1)
    token = site.volunteer_token()
    body = {"reason": "damaged", "client_id": "same"}
    one = site.client.post(f"/api/points/{first_code}/reports", json=body, headers=bearer(token))
    two = site.client.post(f"/api/points/{second_code}/reports", json=body, headers=bearer(token))
    assert (one.status_code, two.status_code) == (201, 201)
    assert one.json()["code"] == first_code and two.json()["code"] == second_code
    assert _reports(site) == 2


def test_a_bad_client_id_is_422(site: Site) -> None:
    code, token = site.code_in(VILLAGE), site.volunteer_token()
    for client_id in ("", "x" * 65):
        r = site.client.post(
            f"/api/points/{code}/reports",
            json={"reason": "other", "client_id": client_id},
            headers=bearer(token),
        )
        assert r.status_code == 422
    assert _reports(site) == 0


def test_migration_0015_goes_down_and_up_again(site: Site) -> None:
    from alembic import command
    from alembic.config import Config

    from gis.storage.db import MIGRATIONS

    code, token = site.code_in(VILLAGE), site.volunteer_token()
    body = {"reason": "damaged", "client_id": "kept"}
    site.client.post(f"/api/points/{code}/reports", json=body, headers=bearer(token))
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    for target in ("0014", "head"):
        with site.registry.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if target == "0014" else command.upgrade)(cfg, target)
    assert site.registry.is_current()
    # The report outlived the round trip; its client id did not (the column was dropped).
    again = site.client.post(f"/api/points/{code}/reports", json=body, headers=bearer(token))
    assert again.status_code == 201 and _reports(site) == 2


def test_the_service_worker_is_served_from_the_root(site: Site) -> None:
    """From /sw.js, so that its scope covers /field and /A/{code}; asked again at every visit
    (no-cache), so that a new version reaches the phones; under the site's CSP like every
    answer (a worker fetches only from this site)."""
    r = site.client.get("/sw.js")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.headers["cache-control"] == "no-cache"
    assert "connect-src 'self'" in r.headers["content-security-policy"]
    assert 'addEventListener("fetch"' in r.text
