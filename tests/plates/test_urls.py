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
    ("url", "code", "reason"),
    [
        ("http://diachi.example.vn", "plate_url.not_https", "https"),
        ("https://localhost", "plate_url.local_host", "loopback"),
        ("https://127.0.0.1:8000", "plate_url.local_host", "loopback"),
        ("https://[::1]", "plate_url.host", "letters, digits"),
        ("https://10.0.0.5", "plate_url.local_host", "private"),
        ("https://192.168.1.20", "plate_url.local_host", "private"),
        ("https://169.254.1.1", "plate_url.local_host", "private"),
        ("https://printer.local", "plate_url.local_host", "private"),
        ("https://intranet", "plate_url.local_host", "private"),
        ("https://diachi.example.vn/app", "plate_url.shape", "no path"),
        ("https://diachi.example.vn?x=1", "plate_url.shape", "no path"),
        ("https://dia_chi.example.vn", "plate_url.host", "letters, digits"),
        ("https://user@diachi.example.vn", "plate_url.shape", "no path"),
        ("ftp://diachi.example.vn", "plate_url.scheme", "https"),
        ("diachi.example.vn", "plate_url.scheme", "https"),
        ("https://diachi.example.vn:99999", "plate_url.port", "port"),
    ],
)
def test_unsafe_urls_are_refused_with_a_reason(url: str, code: str, reason: str) -> None:
    with pytest.raises(UnsafePublicUrl, match=reason) as caught:
        check_public_url(url, draft=False)
    assert (caught.value.code, caught.value.field, caught.value.value) == (code, "public_url", url)
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
