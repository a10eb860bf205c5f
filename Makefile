# Two commands matter on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEED := corpora/notices/air-2020-autumn-winter

.PHONY: demo test outputs bench sweep clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

# The main job on the seed pair: compare the draft with the issued notice (substantive
# changes on the terminal; exit status 1 means "differences found", as with diff), then
# write every report for corpora/ to outputs/.
demo: $(VENV)/.installed
	$(BIN)/policydiff compare $(SEED)/draft.txt $(SEED)/final.txt --level substantive || test $$? -eq 1
	$(BIN)/python -m policydiff.outputs
	@echo "reports written to outputs/ (extract/, outline/, pairs/)."
	@echo "Open the seed pair's redline in a browser: outputs/pairs/air-2020/txt-txt/compare.html"
	@echo "or in Word / LibreOffice, with tracked changes: outputs/pairs/air-2020/txt-txt/compare.docx"

# Regenerate outputs/ from corpora/ (a test fails when they are stale).
outputs: $(VENV)/.installed
	$(BIN)/python -m policydiff.outputs

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# The HTML report's timing needs Chromium (Debian's chromium) and Playwright (a test extra).
bench: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/outline_corpus.py
	$(BIN)/python bench/compare.py
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/batch.py
	$(BIN)/python bench/large_law.py
	$(BIN)/python bench/versus.py
	if command -v chromium >/dev/null; then $(BIN)/python bench/html_report.py; \
	else echo "chromium not installed: skipping bench/html_report.py"; fi

# Every law of ../shared/corpora/lawrefbook in every rendering (DOCX and PDF through LibreOffice,
# cached in bench/.cache): outlines and version pairs checked, results in bench/results-sweep.md.
sweep: $(VENV)/.installed-test
	$(BIN)/python bench/sweep.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
