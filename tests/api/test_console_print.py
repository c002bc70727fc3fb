"""The console's print section and its JSON API (issue 15): a batch printed from the browser or a
script is the batch `plates batch` prints (same service, same files, same status changes); a
final batch is refused in the printing service's words while PUBLIC_URL is local; a batch's
files are handed out only to its commune's officers, by the names the batch recorded."""

from __future__ import annotations

import hashlib
import io
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
from fastapi.testclient import TestClient
from pdfminer.pdftypes import resolve1
from sqlalchemy import select

from api.services.batch_store import ORPHAN_AGE, sweep_orphans
from api.web.app import create_app
from api.web.security import SESSION_COOKIE, csrf_token
from gis.field.accounts import add_user
from gis.registry.communes import add_commune, get_commune
from gis.settings import load_settings
from gis.storage.db import open_registry
from gis.storage.schema import batches, points, villages
from tests.api.conftest import SECRET, VILLAGE, Site, bearer

PUBLIC = "https://diachi.example.vn"
SMALL = {"villages": [VILLAGE], "kinds": ["agency"]}  # a few plates: a quick render


def _site(db_url: str, batch_dir: Path, public_url: str) -> Iterator[Site]:
    registry = open_registry(db_url)
    settings = load_settings(
        database_url=db_url,
        env="test",
        secret_key=SECRET,
        public_url=public_url,
        batch_dir=batch_dir,
    )
    with registry.read() as conn:
        commune = get_commune(conn, None)
    # https: with a public https PUBLIC_URL the session cookie is Secure
    app = create_app(settings, registry=registry)
    with TestClient(app, base_url="https://testserver") as client:
        yield Site(client, registry, commune, db_url)
    registry.dispose()


@pytest.fixture
def shop(sample_url: str, tmp_path: Path) -> Iterator[Site]:
    """The sample registry served with a public https PUBLIC_URL: final batches print."""
    yield from _site(sample_url, tmp_path / "batches", PUBLIC)


@pytest.fixture
def laptop(sample_url: str, tmp_path: Path) -> Iterator[Site]:
    """The sample registry served at a loopback PUBLIC_URL: drafts only."""
    yield from _site(sample_url, tmp_path / "batches", "http://127.0.0.1:8000")


def _officer_session(site: Site, name: str = "Minh") -> str:
    new = add_user(site.registry, site.commune, name=name, role="officer", actor="t")
    assert site.client.post(f"/signin/{new.signin_token}").status_code == 200
    session = site.client.cookies.get(SESSION_COOKIE)
    assert session
    return csrf_token(SECRET, session)


def _status(site: Site, code: str) -> str:
    with site.registry.read() as conn:
        return str(conn.execute(select(points.c.status).where(points.c.code == code)).scalar_one())


def _batch_count(site: Site) -> int:
    with site.registry.read() as conn:
        return len(conn.execute(select(batches.c.id)).all())


# --- the JSON API ---------------------------------------------------------------------------


def test_a_final_batch_prints_and_its_files_download(shop: Site) -> None:
    token = bearer(shop.token("Minh", "officer"))
    agency = shop.code_in(VILLAGE, "agency")
    r = shop.client.post("/api/batches", json={**SMALL, "letters": True}, headers=token)
    assert r.status_code == 201, r.text
    doc = r.json()
    assert re.fullmatch(r"L\d{4}-\d\d-\d\d-\d{3}", doc["label"]) and doc["plates"] >= 1
    names = [f["name"] for f in doc["files"]]
    assert names == ["plates.pdf", "checklist.pdf", "letters.pdf", "manifest.csv"]
    for f in doc["files"]:
        got = shop.client.get(f["url"], headers=token)
        assert got.status_code == 200 and "attachment" in got.headers["content-disposition"]
        assert hashlib.sha256(got.content).hexdigest() == f["sha256"]
    manifest = shop.client.get(doc["files"][3]["url"], headers=token).content.decode("utf-8-sig")
    assert agency in manifest and _status(shop, agency) == "printed"
    listed = shop.client.get("/api/batches", headers=token).json()["batches"]
    assert [b["label"] for b in listed] == [doc["label"]]
    assert listed[0]["plates"] == doc["plates"] and listed[0]["actor"].endswith("Minh")
    assert listed[0]["files"] == doc["files"] and listed[0]["draft"] is False
    again = shop.client.post("/api/batches", json=SMALL, headers=token)
    assert again.status_code == 422 and again.json()["error"]["code"] == "batch.nothing_of_kind"


def _glyph_colours(pdf: bytes) -> set[tuple[float, ...]]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return {tuple(c["non_stroking_color"]) for p in doc.pages for c in p.chars}


def test_a_print_shop_batch_is_cmyk_from_the_api_and_the_page(shop: Site) -> None:
    token = bearer(shop.token("Minh", "officer"))
    r = shop.client.post("/api/batches", json={**SMALL, "color": "cmyk"}, headers=token)
    assert r.status_code == 201, r.text
    plates = shop.client.get(r.json()["files"][0]["url"], headers=token).content
    colours = _glyph_colours(plates)
    assert colours and all(len(c) == 4 for c in colours)  # DeviceCMYK, no RGB text
    csrf = _officer_session(shop, "Lan")
    assert 'name="color" value="cmyk"' in shop.client.get("/console/print").text
    form = {"csrf_token": csrf, "village": VILLAGE, "kind": "heritage", "color": "cmyk"}
    done = shop.client.post("/console/print", data=form)
    assert done.status_code == 200 and 'id="printed"' in done.text, done.text
    with shop.registry.read() as conn:
        folder = conn.execute(select(batches.c.out_dir).order_by(batches.c.id.desc())).first()
    assert folder is not None
    colours = _glyph_colours((Path(folder.out_dir) / "plates.pdf").read_bytes())
    assert colours and all(len(c) == 4 for c in colours)


def test_a_lost_plate_is_reprinted_with_its_code(shop: Site) -> None:
    token = bearer(shop.token("Minh", "officer"))
    assert shop.client.post("/api/batches", json=SMALL, headers=token).status_code == 201
    code = shop.code_in(VILLAGE, "agency")
    r = shop.client.post("/api/batches/reprint", json={"codes": [code]}, headers=token)
    assert r.status_code == 201 and r.json()["plates"] == 1 and r.json()["printed"] == 0
    listed = shop.client.get("/api/batches", headers=token).json()["batches"]
    assert [b["purpose"] for b in listed] == ["reprint", "batch"]
    bad = shop.client.post("/api/batches/reprint", json={"codes": []}, headers=token)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "reprint.no_codes"


def test_a_final_batch_is_refused_while_public_url_is_local(laptop: Site, tmp_path: Path) -> None:
    token = bearer(laptop.token("Minh", "officer"))
    r = laptop.client.post("/api/batches?lang=vi", json=SMALL, headers=token)
    assert r.status_code == 422 and r.json()["error"]["code"] == "plate_url.not_https"
    assert "https" in r.json()["error"]["message"] and _batch_count(laptop) == 0
    assert not list((tmp_path / "batches").glob("*"))  # no folder left behind
    draft = laptop.client.post("/api/batches", json={**SMALL, "draft": True}, headers=token)
    assert draft.status_code == 201 and draft.json()["printed"] == 0
    assert _status(laptop, laptop.code_in(VILLAGE, "agency")) == "coded"


def test_batches_need_an_officer_of_the_commune(shop: Site) -> None:
    assert shop.client.post("/api/batches", json=SMALL).status_code == 401
    assert shop.client.get("/api/batches").status_code == 401
    assert shop.client.get("/api/batches/1/files/plates.pdf").status_code == 401
    volunteer = bearer(shop.volunteer_token())
    assert shop.client.post("/api/batches", json=SMALL, headers=volunteer).status_code == 403
    assert shop.client.get("/api/batches", headers=volunteer).status_code == 403
    other = add_commune(
        shop.registry, name="xã Khác", commune_code="99999", area_number=99999, actor="t"
    )
    stranger = add_user(shop.registry, other, name="Lạ", role="officer", token=True, actor="t")
    assert stranger.api_token is not None
    body = {**SMALL, "commune": shop.commune.name}
    r = shop.client.post("/api/batches", json=body, headers=bearer(stranger.api_token))
    assert r.status_code == 403 and r.json()["error"]["code"] == "auth.commune_not_allowed"
    mine = shop.client.post("/api/batches", json=SMALL, headers=bearer(shop.token("M", "officer")))
    url = mine.json()["files"][0]["url"]
    theirs = shop.client.get(url, headers=bearer(stranger.api_token))
    assert theirs.status_code == 404 and theirs.json()["error"]["code"] == "batch.not_found"
    assert shop.client.get(url, headers=volunteer).status_code == 403


def test_only_the_batchs_own_files_are_handed_out(shop: Site, tmp_path: Path) -> None:
    token = bearer(shop.token("Minh", "officer"))
    doc = shop.client.post("/api/batches", json=SMALL, headers=token).json()
    base = f"/api/batches/{doc['id']}/files"
    (tmp_path / "secret.txt").write_text("không được lộ")
    for name in ("..", "secret.txt", "..%2F..%2Fsecret.txt", "%2Fetc%2Fpasswd", "letters.pdf"):
        r = shop.client.get(f"{base}/{name}", headers=token)
        assert r.status_code == 404, name
        assert "không được lộ" not in r.text
    assert shop.client.get("/api/batches/999/files/plates.pdf", headers=token).status_code == 404
    assert shop.client.get(f"{base}/plates.pdf", headers=token).status_code == 200


def test_bad_batch_bodies_are_refused_with_the_catalogs_words(shop: Site) -> None:
    token = bearer(shop.token("Minh", "officer"))
    for body, code in (
        ({"kinds": ["castle"]}, "invalid_body"),
        ({"mode": "poster"}, "invalid_body"),
    ):
        r = shop.client.post("/api/batches?lang=vi", json=body, headers=token)
        assert r.status_code == 422, body
        error = r.json()["error"]
        assert error["message"] and "Traceback" not in r.text
        assert error["code"] == code
    unknown = shop.client.post("/api/batches", json={"villages": ["Không Có"]}, headers=token)
    assert unknown.status_code == 404 and "Không Có" in unknown.json()["error"]["message"]
    assert _batch_count(shop) == 0


# --- the page -------------------------------------------------------------------------------


def test_the_print_page_prints_and_lists_the_batch(shop: Site) -> None:
    csrf = _officer_session(shop)
    page = shop.client.get("/console/print")
    assert page.status_code == 200 and 'id="print-form"' in page.text
    assert 'id="url-refusal"' not in page.text and 'id="no-batches"' in page.text
    form = {"csrf_token": csrf, "village": VILLAGE, "kind": "agency", "mode": "office"}
    done = shop.client.post("/console/print", data=form)
    assert done.status_code == 200 and 'id="printed"' in done.text, done.text
    assert "Tải các tệp về" in done.text and "/files/plates.pdf" in done.text
    listed = re.search(r'<table id="batches">.*?</table>', done.text, re.S)
    assert listed is not None and "<td>Minh</td>" in listed[0] and "In mới" in listed[0]
    with shop.registry.read() as conn:
        row = conn.execute(select(batches.c.files, batches.c.mode)).one()
    assert row.mode == "office" and all(digest in listed[0] for digest in row.files.values())
    code = shop.code_in(VILLAGE, "agency")
    again = shop.client.post(
        "/console/print/reprint", data={"csrf_token": csrf, "codes": f"{code}\n"}
    )
    assert again.status_code == 200 and "In lại" in again.text


def test_the_print_page_says_why_only_drafts_print(laptop: Site) -> None:
    csrf = _officer_session(laptop)
    page = laptop.client.get("/console/print")
    assert 'id="url-refusal"' in page.text and "https" in page.text
    form = {"csrf_token": csrf, "village": VILLAGE, "kind": "agency"}
    refused = laptop.client.post("/console/print", data=form)
    assert refused.status_code == 422 and 'id="print-refused"' in refused.text
    assert "Chưa in" in refused.text and _batch_count(laptop) == 0
    english = laptop.client.post("/console/print?lang=en", data=form)
    assert "Not printed" in english.text and "https" in english.text
    draft = laptop.client.post("/console/print", data={**form, "draft": "1"})
    assert draft.status_code == 200 and "không đổi trạng thái" in draft.text


def test_the_print_page_needs_an_officer(shop: Site) -> None:
    assert shop.client.get("/console/print").status_code == 401
    shop.signed_in()
    assert shop.client.get("/console/print").status_code == 403


def test_an_admin_of_several_communes_chooses_one(shop: Site) -> None:
    add_commune(shop.registry, name="xã Khác", commune_code="99999", area_number=99999, actor="t")
    new = add_user(shop.registry, shop.commune, name="An", role="admin", token=True, actor="t")
    assert new.api_token is not None and new.signin_token is not None
    assert shop.client.post(f"/signin/{new.signin_token}").status_code == 200
    page = shop.client.get("/console/print")
    assert 'id="choose-commune"' in page.text and "xã Khác" in page.text
    assert 'id="print-form"' not in page.text
    chosen = shop.client.get("/console/print", params={"commune": shop.commune.name})
    assert 'id="print-form"' in chosen.text and VILLAGE in chosen.text
    token = bearer(new.api_token)
    r = shop.client.get("/api/batches", headers=token)
    assert r.status_code == 422 and r.json()["error"]["code"] == "commune.ambiguous"
    r = shop.client.get("/api/batches", params={"commune": "xã Khác"}, headers=token)
    assert r.status_code == 200 and r.json() == {"batches": []}


def test_a_file_removed_from_the_disk_is_said_to_be_gone(shop: Site, tmp_path: Path) -> None:
    token = bearer(shop.token("Minh", "officer"))
    doc = shop.client.post("/api/batches", json=SMALL, headers=token).json()
    [plates] = list((tmp_path / "batches").glob("*/plates.pdf"))
    plates.unlink()
    r = shop.client.get(doc["files"][0]["url"], headers=token)
    assert r.status_code == 404 and r.json()["error"]["code"] == "batch.file_gone"
    nothing = shop.client.post("/api/batches/reprint", json={"stale": True}, headers=token)
    assert nothing.status_code == 422 and nothing.json()["error"]["code"] == "reprint.nothing_stale"


def test_a_new_batch_removes_the_orphans_of_stopped_renders(shop: Site, tmp_path: Path) -> None:
    """The batch folder keeps every recorded batch's files (the record of what was printed),
    whatever their age; a folder no batch recorded (a render stopped mid-way: the process
    killed, the disk full) goes when a new batch renders, once a day old; a younger one may be
    a render under way, and what someone else put there is not ours."""
    token = bearer(shop.token("Minh", "officer"))
    root = tmp_path / "batches"
    first = shop.client.post("/api/batches", json=SMALL, headers=token).json()
    (kept,) = [d for d in root.iterdir() if d.is_dir()]
    old = time.time() - 3 * 86400
    orphan, young, foreign = root / "20261101-k3x9_q2a", root / "20261130-u7w1", root / "mine"
    for folder in (orphan, young, foreign):
        folder.mkdir()
        (folder / "plates.pdf").write_bytes(b"%PDF-1.7 cut short")
    for path in (kept, orphan, foreign):
        os.utime(path, (old, old))
    code = shop.code_in(VILLAGE, "agency")
    r = shop.client.post("/api/batches/reprint", json={"codes": [code]}, headers=token)
    assert r.status_code == 201, r.text
    assert not orphan.exists()
    assert kept.is_dir() and young.is_dir() and foreign.is_dir()
    assert len([d for d in root.iterdir() if d.is_dir()]) == 4  # kept, the new one, young, mine
    got = shop.client.get(first["files"][0]["url"], headers=token)
    assert hashlib.sha256(got.content).hexdigest() == first["files"][0]["sha256"]


def test_sweeping_a_missing_or_empty_batch_folder_removes_nothing(tmp_path: Path) -> None:
    assert sweep_orphans(tmp_path / "none", set()) == []
    (tmp_path / "20261101-a1").mkdir()
    assert sweep_orphans(tmp_path, set()) == []  # just made: under a day old
    later = time.time() + ORPHAN_AGE.total_seconds() + 60
    assert sweep_orphans(tmp_path, {str(tmp_path / "20261101-a1")}, now=later) == []
    assert sweep_orphans(tmp_path, set(), now=later) == [tmp_path / "20261101-a1"]


# --- the plate template and the checklist's names (the CLI's --template and --no-names) -------


def _heads(site: Site) -> list[str]:
    """The names of the village's household heads the sample registry holds."""
    with site.registry.read() as conn:
        rows = conn.execute(
            select(points.c.name)
            .join(villages, villages.c.id == points.c.village_id)
            .where(villages.c.name == VILLAGE, points.c.kind == "household")
            .where(points.c.name.is_not(None))
        ).all()
    return [str(r.name) for r in rows if r.name.strip()]


def _trim_mm(pdf: bytes) -> tuple[float, float]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        x0, y0, x1, y1 = (float(v) for v in resolve1(doc.pages[0].page_obj.attrs["TrimBox"]))
    return round((x1 - x0) * 25.4 / 72), round((y1 - y0) * 25.4 / 72)


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return " ".join((p.extract_text() or "") for p in doc.pages)


def test_the_api_prints_another_template_and_a_checklist_without_names(shop: Site) -> None:
    token = bearer(shop.token("Minh", "officer"))
    heads = _heads(shop)
    assert heads
    body = {"villages": [VILLAGE], "kinds": ["household"], "draft": True}
    named = shop.client.post("/api/batches", json=body, headers=token).json()
    files = {f["name"]: f["url"] for f in named["files"]}
    assert _trim_mm(shop.client.get(files["plates.pdf"], headers=token).content) == (148, 105)
    checklist = _text(shop.client.get(files["checklist.pdf"], headers=token).content)
    assert any(h in checklist for h in heads)
    r = shop.client.post(
        "/api/batches", json={**body, "template": "sticker", "no_names": True}, headers=token
    )
    assert r.status_code == 201, r.text
    files = {f["name"]: f["url"] for f in r.json()["files"]}
    assert _trim_mm(shop.client.get(files["plates.pdf"], headers=token).content) == (105, 74)
    checklist = _text(shop.client.get(files["checklist.pdf"], headers=token).content)
    assert not any(h in checklist for h in heads)
    bad = shop.client.post("/api/batches", json={**SMALL, "template": "poster"}, headers=token)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "plate.unknown_template"
    assert _batch_count(shop) == 2


def test_the_page_prints_another_template_and_a_checklist_without_names(shop: Site) -> None:
    csrf = _officer_session(shop)
    page = shop.client.get("/console/print").text
    assert '<select name="template" id="template">' in page
    assert '<option value="">Mẫu xã đã chọn — Biển A6 (148 × 105 mm)</option>' in page
    assert '<option value="a5">Biển A5 (210 × 148 mm)</option>' in page
    assert 'name="no_names" value="1"' in page
    form = {
        "csrf_token": csrf,
        "village": VILLAGE,
        "kind": "household",
        "draft": "1",
        "template": "a5",
        "no_names": "1",
    }
    done = shop.client.post("/console/print", data=form)
    assert done.status_code == 200 and 'id="printed"' in done.text, done.text
    with shop.registry.read() as conn:
        folder = Path(conn.execute(select(batches.c.out_dir)).scalar_one())
    assert _trim_mm((folder / "plates.pdf").read_bytes()) == (210, 148)
    checklist = _text((folder / "checklist.pdf").read_bytes())
    assert "Số nhà" in checklist and not any(h in checklist for h in _heads(shop))
    # refused, the form comes back as it was sent
    again = shop.client.post("/console/print", data={**form, "kind": "castle"})
    assert '<option value="a5" selected>' in again.text and 'id="no-names" checked' in again.text
