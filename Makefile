# Everything bootstraps a .venv on first use; only Python 3.11+ and make are needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: generate check-generated test lint typecheck pytest bench demo clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

generate: $(STAMP)
	@$(PY) -m scripts.generate $(ARGS)

check-generated: $(STAMP)
	@$(PY) -m scripts.generate --check

lint: $(STAMP)
	$(PY) -m ruff check extensions scripts tests benchmarks examples
	$(PY) -m ruff format --check extensions scripts tests benchmarks examples

typecheck: $(STAMP)
	$(PY) -m mypy --strict extensions scripts

pytest: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

test: lint typecheck check-generated pytest

bench: $(STAMP)
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	@$(PY) benchmarks/run_all.py

demo: $(STAMP)
	@$(PY) -m examples.demo

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
