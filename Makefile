# The two commands of the quick start: `make run` and `make test`. Each sets up .venv first.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-servers lint setup bench clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv

# --compile-bytecode: uv leaves it out by default, and where PYTHONDONTWRITEBYTECODE is set
# (CI, containers) every process would compile the libraries' sources again: ~5 s a start.
$(VENV)/.installed: pyproject.toml Makefile | $(BIN)/uv
	$(BIN)/uv pip install --python $(BIN)/python --quiet --compile-bytecode -e ".[dev]"
	touch $@

$(VENV)/.installed-servers: $(VENV)/.installed
	$(BIN)/uv pip install --python $(BIN)/python --quiet --compile-bytecode -e ".[dev,postgres,redis]"
	touch $@

setup: $(VENV)/.installed

run: setup
	$(BIN)/riskscreen serve --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/python -m pytest

# The suite again beside throwaway PostgreSQL and Redis servers: every app on PostgreSQL, and
# the tests under tests/servers/ (needs Debian's postgresql and redis-server packages).
test-servers: $(VENV)/.installed-servers
	scripts/with-postgres scripts/with-redis $(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check riskscreen tests bench wsgi.py gunicorn.conf.py
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
