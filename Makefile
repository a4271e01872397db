# Sifa — the two commands of the README's quick start:
#   make demo   set everything up, load the demo city, serve on http://127.0.0.1:8000
#   make test   install what the tests need, then ruff, migrations check, pytest (SQLite, PostgreSQL)

PYTHON_BIN := $(shell scripts/find-python)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000

# Keep compiled modules between runs. Some machines set PYTHONDONTWRITEBYTECODE, and then every
# pytest worker compiled all of Sifa and rewrote every test module again (about 13 s of one core
# per worker per run: four collections in `make test`). __pycache__ is in .gitignore.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: demo test install install-dev chromium lint test-sqlite test-postgres bench lock clean
.PHONY: serve

$(VENV)/.runtime: requirements.lock
	@test -n "$(PYTHON_BIN)" || { echo "Python 3.12+ is required"; exit 1; }
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(PIP) install --quiet --require-hashes -r requirements.lock -r requirements-dev.lock
	touch $@

install: $(VENV)/.runtime

install-dev: $(VENV)/.dev

demo: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST)

# Production: gunicorn with config.settings_production, workers from the core count, on
# 127.0.0.1:8000 behind nginx (docs/deploy.md). Says which of SECRET_KEY, SIFA_DATA_KEY,
# ALLOWED_HOSTS, DATABASE_URL is missing; ENV_FILE=/etc/sifa/sifa.env reads them from a file.
serve: install
	@scripts/serve

# Debian's chromium for the browser tests; installed when missing and we are root.
chromium:
	@scripts/ensure-chromium

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

test-sqlite: install-dev
	@scripts/test-sqlite

test-postgres: install-dev
	@scripts/test-postgres

test: install-dev chromium lint
	@scripts/test-engines

bench: install-dev
	$(PY) bench/run.py


# --- backups (docs/backup.md) ---------------------------------------------------------------
#   make backup                      database + uploads + manifest into SIFA_BACKUP_DIR
#   make restore FROM=backups/sifa-… verify checksums, restore into an EMPTY database (FORCE=1:
#                                    overwrite a database that holds tables)
#   make restore-drill [FROM=…]      restore into a scratch database, migrate, check, compare
.PHONY: backup restore restore-drill

backup: install
	$(PY) manage.py backup

restore: install
	@test -n "$(FROM)" || { echo "usage: make restore FROM=backups/sifa-YYYYMMDD-HHMMSS [FORCE=1]"; exit 2; }
	$(PY) manage.py restore --from "$(FROM)" $(if $(FORCE),--force)

restore-drill: install
	scripts/restore-drill $(if $(FROM),--from "$(FROM)")

# Re-pin the lock files after editing requirements*.in (needs network access to PyPI).
lock:
	$(PIP) install --quiet uv
	$(VENV)/bin/uv pip compile --universal --python-version 3.12 --generate-hashes -q requirements.in -o requirements.lock
	$(VENV)/bin/uv pip compile --universal --python-version 3.12 --generate-hashes -q requirements-dev.in -o requirements-dev.lock

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache

# --- background jobs and scheduled work (docs/jobs.md) ----------------------------------------
# The worker runs the queued jobs (database queue: SIFA_TASKS_BACKEND=database, the default when
# DEBUG is off); the scheduler enqueues the daily jobs of SIFA_SCHEDULE. Each runs until stopped.
.PHONY: worker scheduler
worker: install
	SIFA_TASKS_BACKEND=database $(PY) manage.py run_worker --no-reload

scheduler: install
	SIFA_TASKS_BACKEND=database $(PY) manage.py run_scheduler
