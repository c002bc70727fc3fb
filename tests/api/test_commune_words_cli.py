"""`diachiso communes set` and what it changes on paper: the letters, the checklist and the
volunteers' guide print the commune's own issuing unit, officer's title, Youth Union and phone."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pdfplumber

from api.services.guide import write_guide
from api.services.printing import PrintRequest, print_batch
from gis.registry.commune_settings import set_commune_settings
from gis.registry.communes import Commune, get_commune
from gis.storage.db import Registry
from tests.conftest import ACTOR, CliRunner

URL = "https://diachi.example.vn"
TITLE = "công chức Văn phòng – Thống kê"


def _text(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as doc:
        return [
            " ".join(unicodedata.normalize("NFC", p.extract_text() or "").split())
            for p in doc.pages
        ]


def test_cli_sets_the_words_and_says_what_will_be_printed(
    cli: CliRunner, db_url: str, registry: Registry, commune: Commune
) -> None:
    done = cli(
        "communes", "set", "xã Thạch Bình", "--phone", "0239 3856 123",
        "--youth-union", "đoàn thanh niên xã Thạch Bình", "--db", db_url,
    )  # fmt: skip
    assert done.code == 0, done.err
    assert "0239 3856 123" in done.err and "Ủy ban nhân dân xã Thạch Bình" in done.err
    with registry.read() as conn:
        now = get_commune(conn, "xã Thạch Bình")
    assert now.phone == "0239 3856 123"
    assert now.words.youth_union == "Đoàn Thanh niên xã Thạch Bình"


def test_cli_refusal_names_the_option(cli: CliRunner, db_url: str, commune: Commune) -> None:
    bad = cli("communes", "set", "xã Thạch Bình", "--phone", "gọi anh Hùng", "--db", db_url)
    assert bad.code == 1 and bad.err.startswith("error: --phone: ")
    assert "Traceback" not in bad.err
    nothing = cli("communes", "set", "xã Thạch Bình", "--db", db_url)
    assert nothing.code == 1 and "no setting to change" in nothing.err


def test_letters_and_checklist_print_the_communes_words(
    registry: Registry, coded: Commune, tmp_path: Path
) -> None:
    commune = set_commune_settings(
        registry,
        name=coded.name,
        issuer="UBND xã Thạch Bình",
        officer_title=TITLE,
        phone="0239 3856 123",
        actor=ACTOR,
    )
    request = PrintRequest(out_dir=tmp_path / "b", public_url=URL, actor=ACTOR, letters=True)
    files = print_batch(registry, commune, request).files
    assert files.letters is not None
    letters = _text(files.letters)
    for page in letters:
        assert page.startswith("UBND CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM XÃ THẠCH BÌNH"), page
        assert "UBND xã Thạch Bình thông báo địa chỉ số" in page
        assert "sẽ được Đoàn Thanh niên xã Thạch Bình gắn tại nhà" in page
        assert (
            "liên hệ: Công chức Văn phòng – Thống kê, UBND xã Thạch Bình, điện thoại 0239" in page
        )
        assert "Địa chính – Xây dựng" not in page
    assert all("Liên hệ: 0239 3856 123" in page for page in _text(files.checklist))


def test_guide_prints_whom_to_ask(registry: Registry, coded: Commune, tmp_path: Path) -> None:
    commune = set_commune_settings(
        registry, name=coded.name, officer_title=TITLE, phone="0912 345 678", actor=ACTOR
    )
    write_guide(tmp_path / "g.pdf", commune=commune)
    (page,) = _text(tmp_path / "g.pdf")
    assert (
        "liên hệ: Công chức Văn phòng – Thống kê, Ủy ban nhân dân xã Thạch Bình, "
        "điện thoại 0912 345 678." in page
    )
