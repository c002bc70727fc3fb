import pytest

from plates.errors import PlatesError, UnsafePublicUrl
from plates.urls import check_public_url, qr_payload


def test_payload_is_upper_case_without_double_slash() -> None:
    assert qr_payload("https://diachi.example.vn/", "18112001234") == (
        "HTTPS://DIACHI.EXAMPLE.VN/A/18112001234"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://diachi.example.vn",
        "https://diachi.example.vn/",
        "https://dia-chi.ha-tinh.gov.vn:8443",
        "https://8.8.8.8",
    ],
)
def test_public_https_hosts_are_accepted(url: str) -> None:
    check_public_url(url, draft=False)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://diachi.example.vn", "https"),
        ("https://localhost", "loopback"),
        ("https://127.0.0.1:8000", "loopback"),
        ("https://[::1]", "letters, digits"),
        ("https://10.0.0.5", "private"),
        ("https://192.168.1.20", "private"),
        ("https://169.254.1.1", "private"),
        ("https://printer.local", "private"),
        ("https://intranet", "private"),
        ("https://diachi.example.vn/app", "no path"),
        ("https://diachi.example.vn?x=1", "no path"),
        ("https://dia_chi.example.vn", "letters, digits"),
        ("https://user@diachi.example.vn", "no path"),
        ("ftp://diachi.example.vn", "https"),
        ("diachi.example.vn", "https"),
        ("https://diachi.example.vn:99999", "port"),
    ],
)
def test_unsafe_urls_are_refused_with_a_reason(url: str, reason: str) -> None:
    with pytest.raises(UnsafePublicUrl, match=reason) as caught:
        check_public_url(url, draft=False)
    assert url in str(caught.value)
    assert isinstance(caught.value, PlatesError) and isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000", "http://localhost:8000", "http://10.0.0.5"]
)
def test_drafts_allow_http_and_local_hosts(url: str) -> None:
    check_public_url(url, draft=True)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/app", "http://my_host"])
def test_drafts_still_need_a_scheme_and_host_only(url: str) -> None:
    # A path or an underscore would push the QR into byte mode, draft or not.
    with pytest.raises(UnsafePublicUrl):
        check_public_url(url, draft=True)
