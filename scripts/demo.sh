#!/usr/bin/env bash
# Build the sample registry of Thạch Bình from data/ with the same `diachiso` steps an officer
# runs, issue the codes, print one village's plates (drafts: the demo's URL is local), let a
# volunteer confirm a few plates through the API, print a volunteer's and an officer's sign-in
# links (the officer's opens the console, /console), then serve the app on http://127.0.0.1:8000.
# Safe to re-run: it rebuilds var/demo/ and out/demo/ only, never a registry named by
# DIACHISO_DATABASE_URL. DIACHISO_DEMO_NO_SERVE=1 stops after a health check instead of serving.
# It speaks Vietnamese, as the commands do (DIACHISO_LANG=en: English); its lines are the
# catalog's demo.* entries, said by api/demo.py.
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

say() { $PYTHON -m api.demo "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$(say "$@")" >&2; }

step demo.step.init
$DIACHISO init --commune "xã Thạch Bình" --commune-code 18112 --area-number 18112 \
    --district "TP Hà Tĩnh" --province "tỉnh Hà Tĩnh"

step demo.step.villages
$DIACHISO villages import "$DATA/villages.geojson" --name-field ten_thon \
    --expected-field so_ho_du_kien

step demo.step.households
$DIACHISO points import "$DATA/ho_gia_dinh.xlsx" --kind household --crs EPSG:9209 \
    --northing-field X --easting-field Y --name-field Chu_ho --ref-field Ma_ho

step demo.step.agencies
$DIACHISO points import "$DATA/co_quan.csv" --kind agency --ref-field ma

step demo.step.heritage
$DIACHISO points import "$DATA/di_tich_tcvn3.csv" --kind heritage --ref-field ma

step demo.step.bad_rows
if $DIACHISO points import "$DATA/bad_rows.csv" --kind household --kind-field loai; then
    say demo.bad_rows_accepted >&2
    exit 1
fi

step demo.step.codes
$DIACHISO codes issue

step demo.step.plates
$DIACHISO plates batch --village "Bình Minh" --letters --draft --out "$OUT/binh-minh"

step demo.step.confirm
token=$($DIACHISO users add --role volunteer --name "Đoàn viên Demo (API)" --village "Bình Minh" --token | tail -n 1)
$PYTHON scripts/demo_confirm.py --db "$DIACHISO_DATABASE_URL" --token "$token" --village "Bình Minh"

step demo.step.volunteer
say demo.phone_note >&2
$DIACHISO users add --role volunteer --name "Đoàn viên Demo" --village "Bình Minh" --village "Xóm Mới"

step demo.step.officer "url=http://127.0.0.1:$PORT/console"
$DIACHISO users add --role officer --name "Cán bộ Demo"

step demo.step.coverage
$DIACHISO coverage

step demo.step.export
$DIACHISO export --format geojson --out "$OUT/points.geojson"
code=$($DIACHISO export --format csv --out "$OUT/points.csv" >/dev/null 2>&1; sed -n 2p "$OUT/points.csv" | cut -d, -f1)

echo >&2
say demo.where "registry=$DEMO/registry.sqlite" "url=$DIACHISO_DATABASE_URL" "out=$OUT" \
    "site=http://127.0.0.1:$PORT" "code=$code" >&2

if [ -n "${DIACHISO_DEMO_NO_SERVE:-}" ]; then
    step demo.step.health
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
            # Signed out, the console answers with the page saying how to get a link.
            status=$($PYTHON -c "import httpx; print(httpx.get('http://127.0.0.1:$PORT/console').status_code)")
            echo "GET /console -> $status" >&2
            [ "$status" = 401 ] || exit 1
            say demo.answers "url=http://127.0.0.1:$PORT" >&2
            exit 0
        fi
        sleep 0.2
    done
    say demo.no_answer "url=http://127.0.0.1:$PORT" >&2
    exit 1
fi

step demo.step.serve "url=http://127.0.0.1:$PORT"
exec $DIACHISO serve --port "$PORT"
