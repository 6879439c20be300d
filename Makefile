# The whole set-up on a fresh Debian machine: `make serve` and `make test`.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Material prints a banner about MkDocs 2.0 on every run; keep our output quiet.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build lint bench system-deps clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,pdf]'
	touch $@

serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(VENV)/bin/mkdocs build --strict

# Debian's Chromium drives the browser tests; the CJK fonts let pages and PDFs render
# Chinese; Pango is what WeasyPrint lays PDFs out with. npm (for axe-core) comes with
# the machine's Node.js; Debian's is installed only when there is none.
DEBS := chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0
system-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" \
	    || ! ldconfig -p | grep -q libpangoft2-1.0; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(DEBS) >/dev/null; \
	fi
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }

# axe-core runs inside Chromium in the accessibility tests; the lock file pins it.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: $(STAMP) system-deps $(AXE) lint
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check src tests scripts
	$(VENV)/bin/mypy

# City-scale figures (see scripts/bench.py); writes bench/RESULTS.md. ARGS=--with-5000 adds 5,000.
bench: $(STAMP) system-deps
	$(PY) scripts/bench_compare.py
	$(PY) scripts/bench_integrity.py
	$(PY) scripts/bench.py $(ARGS)

clean:
	rm -rf $(VENV) site node_modules
