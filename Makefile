# eventwire developer tasks. `make demo` and `make test` work on a fresh machine with only
# Python installed: they build .venv from the hash-pinned requirements.lock first.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTHON ?= $(shell scripts/find-python)
DEMO_DB ?= examples.duckdb

.PHONY: demo test lint bench lock clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

demo: $(STAMP)  ## ingest examples/ into the embedded store and summarise it
	$(BIN)/eventwire run examples/ --db $(DEMO_DB)

test: $(STAMP)  ## the whole test suite, and the linter
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

bench: $(STAMP)
	$(BIN)/python bench/pipeline_speed.py
	$(BIN)/python bench/corroborate_speed.py

lock:  ## re-pin requirements.lock with hashes (needs uv: pip install uv)
	uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
	  --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) $(DEMO_DB) .pytest_cache .ruff_cache
