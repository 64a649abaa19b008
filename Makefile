# Two commands matter: `make run` (demo bot on SQLite with a built-in fake LINE server)
# and `make test` (the whole suite; add TEST_DATABASE_URL to run it on PostgreSQL too).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PYTHAINLP_OFFLINE := 1
export PYTHAINLP_READ_ONLY := 1

.PHONY: run test lint bench simulate clean assets

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(BIN)/flask --app app db upgrade
	$(BIN)/flask --app app seed-demo
	$(BIN)/flask --app app run-demo

simulate: $(VENV)/.installed
	$(BIN)/flask --app app db upgrade
	$(BIN)/flask --app app simulate

test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache

# Refresh the staff pages' CSS, font and htmx from npm at the versions pinned in staff/assets.sh.
assets:
	bash staff/assets.sh
