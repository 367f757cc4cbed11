# Set-up is part of every target: a fresh clone needs only Python 3.11, git and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/hexie.duckdb

.PHONY: run test bench demo clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# Test-only packages (pytest, Playwright, hypothesis, ruff): for `make test` and `make bench`, never `make run`.
$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

$(DB): | $(VENV)/.installed
	$(BIN)/python -m hexie demo --db $(DB)

run: $(VENV)/.installed $(DB)
	HEXIE_DB=$(DB) $(BIN)/python -m hexie.serve

test: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

bench: $(VENV)/.dev-installed
	$(BIN)/python -m hexie.bench

demo: $(VENV)/.installed
	rm -f $(DB) $(DB).wal
	$(BIN)/python -m hexie demo --db $(DB)

clean:
	rm -rf $(VENV) .pytest_cache
