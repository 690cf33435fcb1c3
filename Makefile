# Shequ — the two commands of the README:
#   make run    install everything, migrate SQLite, load the demo district, serve :8000
#   make test   install everything and run the whole test suite
PYTHON ?= python3
UV := .tools/bin/uv
SHEQU := .venv/bin/shequ
SCALE ?= small
SEED ?= 1

.PHONY: run install assets test lint bench demo

run: install
	$(SHEQU) migrate --noinput
	$(SHEQU) demo --scale $(SCALE) --seed $(SEED) --if-empty
	$(SHEQU) serve 127.0.0.1:8000

install: $(UV) assets
	$(UV) sync --locked --quiet

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

assets: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

test: install
	.venv/bin/pytest -q

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

# make bench: tier M (TIER=S for a quick look) on PostgreSQL when reachable, else SQLite.
# wrk (Debian package) is installed when missing and root; without it the HTTP measures are skipped.
TIER ?= M
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/shequ_bench

bench: install
	@command -v wrk >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || true
	@command -v wrk >/dev/null 2>&1 || echo "bench: wrk is missing and cannot be installed: HTTP measures skipped"
	@if .venv/bin/python -c "import sys, psycopg; from urllib.parse import urlsplit; \
		psycopg.connect(urlsplit(sys.argv[1])._replace(path='/postgres').geturl(), connect_timeout=3).close()" \
		"$(BENCH_DATABASE_URL)" 2>/dev/null; then \
		DATABASE_URL="$(BENCH_DATABASE_URL)" .venv/bin/python -m bench --tier $(TIER); \
	else \
		echo "bench: PostgreSQL is not reachable at $(BENCH_DATABASE_URL): SQLite"; \
		env -u DATABASE_URL .venv/bin/python -m bench --tier $(TIER); \
	fi
