"""`make demo`'s script on a clean copy of the repository, with serving replaced by a health
check: the officer's steps run, the PDFs are there and their QR codes decode, the registry holds
the sample's counts, and the volunteer's confirmations went through the API."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from addrgen.catalog import has_message
from api.demo import LINES
from api.demo import main as demo_main
from tests.language import english_lines
from tests.plates.samples import decode_qrs, rasterise

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, int, subprocess.CompletedProcess[str]]:
    copy = tmp_path_factory.mktemp("clean-copy")
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, tracked):
        src, dst = REPO / name.decode(), copy / name.decode()
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.exists():
            shutil.copy2(src, dst)
    port = _free_port()
    bin_dir = Path(sys.executable).parent
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DIACHISO_")},
        "DIACHISO_DEMO_NO_SERVE": "1",
        "DIACHISO_DEMO_PORT": str(port),
        "DIACHISO": str(bin_dir / "diachiso"),
        "PYTHON": sys.executable,
    }
    done = subprocess.run(
        ["bash", "scripts/demo.sh"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return copy, port, done


def test_demo_runs_and_answers(demo: tuple[Path, int, subprocess.CompletedProcess[str]]) -> None:
    _, port, done = demo
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"ứng dụng trả lời tại http://127.0.0.1:{port}" in done.stderr
    for page in ("/map", "/dashboard", "/A/1811200"):
        assert f"GET {page}" in done.stderr and "-> 200" in done.stderr
    # The demo speaks as the officer's command does, Vietnamese by default: its own headings,
    # the volunteer's confirmations, and no warning of a library.
    assert "bad_rows.csv, dòng 4, cột “kinh_do”, giá trị “105,93a”: lỗi:" in done.stderr
    assert "== Tạo sổ đăng ký của xã Thạch Bình (số vùng 18112)" in done.stderr
    assert "đã gắn biển, cách điểm đã đăng ký 80 m (cần kiểm tra)" in done.stderr
    headings = [line for line in done.stderr.splitlines() if line.startswith("\x1b[1m== ")]
    assert len(headings) == 14 and english_lines("\n".join(headings)) == []
    assert "Warning" not in done.stderr and "Traceback" not in done.stderr
    assert "/signin/" in done.stdout
    # The officer's link, and where it leads: the console, which signed out says how to sign in.
    assert f"http://127.0.0.1:{port}/console" in done.stderr
    assert "GET /console -> 401" in done.stderr
    assert done.stdout.count("/signin/") == 2


def test_the_demo_speaks_english_when_asked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DIACHISO_LANG", "en")
    assert demo_main(["demo.answers", "url=http://127.0.0.1:8000"]) == 0
    assert capsys.readouterr().out == "the app answers on http://127.0.0.1:8000\n"
    monkeypatch.setenv("DIACHISO_LANG", "vi")
    assert demo_main(["demo.step.coverage"]) == 0
    assert capsys.readouterr().out == "Tiến độ gắn biển\n"
    assert all(has_message(key, lang) for key in LINES for lang in ("vi", "en"))


def test_demo_registry_counts(
    demo: tuple[Path, int, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    copy, _, done = demo
    assert done.returncode == 0
    cov = subprocess.run(
        [
            str(Path(sys.executable).parent / "diachiso"),
            "coverage",
            "--format",
            "json",
            "--db",
            f"sqlite:///{copy / 'var/demo/registry.sqlite'}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    doc = json.loads(cov.stdout)
    assert doc["commune"]["total"] == 891 and doc["commune"]["coded"] == 891
    binh_minh = next(v for v in doc["villages"] if v["village"] == "Bình Minh")
    assert binh_minh["installed"] == 12 and binh_minh["needs_review"] == 1


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is missing")
def test_demo_plates_decode(
    demo: tuple[Path, int, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    copy, port, done = demo
    assert done.returncode == 0
    batch = copy / "out/demo/binh-minh"
    assert {p.name for p in batch.iterdir()} == {
        "plates.pdf",
        "checklist.pdf",
        "letters.pdf",
        "manifest.csv",
    }
    lines = (batch / "manifest.csv").read_text(encoding="utf-8-sig").splitlines()
    first_code = lines[1].split(",")[1]
    pdf = tmp_path / "first.pdf"
    subprocess.run(
        ["pdfseparate", "-f", "1", "-l", "1", str(batch / "plates.pdf"), str(pdf)], check=True
    )
    pages = rasterise(pdf, tmp_path)
    assert decode_qrs(Image.open(pages[0])) == [f"HTTP://127.0.0.1:{port}/A/{first_code}"]
