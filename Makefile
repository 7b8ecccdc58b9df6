# Ringback: `make run` starts everything on embedded defaults; `make test` checks it all.
# The newest of these that is Python 3.11 or later; `make PYTHON=…` picks another.
# (A pyenv shim of a version that is not active fails to run, and is skipped.)
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-stamp
STAMP := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.bench-stamp
PORT ?= 8000

.PHONY: run test lint messages bench clean

# What running needs, and no more: the first `make run` installs only these.
$(RUN_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "Ringback needs Python 3.11 or newer, and PYTHON='$(PYTHON)' is not that." \
	    "Put python3.13, python3.12 or python3.11 on PATH, or name one:" \
	    "make PYTHON=/path/to/python3.12" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

# The tools of `make test`, `make lint` and `make messages` on top (pytest, ruff, mypy,
# Playwright, babel…).
$(STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(RUN_STAMP)
	$(BIN)/python manage.py prepare_data_dir
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start --procfile Procfile --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python manage.py prepare_data_dir --verbosity 0
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run accounts push contacts reminders reach voicemail sources
	$(BIN)/pytest

# After changing a translatable text: adds new messages to locale/*/django.po, drops
# unused ones and recompiles the .mo files (committed; no GNU gettext needed).
messages: $(STAMP)
	$(BIN)/python -m scripts.messages

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

# Not part of `make test`: about 10 minutes against this machine's PostgreSQL and Redis
# (BENCH_DATABASE_URL, BENCH_BROKER_URL); prints the table and writes bench/results.md.
bench: $(BENCH_STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data
