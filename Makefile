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

bench: install
	.venv/bin/python -m bench
