# Maillage — the two set-up commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: run test test-postgres check-deploy lint install install-dev assets browser office bench load clean \
	system-deps

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[dev]'
	touch $(STAMP)

install: system-deps $(STAMP)

## Debian's Pango, which WeasyPrint needs for the PDF documents, and Cairo, which draws the
## charts of the Word and ODT documents (apt only when missing)
PANGO_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libcairo2
system-deps:
	@if ! command -v dpkg-query >/dev/null; then exit 0; fi; \
	missing=""; \
	for pkg in $(PANGO_PACKAGES); do \
		dpkg-query -W -f='$${Status}' "$$pkg" 2>/dev/null | grep -q "ok installed" \
			|| missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installation de$$missing (paquets Debian, pour les PDF)…"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) \
			>/dev/null || { echo "Impossible d'installer$$missing"; exit 1; }; \
	fi

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json

## The port `make run` serves on: `make run PORT=8001`
PORT ?= 8000

## Start Maillage with the demo data on http://127.0.0.1:$(PORT)
run: install assets
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_demo --port $(PORT)
	@# One worker beside the web server runs the long documents, imports and e-mails.
	$(MANAGE) worker --verbosity 0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver 127.0.0.1:$(PORT)

## Run the whole test suite (installs what it needs first)
test: install assets browser office
	$(PY) -m pytest -n auto --dist loadgroup

browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installation de Chromium (paquet Debian)…"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
		|| { echo "Impossible d'installer chromium"; exit 1; }; \
	fi

## LibreOffice (Debian's writer and calc, without their interface): the tests open every
## document and export in it, as users do
OFFICE_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui
office:
	@missing=""; \
	for pkg in $(OFFICE_PACKAGES); do \
		dpkg-query -W -f='$${Status}' "$$pkg" 2>/dev/null | grep -q "ok installed" \
			|| missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installation de$$missing (paquets Debian, pour relire les documents)…"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) \
			>/dev/null || { echo "Impossible d'installer$$missing"; exit 1; }; \
	fi

## The same suite against a fresh database on the local PostgreSQL
PG_URL ?= postgres://postgres@127.0.0.1:5432/maillage_ci
test-postgres: install assets browser office
	psql -h 127.0.0.1 -U postgres -d postgres -qc 'DROP DATABASE IF EXISTS maillage_ci' \
		-c 'CREATE DATABASE maillage_ci'
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -n auto --dist loadgroup

check-deploy: install
	DJANGO_SETTINGS_MODULE=maillage.settings.production SECRET_KEY=$$(openssl rand -hex 40) \
		ALLOWED_HOSTS=maillage.example.org $(MANAGE) check --deploy --fail-level WARNING

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules maillage.sqlite3 var

## Benchmark at national scale: builds bench/var/bench.sqlite3 (or the DATABASE_URL
## database, created if missing), then times the key pages (bench/README.md).
##   DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench make bench
BENCH_ENV = PYTHONPATH=$(CURDIR):$(CURDIR)/src DJANGO_SETTINGS_MODULE=bench.settings \
	BENCH_COG_DIR=$(CURDIR)/../shared/data/cog
BENCH_BUILD_ARGS ?=
BENCH_RUN_ARGS ?=
bench: install assets
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then \
		server="$${DATABASE_URL%/*}"; db="$${DATABASE_URL##*/}"; db="$${db%%\?*}"; \
		psql "$$server/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$$db'" | grep -q 1 \
			|| { echo "Création de la base $$db…"; psql "$$server/postgres" -qc "CREATE DATABASE \"$$db\""; }; \
	fi
	$(BENCH_ENV) $(PY) bench/build.py $(BENCH_BUILD_ARGS) && $(BENCH_ENV) $(PY) bench/run.py $(BENCH_RUN_ARGS)

## Load test: gunicorn (2 workers, 127.0.0.1:8765) on PostgreSQL with the demo, then
## locust headless (50 users, 60 s). gunicorn is stopped at the end whatever happens.
LOAD_PG := postgres://postgres@127.0.0.1:5432
LOAD_DB := maillage_load
LOAD_HOST := 127.0.0.1:8765
load: install assets
	@set -euo pipefail; \
	tmp=$$(mktemp -d); gunicorn_pid=""; \
	cleanup() { \
		if [ -n "$$gunicorn_pid" ]; then kill "$$gunicorn_pid" 2>/dev/null || true; \
			wait "$$gunicorn_pid" 2>/dev/null || true; gunicorn_pid=""; fi; \
		rm -rf "$$tmp"; \
	}; \
	trap cleanup EXIT; trap 'exit 130' INT TERM; \
	export PYTHONPATH=$(CURDIR):$(CURDIR)/src DJANGO_SETTINGS_MODULE=bench.settings_load \
		DATABASE_URL=$(LOAD_PG)/$(LOAD_DB) STATIC_ROOT="$$tmp/static" \
		SECRET_KEY="$$(openssl rand -hex 40)"; \
	echo "Base $(LOAD_DB) : création, migrations, démonstration, fichiers statiques…"; \
	psql "$(LOAD_PG)/postgres" -qc 'DROP DATABASE IF EXISTS $(LOAD_DB)' -c 'CREATE DATABASE $(LOAD_DB)'; \
	$(MANAGE) migrate --noinput -v 0; \
	$(MANAGE) load_demo >/dev/null; \
	$(MANAGE) collectstatic --noinput -v 0; \
	$(VENV)/bin/gunicorn maillage.wsgi --workers 2 --bind $(LOAD_HOST) --log-level warning & \
	gunicorn_pid=$$!; \
	for _ in $$(seq 1 50); do \
		curl -fso /dev/null http://$(LOAD_HOST)/connexion/ && break; \
		kill -0 "$$gunicorn_pid" 2>/dev/null || { echo "gunicorn ne démarre pas"; exit 1; }; \
		sleep 0.2; \
	done; \
	echo "gunicorn prêt sur http://$(LOAD_HOST) (pid $$gunicorn_pid) : locust, 50 utilisateurs, 60 s…"; \
	status=0; \
	$(VENV)/bin/locust -f bench/locustfile.py --headless -u 50 -r 10 -t 60s \
		--host http://$(LOAD_HOST) --csv "$$tmp/load" --only-summary || status=$$?; \
	$(PY) bench/load_summary.py "$$tmp/load"; \
	exit $$status
