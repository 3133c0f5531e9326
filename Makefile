# cee: the two commands are `make run` and `make test`; the rest are helpers.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PYTEST_WORKERS ?= 2

.PHONY: help venv run test lint fmt check messages clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

venv: ## create .venv (Python >= 3.12) and install requirements-dev.txt when they changed
	@bin/venv

run: venv  ## migrate, load the demo and serve on 127.0.0.1, port PORT or 8000 (+ Celery with a broker)
	@bin/compile-messages
	@bin/run

# pytest.ini names cee.settings.test; an exported DJANGO_SETTINGS_MODULE (e.g. from `make run`) would win.
test: venv  ## the whole suite on PostgreSQL + Redis, 2 processes (smoke, integration and browser included)
	@bin/check-services
	@bin/compile-messages
	env -u DJANGO_SETTINGS_MODULE $(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: venv  ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: venv  ## ruff format and the safe ruff fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: venv  ## Django's system checks and the missing-migrations check
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

messages: venv  ## refresh the English catalogue (msgids are Spanish) and compile it (needs gettext)
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore='*/tests/*' --ignore=tests \
		--ignore=bench --ignore=staticfiles --ignore=private --ignore=media --ignore=node_modules
	$(PY) manage.py compilemessages --ignore=.venv

clean:  ## remove caches and test artifacts (keeps .venv and db.sqlite3)
	rm -rf .pytest_cache .ruff_cache test-artifacts staticfiles
	find . -path ./.venv -prune -o -name __pycache__ -type d -exec rm -rf {} +
