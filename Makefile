# Two commands for a fresh clone: `make console` (the bot on demo data) and `make test`.
# Both create .venv and install the pinned dependencies first, when needed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: console test lint bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
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

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
