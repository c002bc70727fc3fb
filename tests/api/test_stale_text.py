"""Stale plates and the address text's form: a plate printed before the unit words were settled
in lower case ("Số 26, Thôn Bình Minh, …") says the same address as today's text and is not
stale for that alone; a change of words still is."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update

from api.services.printing import PrintRequest, print_batch
from gis.ingest.importing import ImportOptions, import_points
from gis.registry.communes import Commune
from gis.registry.issuing import issue_codes
from gis.storage.db import Registry
from gis.storage.schema import batch_items
from gis.views.stale import stale_plates
from tests.conftest import ACTOR
from tests.geometries import write_csv


def _printed(registry: Registry, commune: Commune, tmp_path: Path) -> list[str]:
    rows = ["H1,Nguyễn Văn An,18.3150,105.9150,26", "H2,Trần Thị Bình,18.3160,105.9140,"]
    path = write_csv(tmp_path / "p.csv", "ma,ten,vi_do,kinh_do,so_nha", rows)
    import_points(registry, commune, path, ImportOptions(kind="household"), actor=ACTOR)
    issue_codes(registry, commune, actor=ACTOR)
    url = "https://diachi.example.vn"
    request = PrintRequest(out_dir=tmp_path / "out", public_url=url, actor=ACTOR)
    print_batch(registry, commune, request)
    with registry.read() as conn:
        return [r[0] for r in conn.execute(select(batch_items.c.address_text))]


def _set_printed_text(registry: Registry, old: str, new: str) -> None:
    with registry.write() as conn:
        conn.execute(
            update(batch_items).where(batch_items.c.address_text == old).values(address_text=new)
        )


def test_old_capitalisation_is_not_stale_but_other_words_are(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    texts = _printed(registry, small_commune, tmp_path)
    assert any(t.startswith("Số 26, thôn Bình Minh, xã ") for t in texts)
    # As the plates of issue 11 printed them: "Thôn" with a capital inside the line.
    for text in texts:
        _set_printed_text(registry, text, text.replace("thôn", "Thôn"))
    with registry.read() as conn:
        assert stale_plates(conn, small_commune) == []
    first = texts[0].replace("thôn", "Thôn")
    _set_printed_text(registry, first, first.replace("Bình Minh", "Bình An"))
    with registry.read() as conn:
        stale = stale_plates(conn, small_commune)
    assert [s.printed_text for s in stale] == [first.replace("Bình Minh", "Bình An")]
    assert stale[0].current_text == texts[0]
