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

# The diagram bundles (bpmn-js from npm, built with esbuild) that the pages load; rebuilt when the
# lock file, the build script or a source changes.
DIST_STAMP := workflow_service/web/static/dist/.built
FRONTEND_INPUTS := frontend/package-lock.json frontend/package.json frontend/build.mjs $(wildcard frontend/src/*)

$(DIST_STAMP): $(FRONTEND_INPUTS)
	@command -v npm >/dev/null || { echo "npm is needed to build the diagram bundles: apt-get install nodejs npm"; exit 1; }
	cd frontend && npm ci --no-audit --no-fund && npm run build

install: $(VENV)/.installed $(DIST_STAMP)

run: install
	$(VENV)/bin/ocopflow serve --host 127.0.0.1 --port 5000

# One worker per core (pytest-xdist); each worker has its own PostgreSQL database (tests/conftest.py).
test: install
	$(VENV)/bin/pytest -n auto

# The database tests again, against a real PostgreSQL server (URL in OCOPFLOW_TEST_PG_URL).
test-postgres: install
	$(VENV)/bin/pytest -m postgres

lint: install
	$(VENV)/bin/ruff check workflow_service tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# One JSON document on stdout, the targets first. BENCH_ARGS=--quick on a fresh clone (a few minutes);
# OCOPFLOW_BENCH_PG_URL=postgresql+psycopg://… names a SCRATCH database for the PostgreSQL sections.
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)
