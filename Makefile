# Maillage — the two set-up commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: run test test-postgres check-deploy lint install install-dev assets browser bench load clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json

## Start Maillage with the demo data on http://127.0.0.1:8000
run: install assets
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_demo
	$(MANAGE) runserver 127.0.0.1:8000

## Run the whole test suite (installs what it needs first)
test: install assets browser
	$(PY) -m pytest

browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installation de Chromium (paquet Debian)…"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
		|| { echo "Impossible d'installer chromium"; exit 1; }; \
	fi

## The same suite against a fresh database on the local PostgreSQL
PG_URL ?= postgres://postgres@127.0.0.1:5432/maillage_ci
test-postgres: install assets browser
	psql -h 127.0.0.1 -U postgres -d postgres -qc 'DROP DATABASE IF EXISTS maillage_ci' \
		-c 'CREATE DATABASE maillage_ci'
	DATABASE_URL=$(PG_URL) $(PY) -m pytest

check-deploy: install
	DJANGO_SETTINGS_MODULE=maillage.settings.production SECRET_KEY=$$(openssl rand -hex 40) \
		ALLOWED_HOSTS=maillage.example.org $(MANAGE) check --deploy --fail-level WARNING

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules maillage.sqlite3 var
