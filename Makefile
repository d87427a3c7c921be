# earlyhelp: the only entry points a newcomer needs.
#   make demo   install, build assets, migrate, load demo data, serve http://127.0.0.1:8000
#   make test   install, build assets, lint, run the whole suite (SQLite, then PostgreSQL)
#   make lint   ruff and bandit only
#   make bench  benchmarks: each prints ours, its baseline and the ratio

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench assets install install-test chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/.built: node_modules/.installed scripts/build-assets.mjs src/earlyhelp/assets/earlyhelp.scss
	npm run --silent build
	touch $@

assets: build/static/.built

# The demo runs as production would (DEBUG off, gunicorn, whitenoise) but over plain http
# on this machine, with a secret key generated once into data/.
demo: export DEBUG = false
demo: export EARLYHELP_DEMO = true
demo: export EARLYHELP_HTTPS = false
demo: export SECRET_KEY_FILE = data/secret_key
demo: export ALLOWED_HOSTS = 127.0.0.1,localhost
demo: install assets
	@mkdir -p data
	@test -s data/secret_key || (umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > data/secret_key)
	$(BIN)/earlyhelp collectstatic --noinput --verbosity 0
	$(BIN)/earlyhelp migrate --noinput --verbosity 0
	$(BIN)/earlyhelp coder train
	$(BIN)/earlyhelp seed --authority worcestershire --families 3000 --if-empty
	@echo "Serving earlyhelp on http://127.0.0.1:8000 (Ctrl-C to stop)"
	@# The background worker (the narrative coder) runs beside the web server and stops with it.
	$(BIN)/earlyhelp db_worker --interval 0.2 --no-startup-delay & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gunicorn earlyhelp.wsgi --config python:earlyhelp.gunicorn_conf --bind 127.0.0.1:8000 --workers 2

# Browser tests drive Debian's Chromium (Playwright cannot download its own here).
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Chromium at /usr/bin/chromium. Install Debian's package:"; \
	    echo "  sudo apt-get update && sudo apt-get install chromium"; \
	    echo "or point EARLYHELP_CHROMIUM at another Chromium and run: make test CHROMIUM_OK=1"; \
	    [ "$(CHROMIUM_OK)" = "1" ] || exit 1; \
	  fi; }

test: install-test assets chromium
	bash scripts/run_tests.sh $(ARGS)

lint: install-test
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/bandit -c pyproject.toml -r src -q

clean:
	rm -rf build node_modules $(VENV)

# Benchmarks: each runs its work and a baseline side by side and prints the ratio.
bench: export DEBUG = false
bench: export SECRET_KEY = bench-only
bench: export EARLYHELP_DATA_DIR = $(CURDIR)/build/bench-data
bench: $(VENV)/.installed-bench
	@mkdir -p build/bench-data
	@for script in bench/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done
