# Everything bootstraps a .venv on first use; only Python 3.11+ and make are needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PIP := $(PY) -m pip --disable-pip-version-check

.DEFAULT_GOAL := help
.PHONY: help generate changes check-generated test lint typecheck pytest bench demo clean

help: ## list the targets
	@echo "clientsuite: make TARGET (the first run of any target sets up .venv)"
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(PY) || { echo "creating $(VENV) with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV); }
	@echo "installing clientsuite and its dev tools into $(VENV): every service's extras, the pinned"
	@echo "generator and formatter, mypy, pytest, web frameworks and a Redis-compatible server (about a minute the first time)"
	@$(PIP) install --quiet --upgrade pip
	@bash -o pipefail -c "$(PIP) install --progress-bar off -e '.[dev]' | awk '/^(Collecting|Successfully installed)|ERROR/'"
	@touch $(STAMP)

generate: $(STAMP) ## regenerate generated/ from specs/ (only what changed); ARGS="--help" for options
	@$(PY) -m scripts.generate $(ARGS)

changes: $(STAMP) ## print the change report of generated/ against git HEAD (regenerates first if needed)
	@$(PY) -m scripts.generate --report .cache/generate/changes.md --plain $(ARGS)

check-generated: $(STAMP) ## fail if generated/ is not what specs/ produce
	@$(PY) -m scripts.generate --check

lint: $(STAMP) ## ruff check and format check
	$(PY) -m ruff check extensions scripts tests benchmarks examples
	$(PY) -m ruff format --check extensions scripts tests benchmarks examples

typecheck: $(STAMP) ## mypy --strict on extensions/, scripts/ and the demo (examples/)
	$(PY) -m mypy --strict extensions scripts examples

pytest: $(STAMP) ## the tests; PYTEST_ARGS="-k name" to pick
	$(PY) -m pytest $(PYTEST_ARGS)

test: lint typecheck check-generated pytest ## everything CI runs

bench: $(STAMP) ## the benchmarks, beside the official SDKs (installs the bench extra)
	@$(PIP) install --quiet -e '.[bench]'
	@$(PY) benchmarks/run_all.py

demo: $(STAMP) ## every service offline, as a coloured report
	@$(PY) -m examples.demo

clean: ## remove .venv and tool caches
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .cache
