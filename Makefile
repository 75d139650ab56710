# The kit's commands. Each creates .venv on first use and reinstalls when pyproject.toml changes.
#   make demo   run the demo job
#   make lint   ruff and mypy (configured in pyproject.toml); make test runs it first
#   make test   install with test extras and run the whole suite
#   make test-fast  the quick loop (about 2 min 40 s on 2 idle cores): no test that starts a Jupyter kernel (marker
#               `notebooks`: papermill, nbval, nbclient, course run/report/demo) or a browser (`browser`); there a
#               test that starts a kernel without the marker fails (tests/kernel_guard.py)
#   make sweep  the solution edition for 40 learners in every sector; names each failing notebook and answer
#   make sweep-leaks  the learner edition for 12 learners (3 per sector); names each answer shown before it is asked
#   make lab    open JupyterLab on notebooks/
#   make browser-deps  install Chromium for the browser tests (apt-get; needs root or sudo)
#   make bench  run the benchmarks (they print figures; nothing is asserted); the full cohort benchmark
#               takes over an hour on 2 cores: BENCH_COHORT_ARGS="--learners 6 --loop-sample 14" is quicker

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# Python's default: write each module's bytecode (__pycache__/, git-ignored) the first time it is imported. A machine
# that sets PYTHONDONTWRITEBYTECODE (this one does) makes every process compile `course` and the tests again: the
# suite starts hundreds (kernels, nbval, report and pool workers), about 0.5 s of CPU each.
export PYTHONDONTWRITEBYTECODE :=

.PHONY: demo lint test test-fast sweep sweep-leaks lab bench banks dataset clean browser-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e . 2>$(VENV)/pip.log || { cat $(VENV)/pip.log; exit 1; }
	$(BIN)/python -c "import course, pandas, papermill, nbval, ipywidgets, seaborn"
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -e ".[test]" 2>$(VENV)/pip.log || { cat $(VENV)/pip.log; exit 1; }
	$(BIN)/python -c "import pytest, hypothesis, xdist, playwright, mypy"
	touch $@

demo: $(VENV)/.installed
	$(BIN)/course demo --out build/demo

lint: $(VENV)/.installed-test
	$(BIN)/ruff check course tests benchmarks
	$(BIN)/mypy course

# Two workers; each test module is one unit of work, longest first (see "how the tests are shared out" in
# tests/conftest.py): --dist loadscope keeps each unit on one worker, --no-loadscope-reorder keeps that order.
XDIST := -n 2 --dist loadscope --no-loadscope-reorder

test: lint $(VENV)/.installed-test
	$(BIN)/course syllabus --check
	$(BIN)/python -m pytest -q $(XDIST) --durations=15

test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q $(XDIST) -m "not notebooks and not browser" -p no:nbval

# Debian's Chromium: Playwright drives it at /usr/bin/chromium (`playwright install` cannot download here).
browser-deps:
	@if command -v chromium >/dev/null; then echo "chromium: $$(command -v chromium)"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi

# The solution edition for SWEEP_LEARNERS learners over every sector: run it before submitting notebook or store
# changes (outside make test: 40 learners take about half an hour on 2 cores). It resumes where it stopped.
SWEEP_LEARNERS ?= 40
sweep: $(VENV)/.installed
	$(BIN)/course sweep --learners $(SWEEP_LEARNERS) --out build/sweep

# The learner edition for 12 learners (3 in each sector): names every answer an output shows before it is asked.
sweep-leaks: $(VENV)/.installed
	$(BIN)/course sweep --leaks --learners 12 --out build/sweep

lab: $(VENV)/.installed
	$(BIN)/jupyter lab notebooks/

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/learner_effort.py
	$(BIN)/python benchmarks/bench_simulate.py
	$(BIN)/python benchmarks/bench_cohort.py $(BENCH_COHORT_ARGS)

banks: $(VENV)/.installed
	$(BIN)/course seal-banks --src solutions/quiz --out course/quiz/banks

dataset: $(VENV)/.installed
	$(BIN)/course dataset --out datasets

clean:
	rm -rf build .pytest_cache .hypothesis
