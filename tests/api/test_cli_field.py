"""`diachiso users`, `review` and `reports`, and reports in `points show`."""

from __future__ import annotations

import json

from gis.field.accounts import get_user
from tests.api.conftest import VILLAGE, Site, bearer
from tests.conftest import CliRunner

OFFICER_WITH_TOKEN = ("users", "add", "--role", "officer", "--name", "Minh", "--token", "--json")


def test_users_add_volunteer_prints_link_qr_and_secret_last(site: Site, cli: CliRunner) -> None:
    r = cli(
        "users",
        "add",
        "--role",
        "volunteer",
        "--name",
        "Hoa",
        "--village",
        VILLAGE,
        "--db",
        site.db_url,
    )
    assert r.code == 0, r.err
    lines = r.out.rstrip("\n").split("\n")
    link = lines[-1]
    assert link.startswith("http://127.0.0.1:8000/signin/")
    assert len(lines) > 10 and "█" in r.out  # the QR, drawn in the terminal
    token = link.rsplit("/", 1)[1]
    assert site.client.get(f"/signin/{token}").status_code == 200
    assert site.client.post(f"/signin/{token}").status_code == 200


def test_users_add_officer_prints_a_console_link(site: Site, cli: CliRunner) -> None:
    r = cli("users", "add", "--role", "officer", "--name", "Minh", "--db", site.db_url)
    assert r.code == 0, r.err
    link = r.out.rstrip("\n").split("\n")[-1]
    assert link.startswith("http://127.0.0.1:8000/signin/") and "█" in r.out
    assert "sign-in link to the console" in r.err
    token = link.rsplit("/", 1)[1]
    assert site.client.post(f"/signin/{token}").status_code == 200
    assert site.client.get("/console").status_code == 200


def test_users_add_json_and_tokens(site: Site, cli: CliRunner) -> None:
    r = cli(*OFFICER_WITH_TOKEN, "--db", site.db_url)
    doc = json.loads(r.out)
    assert doc["name"] == "Minh" and doc["role"] == "officer"
    assert doc["signin_url"].startswith("http://127.0.0.1:8000/signin/")
    plain = cli("users", "add", "--role", "admin", "--name", "An", "--json", "--db", site.db_url)
    assert json.loads(plain.out).keys() == {"name", "role", "signin_url"}
    assert (
        site.client.post(
            f"/api/points/{site.code_in(VILLAGE)}/review",
            json={"note": "x"},
            headers=bearer(doc["token"]),
        ).status_code
        == 409
    )  # authorised; nothing to clear
    v = cli(
        "users",
        "add",
        "--role",
        "volunteer",
        "--name",
        "Lan",
        "--village",
        VILLAGE,
        "--token",
        "--db",
        site.db_url,
    )
    assert v.code == 0 and len(v.out.strip().split("\n")) == 1
    assert v.out.strip().isalnum()


def test_users_add_refusals(site: Site, cli: CliRunner) -> None:
    no_village = cli("users", "add", "--role", "volunteer", "--name", "X", "--db", site.db_url)
    assert no_village.code == 1 and "a volunteer works in villages" in no_village.err
    bad = cli(
        "users",
        "add",
        "--role",
        "volunteer",
        "--name",
        "X",
        "--village",
        "Nowhere",
        "--db",
        site.db_url,
    )
    assert bad.code == 1 and "Nowhere" in bad.err
    cli("users", "add", "--role", "officer", "--name", "Minh", "--db", site.db_url)
    twice = cli("users", "add", "--role", "officer", "--name", "Minh", "--db", site.db_url)
    assert twice.code == 1 and "already exists" in twice.err


def test_users_revoke(site: Site, cli: CliRunner) -> None:
    r = cli(*OFFICER_WITH_TOKEN, "--db", site.db_url)
    token = json.loads(r.out)["token"]
    assert cli("users", "revoke", "Minh", "--db", site.db_url).code == 0
    url = f"/api/points/{site.code_in(VILLAGE)}/review"
    assert site.client.post(url, json={"note": "x"}, headers=bearer(token)).status_code == 401
    assert cli("users", "revoke", "Nobody", "--db", site.db_url).code == 1


def test_review_and_reports_commands(site: Site, cli: CliRunner) -> None:
    code = site.code_in(VILLAGE)
    token = site.volunteer_token()
    lat, lon = site.position(site.plate(code))
    site.client.post(
        f"/api/points/{code}/installations",
        json={"lat": lat + 0.002, "lon": lon, "accuracy_m": 5},
        headers=bearer(token),
    )
    listed = cli("review", "list", "--json", "--db", site.db_url)
    rows = json.loads(listed.out)
    assert [r["code"] for r in rows] == [code] and rows[0]["distance_m"] > 200
    assert code[:5] in cli("review", "list", "--db", site.db_url).out
    assert cli("review", "clear", code, "--note", "", "--db", site.db_url).code == 1
    assert cli("review", "clear", code, "--note", "checked", "--db", site.db_url).code == 0
    assert json.loads(cli("review", "list", "--json", "--db", site.db_url).out) == []

    site.client.post(
        f"/api/points/{code}/reports",
        json={"reason": "damaged", "note": "nứt"},
        headers=bearer(token),
    )
    reports = json.loads(cli("reports", "list", "--open", "--json", "--db", site.db_url).out)
    assert [(r["code"], r["reason"], r["open"]) for r in reports] == [(code, "damaged", True)]
    shown = json.loads(cli("points", "show", code, "--json", "--db", site.db_url).out)
    assert [r["reason"] for r in shown["reports"]] == ["damaged"]
    assert "Damaged plate" in cli("points", "show", code, "--db", site.db_url).out  # its label
    rid = str(reports[0]["id"])
    assert cli("reports", "close", rid, "--note", "replaced", "--db", site.db_url).code == 0
    assert json.loads(cli("reports", "list", "--open", "--json", "--db", site.db_url).out) == []
    everything = cli("reports", "list", "--db", site.db_url)
    assert "replaced" in everything.out
    assert cli("reports", "close", "999", "--note", "x", "--db", site.db_url).code == 1
    with site.registry.read() as conn:
        assert get_user(conn, "Lan").role == "volunteer"
