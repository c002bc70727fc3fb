"""Demo step: a volunteer confirms a handful of plates through the same HTTP API the phone
page uses (the app runs in-process, so no server is needed yet).

    python scripts/demo_confirm.py --db URL --token TOKEN --village NAME [--count 12]

The volunteer's API token comes from `diachiso users add --role volunteer --token`. Positions
are the registered points moved by a few metres, as a phone's GPS would report them; one is
reported 80 m away, so the officer has something to review."""

from __future__ import annotations

import argparse
import sys
import uuid
import warnings

with warnings.catch_warnings():
    # Starlette's note about its test client's HTTP library is for Starlette's users, not ours.
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient
from sqlalchemy import select

from api.web.app import create_app
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
    client = TestClient(create_app(settings, registry=registry))
    headers = {"Authorization": f"Bearer {args.token}"}
    for k, row in enumerate(rows):
        off = 80 if k == len(rows) - 1 else 2 + k % 5  # metres from the registered point
        body = {
            "lat": row.lat + off * METRE,
            "lon": row.lon,
            "accuracy_m": 8.0,
            "client_id": str(uuid.uuid4()),
        }
        answer = client.post(f"/api/points/{row.code}/installations", json=body, headers=headers)
        if answer.status_code not in (200, 201):
            print(f"{row.code}: {answer.status_code} {answer.text}", file=sys.stderr)
            return 1
        doc = answer.json()
        flag = "  (needs review)" if doc.get("needs_review") else ""
        print(
            f"  {row.code}: installed, {doc.get('distance_m', 0):.0f} m from the registered "
            f"point{flag}",
            file=sys.stderr,
        )
    registry.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
