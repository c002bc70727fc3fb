#!/usr/bin/env bash
# Build the sample registry of Thạch Bình from data/ with the same `diachiso` steps an officer
# runs, issue the codes and print the coverage table. Safe to re-run: it rebuilds var/demo/
# only, never a registry named by DIACHISO_DATABASE_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
DIACHISO=${DIACHISO:-.venv/bin/diachiso}
DEMO=var/demo
DATA=data/thach_binh
rm -rf "$DEMO"
mkdir -p "$DEMO"
export DIACHISO_DATABASE_URL="sqlite:///$DEMO/registry.sqlite"
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

step "Coverage"
$DIACHISO coverage

step "Export"
$DIACHISO export --format geojson --out "$DEMO/points.geojson"
echo >&2
echo "Demo registry: $DEMO/registry.sqlite (DIACHISO_DATABASE_URL=$DIACHISO_DATABASE_URL)" >&2
