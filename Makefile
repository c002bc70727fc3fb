# Địa chỉ số — the two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install messages bench bench-scale bench-load clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

test: $(STAMP) lint
	$(BIN)/pytest -q

# The message catalogs (addrgen/locale/): ids from the sources into messages.pot, the vi and en
# .po files updated from it (fill in the new empty texts), then compiled to .mo; then the
# documents generated from the catalog: the glossary (docs/thuat-ngu.md) and the officer's guide's
# section on errors (docs/huong-dan-can-bo.md).
messages: $(STAMP)
	$(BIN)/python -m scripts.messages all
	$(BIN)/python -m scripts.glossary
	$(BIN)/python -m scripts.guide_errors

demo: $(STAMP)
	bash scripts/demo.sh

bench: $(STAMP)
	$(BIN)/python bench/bench_codes.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_plates.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/bench_map.py
	$(BIN)/python bench/bench_route.py
	$(BIN)/python bench/bench_worklist.py
	$(BIN)/python bench/kept_page.py
	$(BIN)/python bench/route_cpu.py

# The registry at 50,000 and 500,000 points on SQLite and PostGIS (issue 6; needs
# DIACHISO_TEST_POSTGRES_URL, see docs/scaling.md). SCALE_ARGS=--national adds 5,000,000.
bench-scale: $(STAMP)
	$(BIN)/python bench/scale.py $(SCALE_ARGS)

# 300 clients on the public routes for 60 s, one worker then two (issue 19; see docs/scaling.md).
# LOAD_ARGS="--clients 50 --seconds 10" shortens it.
bench-load: $(STAMP)
	$(BIN)/python bench/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) var/demo out
