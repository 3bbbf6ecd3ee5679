# The course's commands. `make lab` to study, `make test` to check everything.
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

.PHONY: lab test test-load test-fast workshop exercises clean-notebooks record-outputs bench lint font help

help:
	@echo "make lab              open the course in JupyterLab (creates .venv on first run)"
	@echo "make test             run every test: engine, content, notebooks (nbval), browser"
	@echo "make test-load        a class of 30 browser pages at once (slow; CI runs it after make test)"
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

# Two runs: everything but the browser in parallel (one notebook per worker: --dist loadfile), then
# the browser tests on their own, so that 30 simulated participants do not compete with nbval; two
# browser modules at a time (much of their time is waiting on kernels and servers).
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto --dist loadfile --nbval-lax -p no:cacheprovider -m "not browser" \
		tests $(NOTEBOOK_DIRS) $(PYTEST_ARGS)
	$(BIN)/python -m pytest -n 2 --dist loadfile -p no:cacheprovider -m "browser and not load" tests/browser \
		$(PYTEST_ARGS)

# A class of 30 browser pages on this machine beside Voila (a few minutes on 2 cores).
test-load: $(VENV)/.installed-test
	$(BIN)/python -m pytest -p no:cacheprovider -m load tests/browser $(PYTEST_ARGS)

# Unit tests only (no notebooks, no browser): the quick loop while editing the engine.
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -m "not browser" tests $(PYTEST_ARGS)

workshop: $(VENV)/.installed
	$(BIN)/python -m overdue.workshop.serve --host $(HOST) --port $(PORT) --pool-size $(POOL)

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
