# Bridges: the two set-up commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
# `make run PORT=8123` serves on another port.
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(BIN)/python
MANAGE := $(BIN)/python manage.py
# Two workers: the machines this runs on have two cores. `make test PYTEST_ARGS=` runs serially.
PYTEST_ARGS ?= -n 2

.PHONY: run test install lock catalogues lint format messages seed serve worker bench clean check-python

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Bridges needs Python 3.12 or newer (found %s). Install it, or run: make PYTHON=python3.12 ..." % sys.version.split()[0])'

$(BIN)/uv: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Installs the exact, hash-checked versions in requirements/dev.txt, development tools included.
install: $(BIN)/uv
	$(BIN)/uv pip sync --quiet --require-hashes requirements/dev.txt

# Re-pins every dependency after a change to pyproject.toml.
lock: $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.12 --custom-compile-command "make lock" -q -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --group dev --generate-hashes --python-version 3.12 --custom-compile-command "make lock" -q -o requirements/dev.txt

messages: install
	$(MANAGE) compilemessages --ignore=.venv --ignore=var -v 0

run: install messages
	mkdir -p var
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_reference_data --if-empty
	$(MANAGE) load_statistics --if-empty
	$(MANAGE) seed_demo --if-empty
	$(MANAGE) directory_reindex --if-missing
	$(MANAGE) demo_accounts
	$(MANAGE) directory_imports_fail_stale
	$(MANAGE) statistics_imports_fail_stale
	@# The task worker runs beside the server (imports, invitations and reminders need it);
	@# Ctrl-C, or either one ending, stops both.
	@trap 'kill $$(jobs -p) 2>/dev/null' EXIT; \
	  $(MANAGE) db_worker --queue-name '*' & \
	  $(MANAGE) runserver 127.0.0.1:$(PORT) & \
	  wait -n

worker: install
	$(MANAGE) directory_imports_fail_stale
	$(MANAGE) statistics_imports_fail_stale
	$(MANAGE) db_worker --queue-name '*'

test: install messages
	mkdir -p var
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var/static

# Refreshes every .po catalogue from the code (each app keeps its own under <app>/locale/).
LOCALES := ar fa ur pl ro sk uk sw ti fr
catalogues: install
	$(MANAGE) makemessages --ignore=.venv --ignore=var --ignore=bench --no-obsolete $(addprefix -l ,$(LOCALES)) -v 0
