# Every target creates or reuses .venv itself: on a fresh clone `make demo` and
# `make test` are the only two commands anyone needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test soak lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The demo records into the default store (./dtl.sqlite3, or DTL_STORE); re-running it
# records nothing twice.
demo: $(STAMP)
	$(BIN)/dtl demo
	@echo
	@echo "Try: $(BIN)/dtl state NATO ISR --at 2024-03-01 --json"
	@echo "     $(BIN)/dtl roster NATO --at 2024-03-01"
	@echo "     $(BIN)/dtl --help"

# Every test runs on SQLite and PostgreSQL (DTL_TEST_POSTGRES); tests whose prerequisite is
# missing here (a server, Chromium, a mount namespace) skip and say why, and fail under CI=true
# (.ci/run, which also installs Chromium).
test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile --durations=20

# The slow tests (pytest -m slow) at their full size; `make test` runs them bounded.
soak: $(STAMP)
	DTL_SOAK=1 $(BIN)/python -m pytest -q -m slow

lint: $(STAMP)
	$(BIN)/ruff check dtl domain application projections cli api tests benchmarks

# Import, projection, queries and cold start against raw SQLite/PostgreSQL references; see
# docs/performance.md. BENCH_EVENTS=20000,200000 changes the sizes (default 100k and 1M). Last,
# the web explorer's page load on the demo store, in headless Chromium (skipped without one).
# Compiled once, so the cold-start figure does not count compiling our own sources (this
# environment may set PYTHONDONTWRITEBYTECODE).
bench: $(STAMP)
	$(BIN)/python -m compileall -q dtl domain application projections cli api > /dev/null
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/heavy_pair.py
	$(BIN)/python benchmarks/web_page.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
