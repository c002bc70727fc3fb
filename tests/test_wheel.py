"""The tool installs as a wheel into its own environment (what pipx and `uv tool install` do on
the officer's laptop) and runs from there, with everything it reads from its own package: the
migrations, the message catalogs, the page templates and static files (and the font, from its
dependency).

The wheel is built from a copy of the repository's files (`pip wheel . --no-deps`), so nothing
left in the working tree (an egg-info, a build folder) can stand in for what the wheel lacks; it
is installed into a fresh venv without its dependencies, which the venv borrows from the test
run's own environment through a path file — only as a plain path, so the editable install of
the sources there stays inactive — and the commands run outside the repository with no
PYTHONPATH. Every check then fails if a file is missing from the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

PACKAGES = ("addrgen", "api", "gis", "plates")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    home: Path  # an empty working folder outside the repository

    @property
    def bin(self) -> Path:
        return self.venv / ("Scripts" if os.name == "nt" else "bin")

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of an officer's shell: no PYTHONPATH, no settings but these."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DIACHISO_", "PYTHON"))}
        env.pop("VIRTUAL_ENV", None)
        return {**env, "PYTHONIOENCODING": "utf-8", **extra}

    def run(self, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / "diachiso"), *args],
            cwd=self.home,
            env=self.env(**extra),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
            check=False,
        )

    def python(self, code: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / "python"), "-c", code],
            cwd=self.home,
            env=self.env(),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
            check=False,
        )


def _sources() -> list[str]:
    """The repository's files as a clean checkout has them (plus new files not yet committed)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return sorted(p for p in listed.split("\0") if p and (REPO / p).is_file())


def _step(args: list[str], cwd: Path) -> None:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, f"{' '.join(args)}:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    for name in _sources():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    dist = root / "dist"
    _step([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-w", str(dist)], source)
    (wheel,) = dist.glob("diachiso-*.whl")
    venv = root / "venv"
    _step([sys.executable, "-m", "venv", str(venv)], root)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    _step([str(bin_dir / "python"), "-m", "pip", "install", "--no-deps", str(wheel)], root)
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = subprocess.run(
        [str(bin_dir / "python"), "-c", purelib],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # The dependencies: this run's site-packages as a plain path, after the venv's own.
    (Path(site) / "borrowed_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    home = root / "Xã Thạch Bình"  # a Vietnamese folder name, as an officer may choose
    home.mkdir()
    return Installed(wheel, venv, home)


def test_the_wheel_carries_every_file_of_the_packages(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        inside = set(wheel.namelist())
    wanted = [p for p in _sources() if p.split("/", 1)[0] in PACKAGES]
    assert any(p.endswith(".mo") for p in wanted) and any("templates/" in p for p in wanted)
    assert any("migrations/versions/" in p for p in wanted) and any("static/" in p for p in wanted)
    assert [p for p in wanted if p not in inside] == []


def test_help_runs_from_the_installed_wheel(installed: Installed) -> None:
    done = installed.run("--help")
    assert done.returncode == 0, done.stderr
    assert "Cách dùng" in done.stdout and "communes" in done.stdout and "plates" in done.stdout
    english = installed.run("--lang", "en", "--help")
    assert english.returncode == 0, english.stderr
    assert "Usage" in english.stdout and "communes" in english.stdout
    assert "Cách dùng" not in english.stdout


def test_it_runs_its_own_package_not_the_sources(installed: Installed) -> None:
    done = installed.python("import addrgen, api, gis, plates; print(api.__file__)")
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).is_relative_to(installed.venv), done.stdout


def test_a_registry_is_made_and_a_guide_printed_from_the_wheel(installed: Installed) -> None:
    """The migrations and the catalog's printed texts come from the installed package."""
    init = installed.run(
        "init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number", "18112"
    )
    assert init.returncode == 0, init.stderr
    assert (installed.home / "var" / "diachiso.sqlite").is_file()
    guide = installed.run("plates", "guide", "--out", "hướng dẫn.pdf")
    assert guide.returncode == 0, guide.stderr
    with pdfplumber.open(installed.home / "hướng dẫn.pdf") as pdf:
        text = unicodedata.normalize("NFC", pdf.pages[0].extract_text() or "")
    assert "HƯỚNG DẪN GẮN BIỂN ĐỊA CHỈ SỐ" in text and "print." not in text


def test_the_pages_render_from_the_wheel(installed: Installed) -> None:
    """Templates and static files are read from the installed package."""
    done = installed.python(
        "from fastapi.testclient import TestClient\n"
        "from api.web.app import create_app\n"
        "from gis.settings import load_settings\n"
        "app = create_app(load_settings(database_url='sqlite:///pages.sqlite'))\n"
        "with TestClient(app) as client:\n"
        "    home, css = client.get('/'), client.get('/static/site.css')\n"
        "print(home.status_code, css.status_code, 'page.' in home.text, len(css.content) > 0)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["200", "200", "False", "True"]
