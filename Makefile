# The two commands of the README: `make run` and `make test`. Both create and reuse .venv.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint format worker clean-data systeempakketten

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Serve the app with demo data on http://127.0.0.1:8000 (embedded PostgreSQL when DATABASE_URL is unset).
## Debian packages first (scripts/systeempakketten.py installs them as root or with sudo, or stops
## and prints the command): Pango and fonts for the PDF report, plus Chromium and poppler for tests.
## The check runs with the system Python (standard library only), before the venv is built.
run:
	$(PYTHON) scripts/systeempakketten.py run
	$(MAKE) --no-print-directory $(STAMP)
	$(PY) scripts/devstack.py run

## Lint, type check, migration check and the whole test suite on PostgreSQL (embedded when
## DATABASE_URL is unset).
test:
	$(PYTHON) scripts/systeempakketten.py test
	$(MAKE) --no-print-directory $(STAMP)
	$(PY) scripts/devstack.py test $(PYTEST_ARGS)

## Only list the Debian packages `make test` would install (nothing is changed).
systeempakketten:
	$(PYTHON) scripts/systeempakketten.py --controleer test

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Remove the embedded database (demo data is loaded again on the next `make run`).
clean-data:
	rm -rf .data
