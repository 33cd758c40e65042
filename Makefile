# The README's commands. VENV can point at an existing virtualenv.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: install run test test-postgres lint bench

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/ocopflow serve --host 127.0.0.1 --port 5000

test: install
	$(VENV)/bin/pytest

# The database tests again, against a real PostgreSQL server (URL in OCOPFLOW_TEST_PG_URL).
test-postgres: install
	$(VENV)/bin/pytest -m postgres

lint: install
	$(VENV)/bin/ruff check workflow_service tests

bench: install
	$(PY) bench/run.py
