# Two commands on a fresh machine with Python 3.11 and make:
#   make demo   ingests examples/ into eventcoder.db; prints actors, timeline and shifts, and
#               draws the Armenia-Russia timeline into armenia-russia.svg
#   make test   runs ruff, the type checker (mypy) and the test suite
# Both install into .venv the exact, hash-checked versions in requirements.lock (what was
# tested), then the project itself. After changing dependencies in pyproject.toml, run
# `make lock` (LOCK_FLAGS=--upgrade moves every pin to the newest allowed version).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
LOCK_TOOLS := $(VENV)/lock-tools
UV_VERSION := 0.13.9
LOCK_FLAGS ?=

.PHONY: demo test lint typecheck lock bench clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "needs $(PYTHON) on PATH (or make PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# --require-hashes installs nothing that is not in the lock, so the project itself (not in
# it) comes after, without dependencies.
$(STAMP): $(BIN)/python $(LOCK) pyproject.toml
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	rm -f eventcoder.db eventcoder.db-wal eventcoder.db-shm
	HF_HUB_OFFLINE=1 $(BIN)/eventcoder ingest examples/ --db sqlite:///eventcoder.db
	$(BIN)/eventcoder summary --db sqlite:///eventcoder.db --limit 12
	$(BIN)/eventcoder timeline Armenia --with Russia --db sqlite:///eventcoder.db --plot armenia-russia.svg
	$(BIN)/eventcoder shifts --actor Armenia --db sqlite:///eventcoder.db
	@echo "To read the evidence in a browser: $(BIN)/eventcoder serve --db sqlite:///eventcoder.db (then open http://127.0.0.1:8000)"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy src

test: $(STAMP) lint typecheck
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

# The lock covers every Python that requires-python allows, on every platform (--universal),
# for the runtime dependencies and the dev extra (which includes the postgres one).
$(LOCK_TOOLS)/bin/uv:
	$(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/python -m pip install --quiet uv==$(UV_VERSION)

lock: $(LOCK_TOOLS)/bin/uv
	$(LOCK_TOOLS)/bin/uv pip compile pyproject.toml --extra dev --universal \
	    --python-version 3.11 --generate-hashes --custom-compile-command "make lock" \
	    --quiet --output-file $(LOCK) $(LOCK_FLAGS)

bench: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python bench/events.py
	HF_HUB_OFFLINE=1 $(BIN)/python bench/ingest.py ../shared/corpus/news_articles.jsonl

clean:
	rm -f eventcoder.db eventcoder.db-wal eventcoder.db-shm armenia-russia.svg
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache
