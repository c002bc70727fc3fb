#!/usr/bin/env bash
# Build the sample registry of Thạch Bình from data/ with the same `diachiso` steps an officer
# runs, issue the codes, print one village's plates (drafts: the demo's URL is local), let a
# volunteer confirm a few plates through the API, then serve the app on http://127.0.0.1:8000.
# Safe to re-run: it rebuilds var/demo/ and out/demo/ only, never a registry named by
# DIACHISO_DATABASE_URL. DIACHISO_DEMO_NO_SERVE=1 stops after a health check instead of serving.
set -euo pipefail
cd "$(dirname "$0")/.."
DIACHISO=${DIACHISO:-.venv/bin/diachiso}
DEMO=var/demo
OUT=out/demo
DATA=data/thach_binh
PYTHON=${PYTHON:-.venv/bin/python}
PORT=${DIACHISO_DEMO_PORT:-8000}
rm -rf "$DEMO" "$OUT"
mkdir -p "$DEMO" "$OUT"
export DIACHISO_DATABASE_URL="sqlite:///$DEMO/registry.sqlite"
export DIACHISO_PUBLIC_URL="http://127.0.0.1:$PORT"
unset DIACHISO_ENV

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "Create the registry of xã Thạch Bình (area number 18112)"
$DIACHISO init --commune "xã Thạch Bình" --commune-code 18112 --area-number 18112 \
    --district "TP Hà Tĩnh" --province "tỉnh Hà Tĩnh"

step "Village boundaries (GeoJSON), with expected address counts"
$DIACHISO villages import "$DATA/villages.geojson" --name-field ten_thon \
    --expected-field so_ho_du_kien

step "Households: Excel sheet in VN-2000 (EPSG:9209), northing in column X"
$DIACHISO points import "$DATA/ho_gia_dinh.xlsx" --kind household --crs EPSG:9209 \
    --northing-field X --easting-field Y --name-field Chu_ho --ref-field Ma_ho

step "Agencies and organisations: CSV in WGS 84"
$DIACHISO points import "$DATA/co_quan.csv" --kind agency --ref-field ma

step "Heritage sites: CSV in the legacy TCVN3 encoding"
$DIACHISO points import "$DATA/di_tich_tcvn3.csv" --kind heritage --ref-field ma

step "A file with bad rows is refused, each row named (nothing is written)"
if $DIACHISO points import "$DATA/bad_rows.csv" --kind household --kind-field loai; then
    echo "expected bad_rows.csv to be refused" >&2
    exit 1
fi

step "Issue the permanent digital address codes"
$DIACHISO codes issue

step "Print the plates of Bình Minh (drafts: a local URL must not go on a wall)"
$DIACHISO plates batch --village "Bình Minh" --letters --draft --out "$OUT/binh-minh"

step "A volunteer confirms a few plates through the API the phone page uses"
token=$($DIACHISO users add --role volunteer --name "Đoàn viên Demo (API)" --village "Bình Minh" --token | tail -n 1)
$PYTHON scripts/demo_confirm.py --db "$DIACHISO_DATABASE_URL" --token "$token" --village "Bình Minh"

step "A demo volunteer: open the sign-in link below in this computer's browser"
echo "(a phone can scan it once the app runs behind https on a real host: see README, Deployment)" >&2
$DIACHISO users add --role volunteer --name "Đoàn viên Demo" --village "Bình Minh" --village "Xóm Mới"

step "Coverage"
$DIACHISO coverage

step "Export"
$DIACHISO export --format geojson --out "$OUT/points.geojson"
code=$($DIACHISO export --format csv --out "$OUT/points.csv" >/dev/null 2>&1; sed -n 2p "$OUT/points.csv" | cut -d, -f1)

cat >&2 <<MSG

Where everything is:
  registry         $DEMO/registry.sqlite   (export DIACHISO_DATABASE_URL=$DIACHISO_DATABASE_URL)
  plates           $OUT/binh-minh/plates.pdf, checklist.pdf, letters.pdf, manifest.csv
  export           $OUT/points.geojson, $OUT/points.csv
  address page     http://127.0.0.1:$PORT/A/$code
  map, dashboard   http://127.0.0.1:$PORT/map   http://127.0.0.1:$PORT/dashboard
MSG

if [ -n "${DIACHISO_DEMO_NO_SERVE:-}" ]; then
    step "Health check (DIACHISO_DEMO_NO_SERVE is set: not serving)"
    $DIACHISO serve --port "$PORT" &
    server=$!
    trap 'kill $server 2>/dev/null || true' EXIT
    for _ in $(seq 1 50); do
        if $PYTHON -c "import httpx,sys; sys.exit(httpx.get('http://127.0.0.1:$PORT/healthz').status_code != 200)" 2>/dev/null; then
            for page in /map /dashboard "/A/$code"; do
                status=$($PYTHON -c "import httpx; print(httpx.get('http://127.0.0.1:$PORT$page').status_code)")
                echo "GET $page -> $status" >&2
                [ "$status" = 200 ] || exit 1
            done
            echo "the app answers on http://127.0.0.1:$PORT" >&2
            exit 0
        fi
        sleep 0.2
    done
    echo "the app did not answer on http://127.0.0.1:$PORT" >&2
    exit 1
fi

step "Serving on http://127.0.0.1:$PORT (Ctrl-C stops)"
exec $DIACHISO serve --port "$PORT"
