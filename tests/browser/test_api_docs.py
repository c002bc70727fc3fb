"""/docs and /redoc (issue 19, finding 6): the API's documentation loads from this server alone,
under the strict CSP, with no request to another host and no CSP violation."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import LAPTOP, LOOPBACK, Server, new_context

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) =>
  console.error(`CSP ${e.violatedDirective} ${e.sample} ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.mark.parametrize(
    ("path", "ready"), [("/docs", ".opblock"), ("/redoc", "redoc h1, .api-content h1")]
)
def test_the_api_docs_load_offline_under_the_csp(
    server: Server, browser: Any, path: str, ready: str
) -> None:
    context = new_context(browser, viewport=LAPTOP)
    page = context.new_page()
    errors: list[str] = []
    elsewhere: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # A CSP violation is in the console anyway; this also names the directive and the source.
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "request",
        lambda r: (
            None
            if (urlparse(r.url).hostname or "") in LOOPBACK or r.url.startswith("data:")
            else elsewhere.append(r.url)
        ),
    )
    response = page.goto(f"{server.url}{path}")
    assert response is not None and response.status == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(ready, timeout=30_000)
    page.wait_for_load_state("networkidle")
    assert "Địa chỉ số" in page.inner_text("body")
    assert elsewhere == [] and errors == []
    context.close()
