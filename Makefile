# juesuan — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

prereqs: ## check Python >= 3.11 can make a venv (the only prerequisite; clear message, no stack trace)
	@scripts/check-prereqs.sh $(PYTHON)

$(STAMP): pyproject.toml | prereqs
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	$(BIN)/python -c 'from analysis.fonts import cjk_truetype, cjk_webfont; cjk_truetype(); cjk_webfont()'  # the PDF font and the reports' web font, made once
	@touch $(STAMP)

venv: $(STAMP) ## create .venv and install juesuan with its dependencies

report: $(STAMP) ## run the main job on the bundled sample (data/raw) → reports/index.html
	$(BIN)/juesuan run data/raw

# -n auto: one pytest worker per core; --dist loadfile: a file's tests stay together, so a module's
# expensive fixture (a corpus run, a whole report OCR'd) is built once
test: $(STAMP) ## run the whole test suite
	$(BIN)/python -m pytest -n auto --dist loadfile

test-fast: $(STAMP) ## the tests a developer runs often (≤ 1 minute: no kernel, no Dask, no JVM)
	$(BIN)/python -m pytest -n auto --dist loadfile -m "not slow"

sample: $(STAMP) ## re-render the bundled sample PDF from data/sample/*.yml
	$(BIN)/juesuan render data/sample/qingshan-party-office-2023.yml --out "data/raw/2023/中共武汉市青山区委办公室.pdf"

PLANTED := build/planted-pdf/2023/中共武汉市青山区委办公室（植入错误）.pdf
planted: $(STAMP) ## the sample with planted errors (data/sample/planted-errors.txt) → build/planted/reports/index.html
	@mkdir -p "$(dir $(PLANTED))"
	grep -v '^#' data/sample/planted-errors.txt | sed 's/^/--change\n/' | tr '\n' '\0' | \
	  xargs -0 $(BIN)/juesuan render data/sample/qingshan-party-office-2023.yml --out "$(PLANTED)"
	$(BIN)/juesuan run build/planted-pdf --out build/planted --force

strip: $(STAMP) ## strip outputs from the notebooks before committing
	$(BIN)/nbstripout notebooks/*.ipynb

bench: $(STAMP) ## extraction and batch benchmarks (print figures, assert nothing)
	$(BIN)/juesuan bench extract
	$(BIN)/juesuan bench run --departments 20

clean: ## remove generated reports and processed data (never data/raw)
	rm -rf reports/* data/processed/*
	@touch reports/.gitkeep data/processed/.gitkeep

.PHONY: help prereqs venv report test test-fast sample planted strip bench clean
