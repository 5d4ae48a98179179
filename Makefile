# Fixloop: `make demo` to try it, `make test` to check it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo install test test-fast lint format bench messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## demo: install, migrate the local SQLite database, load demo data once, start web + worker
demo: $(STAMP)
	DEBUG=1 $(BIN)/fixloop migrate --no-input
	DEBUG=1 $(BIN)/fixloop seed --if-empty
	DEBUG=1 $(BIN)/fixloop rundemo

# One test process per core, each with its own test database (TEST_WORKERS=0: the suite runs in
# pytest's own process). A module's tests stay in one process: its shared fixtures are set up once.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

## test: the whole suite (SQLite by default; PostgreSQL when DATABASE_URL points to it)
test: $(STAMP)
	$(PYTEST)

## test-fast: everything but the browser tests and the slow suites that run once (marker "once")
test-fast: $(STAMP)
	$(PYTEST) -m "not browser and not once"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: benchmarks that print their figures (need PostgreSQL, see bench/README.md)
bench: $(STAMP)
	$(BIN)/python bench/seed.py
	$(BIN)/python bench/messaging.py
	$(BIN)/python bench/tracking.py
	$(BIN)/python bench/status_reports.py
	$(BIN)/python bench/portal.py
	$(BIN)/python bench/board.py
	$(BIN)/python bench/api.py
	$(BIN)/python bench/inspection_page.py

## messages: refresh the German translation catalogue after changing texts
messages: $(STAMP)
	cd fixloop && ../$(BIN)/fixloop makemessages -l de --no-obsolete --add-location file
	cd fixloop && ../$(BIN)/fixloop compilemessages

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
