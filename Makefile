# Task runner: `make demo` (install + dashboard on demo data), `make test` (install + all tests).
# Every target installs what it needs into .venv first, so each works on a fresh clone.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
STAMP  := $(VENV)/.installed
AXE    := tests/e2e/node_modules/axe-core/axe.min.js

.PHONY: install demo app test test-fast test-e2e browser lint bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The server is headless (.streamlit/config.toml): it opens no browser. Open the address it
# prints; `make demo PORT=8600` serves on another port; Ctrl-C stops it.
SERVE = @echo "Open http://127.0.0.1:$(PORT) in your browser once the server below says so (another port: make $@ PORT=8600). Ctrl-C stops the dashboard."; \
	$(BIN)/streamlit run dashboard/app.py --server.port $(PORT) --server.headless true

demo: install            ## build the demo database if there is none, then serve the dashboard
	$(BIN)/annexa demo --if-missing
	$(SERVE)

app: install             ## serve the dashboard on the current database
	$(SERVE)

browser: $(AXE)          ## Debian's chromium for the browser tests (playwright cannot download one here)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; fi; }

# axe-core, the accessibility checker the browser tests inject into each page
# (tests/e2e/test_accessibility.py), at the version and checksum of tests/e2e/package-lock.json.
$(AXE): tests/e2e/package.json tests/e2e/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq npm >/dev/null; \
	  else echo "The accessibility tests need npm: sudo apt-get install npm"; exit 1; fi; }
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
	touch $@

# Every test runs on both cores (pytest-xdist): each browser test starts its own server on a free
# port and its own browser, so two run side by side. One run for both suites, so that neither
# waits for the other's last tests: the browser tests first (the longest first,
# tests/e2e/conftest.py), then the fast ones, handed to the two workers 8 at a time (xdist's
# first hand-out would otherwise be a quarter of the run each: every browser test to one worker).
test: install browser    ## every test: the browser tests and the fast suite, in one run
	$(BIN)/pytest -n 2 -m "e2e or not e2e" --maxschedchunk=8

test-fast: install       ## unit, SQL and AppTest tests only
	$(BIN)/pytest -n 2

test-e2e: install browser
	$(BIN)/pytest -m e2e -n 2

lint: install
	$(BIN)/ruff check .

bench: install           ## speed and memory benchmarks (print ratios against in-run baselines)
	$(BIN)/python benchmarks/ingest.py
	@for b in benchmarks/queries.py benchmarks/pages.py; do \
	  if [ -f $$b ]; then $(BIN)/python $$b; fi; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache data/.readers
