"""The web app over a real copy of the sample registry of Thạch Bình (built once per test session
and backend with the same `diachiso` commands an officer runs), with users of every role. Every
test that uses `site` runs on SQLite and on PostgreSQL (tests/conftest.py's `backend`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.cli import main
from api.web.app import create_app
from api.web.security import SESSION_COOKIE, csrf_token
from gis.field.accounts import add_user
from gis.ingest.importing import ImportOptions, import_points
from gis.registry.communes import Commune, get_commune
from gis.registry.issuing import issue_codes
from gis.settings import load_settings
from gis.storage.db import Registry, open_registry
from gis.storage.schema import points, villages
from tests.conftest import ACTOR
from tests.geometries import write_csv
from tests.postgres import PostgresServer
from tests.printed import ensure_printed, print_final

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data" / "thach_binh"
SECRET = "test-secret-key-" + "x" * 32
VILLAGE = "Tây Bắc"
OTHER_VILLAGE = "Đông Nam"


def build_sample(db_url: str) -> None:
    steps = [
        [
            "init",
            "--commune",
            "xã Thạch Bình",
            "--commune-code",
            "18112",
            "--area-number",
            "18112",
            "--district",
            "TP Hà Tĩnh",
            "--province",
            "tỉnh Hà Tĩnh",
        ],
        [
            "villages",
            "import",
            str(DATA / "villages.geojson"),
            "--name-field",
            "ten_thon",
            "--expected-field",
            "so_ho_du_kien",
        ],
        [
            "points",
            "import",
            str(DATA / "ho_gia_dinh.xlsx"),
            "--kind",
            "household",
            "--crs",
            "EPSG:9209",
            "--northing-field",
            "X",
            "--easting-field",
            "Y",
            "--name-field",
            "Chu_ho",
            "--ref-field",
            "Ma_ho",
        ],
        ["points", "import", str(DATA / "co_quan.csv"), "--kind", "agency", "--ref-field", "ma"],
        [
            "points",
            "import",
            str(DATA / "di_tich_tcvn3.csv"),
            "--kind",
            "heritage",
            "--ref-field",
            "ma",
        ],
        ["codes", "issue"],
    ]
    for args in steps:
        assert main([*args, "--db", db_url]) == 0, args


@pytest.fixture(scope="session")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "registry.sqlite"
    build_sample(f"sqlite:///{path}")
    open_registry(f"sqlite:///{path}").migrate()
    return path


@pytest.fixture(scope="session")
def sample_database(postgres_server: PostgresServer) -> str:
    """The sample registry in a PostgreSQL database that serves as the template of each test's."""
    name = postgres_server.create()
    build_sample(postgres_server.url_of(name))
    postgres_server.seal(name)
    return name


@pytest.fixture
def sample_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh copy of the sample registry for one test, on the test's backend."""
    if backend == "sqlite":
        path = tmp_path / "registry.sqlite"
        copy_sqlite(request.getfixturevalue("sample_file"), path)
        yield f"sqlite:///{path}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create(template=request.getfixturevalue("sample_database"))
    yield server.url_of(name)
    server.drop(name)


@dataclass
class Site:
    """A test client on a fresh copy of the sample registry, and what the tests need of it."""

    client: TestClient
    registry: Registry
    commune: Commune
    db_url: str

    def printed(self, *codes: str, draft: bool = False) -> str:
        """Print these plates in a final (or draft) batch: only a printed plate is confirmed."""
        return print_final(self.registry, self.commune, codes, draft=draft)

    def plate(self, code: str) -> str:
        """``code``, printed in a final batch when it never was (see tests/printed.py)."""
        return ensure_printed(self.registry, self.commune, code)

    def code_in(self, village: str, kind: str = "household", offset: int = 0) -> str:
        with self.registry.read() as conn:
            rows = conn.execute(
                select(points.c.code)
                .join(villages, villages.c.id == points.c.village_id)
                .where(villages.c.name == village, points.c.kind == kind)
                .order_by(points.c.code)
            ).all()
        return str(rows[offset].code)

    def position(self, code: str) -> tuple[float, float]:
        with self.registry.read() as conn:
            query = select(points.c.lat, points.c.lon).where(points.c.code == code)
            row = conn.execute(query).one()
        return float(row.lat), float(row.lon)

    def point(self, code: str) -> dict[str, object]:
        with self.registry.read() as conn:
            row = conn.execute(select(points).where(points.c.code == code)).one()
        return dict(row._mapping)

    def token(self, name: str, role: str) -> str:
        new = add_user(self.registry, self.commune, name=name, role=role, token=True, actor="t")
        assert new.api_token is not None
        return new.api_token

    def volunteer_token(self, name: str = "Lan", village: str = VILLAGE) -> str:
        new = add_user(
            self.registry,
            self.commune,
            name=name,
            role="volunteer",
            village_names=[village],
            token=True,
            actor="t",
        )
        assert new.api_token is not None
        return new.api_token

    def signed_in(self, name: str = "Hoa", village: str = VILLAGE) -> str:
        """Sign a volunteer in through the link; returns the CSRF token of the session."""
        new = add_user(
            self.registry,
            self.commune,
            name=name,
            role="volunteer",
            village_names=[village],
            actor="t",
        )
        response = self.client.post(f"/signin/{new.signin_token}")
        assert response.status_code == 200
        session = self.client.cookies.get(SESSION_COOKIE)
        assert session
        return csrf_token(SECRET, session)


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy, the write-ahead log included (a file copy would miss it)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def site(sample_url: str) -> Iterator[Site]:
    db_url = sample_url
    registry = open_registry(db_url)
    settings = load_settings(database_url=db_url, env="test", secret_key=SECRET)
    app = create_app(settings, registry=registry)
    with registry.read() as conn:
        commune = get_commune(conn, None)
    with TestClient(app) as client:
        yield Site(client, registry, commune, db_url)
    registry.dispose()


def personal_data() -> list[str]:
    """Every household head's name and every phone number of the sample data."""
    households = pd.read_excel(DATA / "ho_gia_dinh.xlsx")
    names = [str(n) for n in households["Chu_ho"].dropna()]
    phones = [str(p) for p in pd.read_csv(DATA / "co_quan.csv")["dien_thoai"].dropna()]
    return names + phones


@pytest.fixture
def coded(registry: Registry, small_commune: Commune, tmp_path: Path) -> Commune:
    """Six coded points: four in the first village (one agency), two in the second."""
    rows = [
        "H1,Nguyễn Văn An,18.3150,105.9150,household",
        "H2,Trần Thị Bình,18.3160,105.9140,household",
        "H3,Lê Văn Cường,18.3140,105.9170,household",
        "A1,Nhà văn hóa thôn Bình Minh,18.3155,105.9160,agency",
        "H4,Phạm Thị Dung,18.3150,105.9250,household",
        "D1,Đình làng Xóm Mới,18.3170,105.9260,heritage",
    ]
    path = write_csv(tmp_path / "p.csv", "ma,ten,vi_do,kinh_do,loai", rows)
    options = ImportOptions(kind="household", kind_field="loai")
    import_points(registry, small_commune, path, options, actor=ACTOR)
    issue_codes(registry, small_commune, actor=ACTOR)
    return small_commune
