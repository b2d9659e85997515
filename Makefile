# policykg — every target does its own set-up on a fresh machine.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CHROMIUM_STAMP := .cache/chromium.ok
CORPUS ?= ../shared/corpus
STORE ?= falkordb:./data/policykg
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: all venv node chromium demo test test-fast lint bench clean

all: test

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

venv: $(STAMP)

# Neo4j's own Cypher front end, used to check every file in cypher/.
$(NODE_STAMP): package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

node: $(NODE_STAMP)

# Debian's Chromium for the browser tests of viz/.
$(CHROMIUM_STAMP):
	@mkdir -p .cache
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; fi; \
	fi
	@command -v chromium >/dev/null && touch $@

chromium: $(CHROMIUM_STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check . || true

test: $(STAMP) $(NODE_STAMP) $(CHROMIUM_STAMP)
	$(BIN)/ruff check .
	POLICYKG_CORPUS=$(CORPUS) $(BIN)/pytest -q

test-fast: $(STAMP)
	POLICYKG_CORPUS=$(CORPUS) $(BIN)/pytest -q -m "not slow and not browser"

demo: $(STAMP)
	$(BIN)/policykg ingest samples/*.txt samples/*.tsv --store $(STORE)
	$(BIN)/policykg stats --store $(STORE)
	@echo "Serving the API on http://$(HOST):$(PORT)/api/v1 and the pages on http://$(HOST):$(PORT)/viz/"
	$(BIN)/policykg serve --store $(STORE) --host $(HOST) --port $(PORT)

bench: $(STAMP)
	POLICYKG_CORPUS=$(CORPUS) $(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) node_modules .cache data .pytest_cache
