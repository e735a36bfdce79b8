# Two commands on a fresh machine with Python 3.11 and make:
#   make demo   ingests examples/ into eventcoder.db; prints actors, timeline and shifts
#   make test   runs ruff and the test suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "needs $(PYTHON) on PATH (or make PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	rm -f eventcoder.db eventcoder.db-wal eventcoder.db-shm
	HF_HUB_OFFLINE=1 $(BIN)/eventcoder ingest examples/ --db sqlite:///eventcoder.db
	$(BIN)/eventcoder summary --db sqlite:///eventcoder.db --limit 12
	$(BIN)/eventcoder timeline Armenia --with Russia --db sqlite:///eventcoder.db
	$(BIN)/eventcoder shifts --actor Armenia --db sqlite:///eventcoder.db

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

test: $(STAMP) lint
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

bench: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python bench/events.py
	HF_HUB_OFFLINE=1 $(BIN)/python bench/ingest.py ../shared/corpus/news_articles.jsonl

clean:
	rm -f eventcoder.db eventcoder.db-wal eventcoder.db-shm
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache
