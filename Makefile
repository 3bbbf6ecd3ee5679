# The course's commands. `make lab` to study, `make test` to check everything. Each target calls the
# course's command line (`python -m overdue ...`, overdue.cli), which runs the same without make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8866
HOST   ?= 0.0.0.0
# pre-started kernels waiting for participants (each holds about 100 MB)
POOL   ?= 6
LAB_PORT ?= 8888
# Jupyter refuses to run as root without this flag (containers, CI)
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
PYTEST_ARGS ?=
NOTEBOOK_DIRS := notebooks exercises solutions

.PHONY: lab test test-load test-fast workshop class exercises clean-notebooks record-outputs bench lint font help

help:
	@echo "make lab              open the course in JupyterLab (creates .venv on first run)"
	@echo "make test             engine, content, notebooks (nbval) and a few browser smoke tests"
	@echo "make test-load        every other browser test, with a class of 30 browser pages (slow; CI runs it too)"
	@echo "make class            a class: the participants' server, one address and QR code, the dashboard"
	@echo "make workshop         serve the live quiz to participants (Voila), PORT=$(PORT) POOL=$(POOL)"
	@echo "make exercises        regenerate exercises/ from solutions/"
	@echo "make clean-notebooks  strip outputs (except nbval-check-output cells), collapse lesson code"
	@echo "make record-outputs   re-run notebooks and store the outputs nbval checks"
	@echo "make bench            run the benchmarks (prints measured ratios)"

# Installs happen only when pyproject.toml changed since the last install (stamp files).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install -q -e ".[test]"
	@touch $@

# JupyterLab in Simplified Chinese, news prompt off (the course's own settings, see overdue.cli)
lab: $(VENV)/.installed
	$(BIN)/python -m overdue lab --port $(LAB_PORT)

# The default tier: every test and notebook (nbval) that needs no browser, and the browser tests
# marked `smoke` (a participant's page; the class of thirty with protocol-level participants and 3
# pages), in parallel, one notebook or module per worker. The tiers are overdue.cli.DEFAULT_TIER and
# LOAD_TIER; tests/test_test_tiers.py checks that every test is in exactly one of them.
test: $(VENV)/.installed-test
	$(BIN)/python -m overdue test $(PYTEST_ARGS)

# The load tier: every other browser test, two modules at a time, then the full-size runs (tests
# marked `load`) on their own: the class of 30 browser pages, every fuzz value on every form (a few
# minutes on 2 cores).
test-load: $(VENV)/.installed-test
	$(BIN)/python -m overdue test --load $(PYTEST_ARGS)

# Unit tests only (no notebooks, no browser): the quick loop while editing the engine.
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -m "not browser" tests $(PYTEST_ARGS)

workshop: $(VENV)/.installed
	$(BIN)/python -m overdue workshop --host $(HOST) --port $(PORT) --pool-size $(POOL)

# The participants' server and the instructor's dashboard in one command; Ctrl+C stops both.
class: $(VENV)/.installed
	$(BIN)/python -m overdue class --host $(HOST) --port $(PORT) --pool-size $(POOL)

exercises: $(VENV)/.installed
	$(BIN)/python -m overdue.tools.exercises solutions exercises

clean-notebooks: $(VENV)/.installed
	$(BIN)/python -m overdue.tools.notebooks clean $(NOTEBOOK_DIRS)

record-outputs: $(VENV)/.installed
	$(BIN)/python -m overdue.tools.notebooks record $(NOTEBOOK_DIRS)

bench: $(VENV)/.installed-test
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks scripts

font: $(VENV)/.installed-test
	$(BIN)/python -m pip install -q pylopdf-fonts-zh-cn
	$(BIN)/python scripts/build_font_subset.py
