# The whole set-up on a fresh Debian machine: `make serve` and `make test`.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
# Material prints a banner about MkDocs 2.0 on every run; keep our output quiet.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test test-fast build lint bench bench-province system-deps clean

# Two stamps: serving needs the package alone; tests add the test and PDF extras.
SERVE_STAMP := $(VENV)/.installed-serve

$(VENV)/bin/python:
	scripts/debian-packages.sh serve
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(SERVE_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test,pdf]'
	touch $@ $(SERVE_STAMP)

serve: $(SERVE_STAMP)
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(SERVE_STAMP)
	$(VENV)/bin/mkdocs build --strict

# Debian's Chromium drives the browser tests; the CJK fonts let pages and PDFs render
# Chinese; Pango is what WeasyPrint lays PDFs out with; npm (for axe-core) comes with
# Node.js. The script installs only what is missing (the list is in the README).
system-deps:
	@scripts/debian-packages.sh test

# axe-core runs inside Chromium in the accessibility tests; the lock file pins it.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# One worker per core (pytest-xdist); tests of one file stay together, so a module's
# built site is made once, and the demo city is built once per run for all workers.
test: $(STAMP) system-deps $(AXE) lint
	$(PY) -m pytest -n auto --dist loadfile

# The text and record layers alone (parser, comparison, fingerprints, statuses): under a minute,
# no site build, no browser.
FAST_TESTS := articles compare compare_cases corpus fingerprint status sources tlog
test-fast: $(STAMP)
	$(PY) -m pytest $(FAST_TESTS:%=tests/test_%.py)

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check src tests scripts
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# City-scale figures (see scripts/bench.py); writes bench/RESULTS.md. ARGS=--with-5000 adds 5,000.
bench: $(STAMP) system-deps
	$(PY) scripts/bench_compare.py
	$(PY) scripts/bench_integrity.py
	$(PY) scripts/bench_search.py
	$(PY) scripts/bench_tlog.py
	$(PY) scripts/bench_decision.py
	$(PY) scripts/bench.py $(ARGS)
	$(PY) scripts/bench_incremental.py --courtyards 1000
	$(PY) scripts/bench_phases.py --change draft  # where that city's next change spends its time
	$(PY) scripts/bench_preview.py $${GONGYUE_BENCH_DIR:-/tmp/gongyue-bench}/city-1000

# A province as shards (see scripts/bench_province.py); writes its section of bench/RESULTS.md.
# SIZES=1000,2500,5000 by default; PARALLEL=2 shard jobs at once.
bench-province: $(STAMP) system-deps
	$(PY) scripts/bench_province.py --sizes $${SIZES:-1000,2500,5000} --parallel $${PARALLEL:-2}
	$(PY) scripts/bench_province.py --sizes $${SIZES:-1000,2500,5000} --republish

clean:
	rm -rf $(VENV) site node_modules
