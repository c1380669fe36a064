# Praxis: `make run` and `make test` are the two commands; everything else is a helper.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
VAR_DIR := $(or $(PRAXIS_VAR_DIR),var)
export DJANGO_SETTINGS_MODULE ?= config.settings

.PHONY: run serve test venv setup messages messages-extract lint types bench clean lock e2e crash

$(VENV)/.installed: pyproject.toml requirements.lock
	@PYBIN=$$(scripts/find-python) || exit 1; \
	[ -x $(PY) ] || $$PYBIN -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

venv: $(VENV)/.installed

messages: venv
	@$(PY) manage.py compilemessages --ignore '.venv' -v 0

# Migrates the database, loads the French demo data once, collects static files.
setup: venv messages
	@mkdir -p $(VAR_DIR)
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py createcachetable
	$(PY) manage.py load_postal_codes --if-empty
	@if [ ! -f $(VAR_DIR)/.demo-loaded ]; then $(PY) manage.py seed_demo && touch $(VAR_DIR)/.demo-loaded; fi

run: setup
	@echo "Praxis on http://127.0.0.1:$(PORT)  (task worker running; Ctrl-C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py run_huey --workers 2 --worker-type thread --max-delay 2 & \
	SCORM_CONTENT_ORIGIN=$${SCORM_CONTENT_ORIGIN:-http://localhost:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production on one machine (README, "Production"): gunicorn (gthread, workers from the cores) and the task worker,
# PRAXIS_PRODUCTION=1 (SECRET_KEY and ALLOWED_HOSTS required), JSON logs; migrates and collects static files first.
serve: venv messages
	PRAXIS_PRODUCTION=1 $(PY) manage.py serve --port $(PORT)

# Two pytest processes (pytest-xdist), each with its own test database, browser, live server and ports; `--dist load`
# hands tests out in collection order, so a process never runs a plain test after a transactional one flushed its
# database (pytest-django puts those last). TEST_PROCESSES=0 runs in one process. docs/architecture.md, "Tests".
TEST_PROCESSES ?= 2
test: venv messages
	$(PY) -m pytest $(if $(filter 0,$(TEST_PROCESSES)),,-n $(TEST_PROCESSES) --dist load) $(PYTEST_ARGS)

e2e: venv messages
	$(PY) -m pytest -m e2e $(PYTEST_ARGS)

# kill -9 of the task worker 20 times per job kind, on a local folder and on S3 (moto's server); make test does 3, one
# kind on S3; docs/operations.md, "Crashes".
crash: venv messages
	PRAXIS_CRASH_KILLS=$(or $(KILLS),20) PRAXIS_CRASH_S3=$(or $(S3),all) $(PY) -m pytest praxis/core/tests/test_crash.py -s $(PYTEST_ARGS)

# Refresh every app's own catalogue (praxis/<app>/locale/{fr,nl}) from its code and templates.
messages-extract: venv
	@for app in praxis/*/; do [ -f "$$app/apps.py" ] || continue; mkdir -p "$$app/locale"; \
	  (cd "$$app" && DJANGO_SETTINGS_MODULE=config.settings ../../$(VENV)/bin/django-admin makemessages \
	    -l fr -l nl --no-obsolete --pythonpath=../.. -v 0); done

# Style (ruff) and the layers between apps (import-linter contracts in pyproject.toml; docs/architecture.md).
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

# Type checks (settings in pyproject.toml; run by CI).
types: venv
	$(VENV)/bin/mypy praxis config conftest.py

lock: venv
	$(PY) -m pip freeze --exclude-editable | grep -v '^praxis' > requirements.lock

clean:
	rm -rf $(VENV) var staticfiles

# Load benchmark on a large generated dataset (PostgreSQL praxis_bench, gunicorn, wrk); not part of `make test`.
# `make bench SCALE=full` (tiny|small|default|full); results in var/bench/latest.json. See docs/benchmark.md.
bench: venv messages
	BENCH_SCALE=$(or $(SCALE),$(BENCH_SCALE),default) $(PY) bench/run.py
