# Hà Tĩnh DX scenario explorer: one command to run the app, one to check everything.
#
#   make run          create .venv if needed, install requirements.txt, serve on http://localhost:8501
#   make test         install requirements-dev.txt, Debian's chromium and postgresql, then ruff + every pytest test
#   make lint         ruff check .
#   make check-fast   ruff + tests/{house,model,text,store,cli} on SQLite (no app, no browser): the loop while editing
#   make check-app    the AppTest tier (tests/app: every page in process, no browser)
#   make golden       regenerate tests/fixtures/golden.json (headline figures the tests pin)
#   make bench        model benchmark (python -m model bench; FOCUS=unit_id for another unit)
#   make loadtest     bounded websocket load test on 127.0.0.1 (tools/loadtest.py)
#   make soak         long run of reruns over many scenarios, server memory sampled (tools/soak.py)
#   make coldstart    server start -> first page finished, median of 3 (tools/coldstart.py)
#   make screenshots  every page in both languages -> artifacts/screenshots/
#   make responsiveness  keypress -> chart and new session -> first chart in Chromium (JSON, artifacts/)
#   make cluster      REPLICAS (2) server processes behind HAProxy, sticky sessions, on HOST:PORT (server/proxy.py)
#   make briefing     load test of a room: 60 sessions open one link, a presenter moves levers (REPLICAS, PAGE)
#   make clean        caches and artifacts (keeps .venv); make distclean also removes .venv
#
# Variables: HOST, PORT (make run), PYTEST_ARGS (make test), PYTHON (interpreter for the venv).

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP_RUN := $(VENV)/.installed-requirements
STAMP_DEV := $(VENV)/.installed-requirements-dev
HOST ?= localhost
PORT ?= 8501
PYTEST_ARGS ?=

# The first python3 on PATH that is 3.11 or 3.12 (the versions requirements.txt is pinned for).
PYTHON ?= $(shell for p in python3 python3.12 python3.11; do \
	  if command -v $$p >/dev/null 2>&1 && \
	     $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 12))' >/dev/null 2>&1; \
	  then echo $$p; break; fi; done)

# Install into the venv with uv when it can be had (from PATH, or from PyPI with pip:
# ~3 s instead of ~30 s), else with pip.
define venv_install
	@set -e; \
	if uv --version >/dev/null 2>&1; then UV=uv; \
	elif [ -x $(VENV)/bin/uv ] || $(PY) -m pip install --quiet --disable-pip-version-check uv; then UV=$(VENV)/bin/uv; \
	else UV=; fi; \
	if [ -n "$$UV" ]; then \
	  echo "+ $$UV pip install --python $(PY) $(1)"; $$UV pip install --quiet --python $(PY) $(1); \
	else \
	  echo "+ $(PY) -m pip install $(1)"; $(PY) -m pip install --quiet --disable-pip-version-check $(1); \
	fi
endef

.PHONY: help run test lint bench loadtest screenshots clean distclean venv deps deps-dev chromium postgresql

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
	  echo "error: no python3 3.11 or 3.12 on PATH (set PYTHON=/path/to/python3.11)" >&2; exit 1; fi
	@echo "+ $(PYTHON) -m venv $(VENV)  ($$($(PYTHON) --version))"
	@$(PYTHON) -m venv $(VENV)

venv: $(PY)

# Reinstalled only when a requirements file is newer than its stamp.
$(STAMP_RUN): requirements.txt | $(PY)
	$(call venv_install,-r requirements.txt)
	@touch $@

$(STAMP_DEV): requirements.txt requirements-dev.txt | $(PY)
	$(call venv_install,-r requirements-dev.txt)
	@touch $@ $(STAMP_RUN)

deps: $(STAMP_RUN)
deps-dev: $(STAMP_DEV)

run: $(STAMP_RUN)
	$(PY) -m server.serve --host $(HOST) --port $(PORT)

# Debian's chromium for the browser tests (Playwright cannot download a browser here).
chromium:
	@if command -v chromium >/dev/null 2>&1; then \
	  true; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "+ apt-get update && apt-get install -y chromium"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null && \
	  command -v chromium >/dev/null; \
	else \
	  echo "error: Debian's chromium is missing; the browser tests need it. Run:" >&2; \
	  echo "  sudo apt-get update && sudo apt-get install -y chromium" >&2; \
	  exit 1; \
	fi
	@chromium --version 2>/dev/null | head -n 1

# Debian's postgresql for the register tests: they start their own throw-away server
# (initdb + pg_ctl in a temporary directory, tests/postgres.py) and may not skip in CI.
postgresql:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  true; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "+ apt-get update && apt-get install -y postgresql"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  apt-get -o DPkg::Lock::Timeout=600 install -y -qq postgresql >/dev/null && \
	  ls /usr/lib/postgresql/*/bin/initdb >/dev/null; \
	else \
	  echo "error: Debian's postgresql is missing; the register tests need it. Run:" >&2; \
	  echo "  sudo apt-get update && sudo apt-get install -y postgresql" >&2; \
	  exit 1; \
	fi
	@ls -d /usr/lib/postgresql/*/bin | tail -n 1

lint: $(STAMP_DEV)
	$(VENV)/bin/ruff check .

# Test tiers are folders of tests/ (tests/conftest.py marks each test with its folder).
# The fast tier: lint, the model, the text layer, the register on SQLite and the command line.
.PHONY: check-fast check-app
check-fast: $(STAMP_DEV)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q tests/house tests/model tests/text tests/store tests/cli -m "not postgres" $(PYTEST_ARGS)

# The AppTest tier: every page run in process, no browser, no database server.
check-app: $(STAMP_DEV)
	$(PY) -m pytest -q tests/app -m "not postgres" $(PYTEST_ARGS)

# Browser, proxy and PostgreSQL tests may not skip here: chromium, haproxy and postgresql are
# installed first.
test: $(STAMP_DEV) chromium haproxy postgresql
	$(VENV)/bin/ruff check .
	REQUIRE_BROWSER=1 REQUIRE_POSTGRES=1 $(PY) -m pytest $(PYTEST_ARGS)

# The golden figures (tests/golden.py): regenerate when a change is meant to move them.
.PHONY: golden
golden: $(STAMP_DEV)
	$(PY) -m tests.golden --write

# FOCUS=<unit_id> benchmarks another focus unit (default: the plan's unit).
bench: $(STAMP_RUN)
	$(PY) -m model bench $(if $(FOCUS),--focus $(FOCUS))

loadtest: $(STAMP_RUN)
	$(PY) -m tools.loadtest

.PHONY: soak coldstart
soak: $(STAMP_RUN)
	$(PY) -m tools.soak

coldstart: $(STAMP_RUN)
	$(PY) -m tools.coldstart

screenshots: $(STAMP_DEV) chromium
	$(PY) -m tools.screenshots

.PHONY: responsiveness
responsiveness: $(STAMP_DEV) chromium
	$(PY) -m tools.responsiveness --out artifacts/responsiveness.json

clean:
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache .hypothesis artifacts

distclean: clean
	rm -rf $(VENV)

# --- several server processes behind HAProxy (issue 16) -------------------------------
REPLICAS ?= 2
PAGE ?= trinh-chieu
.PHONY: haproxy cluster briefing
# Debian's haproxy for `make cluster` and its test, installed like chromium when missing.
haproxy:
	@if command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; then true; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "+ apt-get install -y haproxy"; export DEBIAN_FRONTEND=noninteractive; \
	  apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  apt-get -o DPkg::Lock::Timeout=600 install -y -qq haproxy >/dev/null; \
	else echo "error: Debian's haproxy is missing. Run: sudo apt-get update && sudo apt-get install -y haproxy" >&2; exit 1; fi

cluster: $(STAMP_RUN) haproxy
	$(PY) -m server.proxy --replicas $(REPLICAS) --host $(HOST) --port $(PORT)

briefing: $(STAMP_RUN) haproxy
	$(PY) -m tools.loadtest --briefing --replicas $(REPLICAS) --page $(PAGE)
