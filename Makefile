# Every target creates or reuses .venv itself: on a fresh clone `make demo` and
# `make test` are the only two commands anyone needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	rm -f demo.sqlite3 demo.sqlite3-wal demo.sqlite3-shm
	DTL_STORE=demo.sqlite3 $(BIN)/dtl demo
	@echo
	@echo "The demo store is demo.sqlite3. Try:"
	@echo "  DTL_STORE=demo.sqlite3 $(BIN)/dtl state NATO ISR --at 2024-03-01"
	@echo "  DTL_STORE=demo.sqlite3 $(BIN)/dtl roster NATO --at 2024-03-01"

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) demo.sqlite3* .pytest_cache .hypothesis
