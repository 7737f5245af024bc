# Everything a fresh machine needs: `make serve` or `make test` create .venv and install first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install browser serve test quality lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,scale]'
	touch $(STAMP)

install: $(STAMP)

serve: install
	$(BIN)/rag serve

lint: install
	$(BIN)/ruff check .

# Headless Chromium and its driver for the widget test (Debian packages; needs root, as CI has).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk; }

test: install browser
	$(BIN)/ruff check .
	$(BIN)/pytest

# Every question set held to its floor on the whole eval corpus (`make test` floors a sample: tests/floors.py).
quality: install
	RAG_TEST_FLOORS=all $(BIN)/pytest tests/test_eval.py

bench: install
	$(BIN)/python -m eval.bench_service
	$(BIN)/python -m eval.bench_ingest

clean:
	rm -rf $(VENV) data
