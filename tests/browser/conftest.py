"""Browser tests: headless Chromium (Debian's, driven by Playwright) against a real `diachiso
serve` on 127.0.0.1, with every request to any other host blocked (map tiles get a blank tile).

Without /usr/bin/chromium or the playwright package the tests skip, saying why — except under CI
(the CI environment variable set), where .ci/run installs chromium and a skip would hide a gap."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest

from tests.api.conftest import build_sample, copy_sqlite

CHROMIUM = Path(os.environ.get("DIACHISO_CHROMIUM", "/usr/bin/chromium"))
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
# 1×1 transparent PNG: what a blocked map tile is answered with, so the page logs no error.
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


def _need_browser() -> Any:
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "the playwright Python package is not installed"
    if problem is None and not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install chromium)"
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run under CI: {problem}")
        pytest.skip(f"browser tests skipped: {problem}")
    return sync_playwright


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, url: str, db_url: str) -> None:
        self.url = url
        self.db_url = db_url


@contextmanager
def serve_sample(
    folder: Path, build: Callable[[str], None] = build_sample, **env: str
) -> Iterator[Server]:
    """`diachiso serve` as a real process on a fresh copy of the sample registry in ``folder``
    (``build`` makes another registry, e.g. an empty commune; ``env`` adds settings, e.g.
    DIACHISO_MAP_TILES="none"); stopped on exit."""
    built = folder / "built.sqlite"
    build(f"sqlite:///{built}")
    path = folder / "registry.sqlite"
    copy_sqlite(built, path)
    db_url = f"sqlite:///{path}"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process_env = os.environ | {
        "DIACHISO_SECRET_KEY": "browser-test-secret-" + "k" * 32,
        "DIACHISO_PUBLIC_URL": url,
        "DIACHISO_ENV": "test",
        **env,
    }
    runner = "import sys; from api.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", runner, "serve", "--port", str(port), "--db", db_url],
        cwd=folder,
        env=process_env,
    )
    try:
        _wait_until_up(url, proc)
        yield Server(url, db_url)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    _need_browser()
    with serve_sample(tmp_path_factory.mktemp("browser")) as running:
        yield running


def _wait_until_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"diachiso serve exited with {proc.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("diachiso serve did not answer /healthz within 30 s")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_playwright = _need_browser()
    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield instance
        instance.close()


def _only_loopback(route: Any) -> None:
    host = urlparse(route.request.url).hostname or ""
    if host in LOOPBACK:
        route.continue_()
    elif route.request.resource_type == "image":
        route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
    else:
        route.abort()


PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1366, "height": 768}  # the officer's screen


def new_context(browser: Any, *, viewport: dict[str, int] = PHONE, **options: Any) -> Any:
    """A context (phone-sized unless told) that cannot reach anything but this machine."""
    context = browser.new_context(viewport=viewport, locale="vi-VN", **options)
    context.route("**/*", _only_loopback)
    return context


def foreign_requests(page: Any) -> list[str]:
    """The URLs of the requests ``page`` makes to any other host than this machine, as they
    happen (they are blocked; a page must not even try)."""
    foreign: list[str] = []
    page.on(
        "request",
        lambda r: foreign.append(r.url) if urlparse(r.url).hostname not in LOOPBACK else None,
    )
    return foreign
