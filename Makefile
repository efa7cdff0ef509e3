# eventwire developer tasks. `make demo` and `make test` work on a fresh machine with only
# Python installed: they build .venv from the hash-pinned requirements.lock first.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTHON ?= $(shell scripts/find-python)
DEMO_DB ?= examples.duckdb

.PHONY: demo test smoke lint bench lock clean

PIP    := $(BIN)/python -m pip --disable-pip-version-check

# pip first, from its own hash-pinned lock: the interpreter's bundled pip may be too old
# for requirements.lock (pip < 23.3 rejects lxml[html_clean] in --require-hashes mode).
$(STAMP): requirements.lock requirements-pip.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r requirements-pip.lock
	$(PIP) install --quiet --require-hashes -r requirements.lock
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@

demo: $(STAMP)  ## ingest examples/ into the embedded store and summarise it
	$(BIN)/eventwire run examples/ --db $(DEMO_DB)

test: $(STAMP)  ## the whole test suite, and the linter
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

# A quick check of an environment: what `doctor` says, and one example extracted.
# CI runs it in a second venv per other interpreter: make smoke VENV=.venv-3.11 PYTHON=...
SMOKE_DOC ?= examples/press/mfa-kz-sco-astana-summit-2024.txt
smoke: $(STAMP)
	$(BIN)/eventwire doctor --db $(VENV)/smoke.duckdb
	$(BIN)/eventwire extract $(SMOKE_DOC) --format jsonl > $(VENV)/smoke.jsonl
	$(BIN)/python -c "import json,sys; d=json.load(open(sys.argv[1])); \
	  assert d['document']['title'] and d['actors'] and d['events'], 'empty extraction'" \
	  $(VENV)/smoke.jsonl
	@echo "smoke: $$($(BIN)/python --version) ok"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

bench: $(STAMP)
	$(BIN)/python bench/pipeline_speed.py
	$(BIN)/python bench/corroborate_speed.py
	$(BIN)/python bench/layer_speed.py

lock:  ## re-pin requirements.lock and requirements-pip.lock with hashes (needs uv: pip install uv)
	uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
	  --generate-hashes -o requirements.lock
	echo pip | uv pip compile - --universal --python-version 3.11 --generate-hashes \
	  --no-header -o requirements-pip.lock

clean:
	rm -rf $(VENV) .venv-3.* $(DEMO_DB) .pytest_cache .ruff_cache
