"""Demo step: a volunteer confirms a handful of plates through the same HTTP API the phone
page uses (the app runs in-process, so no server is needed yet).

    python scripts/demo_confirm.py --db URL --token TOKEN --village NAME [--count 12]

The volunteer's API token comes from `diachiso users add --role volunteer --token`. Positions
are the registered points moved by a few metres, as a phone's GPS would report them; one is
reported 80 m away, so the officer has something to review. The demo prints a draft batch (its
PUBLIC_URL is not https), and only a plate of a final batch may be confirmed: the demo's officer
first allows these few, as an officer does for a plate made outside the system."""

from __future__ import annotations

import argparse
import asyncio
import sys
import uuid
from collections.abc import Sequence
from typing import Any

import httpx
from sqlalchemy import select

from api.demo import say
from api.web.app import create_app
from gis.field.notices import allow_confirm
from gis.registry.communes import get_commune
from gis.settings import load_settings
from gis.storage.db import open_registry
from gis.storage.schema import points, villages

METRE = 1 / 111_320  # degrees of latitude per metre


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--village", required=True)
    parser.add_argument("--count", type=int, default=12)
    args = parser.parse_args()
    settings = load_settings(database_url=args.db)
    registry = open_registry(args.db, create=False)
    with registry.read() as conn:
        rows = conn.execute(
            select(points.c.code, points.c.lon, points.c.lat)
            .join(villages, villages.c.id == points.c.village_id)
            .where(villages.c.name == args.village, points.c.code.is_not(None))
            .order_by(points.c.code)
            .limit(args.count)
        ).all()
    with registry.read() as conn:
        commune = get_commune(conn, None)
    for row in rows:
        allow_confirm(registry, commune, row.code, actor="demo")
    print("  " + say("demo.confirm.allowed", count=len(rows)), file=sys.stderr)
    app = create_app(settings, registry=registry)
    ok = asyncio.run(_confirm(app, rows, args.token))
    registry.dispose()
    return 0 if ok else 1


async def _confirm(app: Any, rows: Sequence[Any], token: str) -> bool:
    """Post the confirmations to the app in-process (httpx's ASGI transport: no server yet)."""
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://demo") as client:
        for k, row in enumerate(rows):
            off = 80 if k == len(rows) - 1 else 2 + k % 5  # metres from the registered point
            body = {
                "lat": row.lat + off * METRE,
                "lon": row.lon,
                "accuracy_m": 8.0,
                "client_id": str(uuid.uuid4()),
            }
            url = f"/api/points/{row.code}/installations"
            answer = await client.post(url, json=body, headers=headers)
            if answer.status_code not in (200, 201):
                refused = say("demo.confirm.refused", code=row.code, status=str(answer.status_code))
                print(f"{refused} {answer.text}", file=sys.stderr)
                return False
            doc = answer.json()
            key = (
                "demo.confirm.needs_review" if doc.get("needs_review") else "demo.confirm.installed"
            )
            print(
                "  " + say(key, code=row.code, metres=float(doc.get("distance_m", 0))),
                file=sys.stderr,
            )
    return True


if __name__ == "__main__":
    sys.exit(main())
