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
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(VENV)/bin/mkdocs build --strict

# Debian's Chromium drives the browser tests; the CJK fonts let pages render Chinese.
system-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

test: $(STAMP) system-deps lint
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check src tests scripts
	$(VENV)/bin/mypy

# City-scale figures (see scripts/bench.py); writes bench/RESULTS.md. ARGS=--with-5000 adds 5,000.
bench: $(STAMP) system-deps
	$(PY) scripts/bench_compare.py
	$(PY) scripts/bench.py $(ARGS)

clean:
	rm -rf $(VENV) site
