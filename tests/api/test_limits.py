"""Rate limits over HTTP: wrong bearer tokens meet 429 after the setting's number per address,
reports and confirmations meet 429 past a user's writes per minute, each with Retry-After and
the catalog's sentence, and two apps on one registry (two workers) share the counts."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from api.web.app import create_app
from gis.settings import load_settings
from tests.api.conftest import SECRET, VILLAGE, Site, bearer


def _client(site: Site, **limits: Any) -> TestClient:
    settings = load_settings(database_url=site.db_url, env="test", secret_key=SECRET, **limits)
    return TestClient(create_app(settings, registry=site.registry))


def test_wrong_bearer_tokens_meet_429_shared_by_two_workers(site: Site) -> None:
    code = site.code_in(VILLAGE)
    good = site.volunteer_token()
    one, two = _client(site, token_failures=4), _client(site, token_failures=4)
    url = f"/api/points/{code}/reports"
    wrong = bearer("Zz" * 21)
    codes = [
        c.post(url, json={"reason": "other"}, headers=wrong).status_code for c in (one, two) * 3
    ]
    assert codes == [401] * 4 + [429] * 2
    refused = two.post(url, json={"reason": "other"}, headers=bearer(good))
    assert refused.status_code == 429  # the address is refused before its token is looked at
    assert int(refused.headers["retry-after"]) >= 1
    error = refused.json()["error"]
    assert error["code"] == "rate_limited" and "giây" in error["message"]


def test_a_volunteer_meets_429_past_the_writes_per_minute(site: Site) -> None:
    codes = [site.code_in(VILLAGE, offset=i) for i in range(4)]
    lan, hoa = site.volunteer_token("Lan"), site.volunteer_token("Hoa")
    client = _client(site, writes_per_minute=3)
    answers = [
        client.post(
            f"/api/points/{c}/reports?lang=en", json={"reason": "other"}, headers=bearer(lan)
        )
        for c in codes
    ]
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    refused = answers[-1]
    assert int(refused.headers["retry-after"]) >= 1
    assert "reports and confirmations in one minute" in refused.json()["error"]["message"]
    lat, lon = site.position(site.plate(codes[3]))
    confirm = {"lat": lat, "lon": lon, "accuracy_m": 5}
    url = f"/api/points/{codes[3]}/installations"
    assert client.post(url, json=confirm, headers=bearer(lan)).status_code == 429
    assert client.post(url, json=confirm, headers=bearer(hoa)).status_code == 201
