# The two commands: `make run` (the product, with a demo) and `make test` (every check).
# While working: `make check`, the fast part (lint and the tests that start no process).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# xstatic-bootstrap's build needs setuptools<81 (see build-constraints.txt).
export PIP_BUILD_CONSTRAINT := $(CURDIR)/build-constraints.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Tests that start a process (browser, worker, process markers) are left to `make test`.
FAST_TESTS := -m "not browser and not worker and not process"

.PHONY: run test check lint typecheck pytest pytest-fast migrate seed system system-test clean

run: system $(VENV)/.runtime migrate seed
	scripts/run.sh

test: system-test $(VENV)/.dev lint typecheck pytest

check: lint pytest-fast

system:
	scripts/system-packages.sh run

system-test:
	scripts/system-packages.sh test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet pip==26.3

$(VENV)/.runtime: requirements.txt constraints.txt build-constraints.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt constraints.txt build-constraints.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

migrate: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --no-input

seed: $(VENV)/.runtime
	$(BIN)/python manage.py seed_demo --if-empty

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

typecheck: $(VENV)/.dev
	$(BIN)/mypy

pytest: $(VENV)/.dev
	$(BIN)/pytest

# --reuse-db keeps the test database between runs (migrate still applies new migrations);
# add --create-db after switching to a branch whose migrations differ.
pytest-fast: $(VENV)/.dev
	HYPOTHESIS_PROFILE=check $(BIN)/pytest --reuse-db -q $(FAST_TESTS)

clean:
	rm -rf $(VENV) var
