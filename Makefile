# Two commands for a fresh clone: `make console` (the bot on demo data) and `make test`.
# Both create .venv and install the pinned dependencies first, when needed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: console test lint bench clean

# The code uses StrEnum and datetime.UTC (Python 3.11); the pins need it too. Say so before pip fails deep inside.
MIN_PYTHON := 3.11

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "numbers needs Python $(MIN_PYTHON) or newer; $(PYTHON) is $$($(PYTHON) --version 2>/dev/null || echo "not found")." >&2; \
	  echo "Install Python $(MIN_PYTHON)+ and run e.g. make console PYTHON=python$(MIN_PYTHON)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

console: $(VENV)/.installed
	$(PY) app.py

test: $(VENV)/.installed
	$(PY) -m pytest
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Our bot against a naive one on loopback fakes (about 1.5 minutes); prints the table kept in README "Performance".
bench: $(VENV)/.installed
	$(PY) -m bench.run
	$(PY) -m bench.store

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
