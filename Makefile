# Two commands do everything on a fresh machine: `make reconcile` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONFIG ?= inputs/reconcile.toml
OUT ?= outputs

.PHONY: reconcile test lint demo evaluate benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the project's declared dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

reconcile: $(STAMP)
	$(BIN)/reconcile run --config $(CONFIG) --out $(OUT)

test: $(STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check reconcile tests benchmarks
	$(BIN)/ruff format --check reconcile tests benchmarks
	$(BIN)/mypy reconcile

demo: $(STAMP)
	$(BIN)/reconcile demo --out inputs

evaluate: $(STAMP)
	$(BIN)/reconcile evaluate --truth inputs/demo_truth/truth.synthetic.csv --out $(OUT)

benchmark: $(STAMP)
	$(BIN)/python benchmarks/names.py
	$(BIN)/python benchmarks/linkage.py

clean:
	rm -rf $(VENV) $(OUT)/*.xlsx $(OUT)/*.csv $(OUT)/*.json $(OUT)/*.png
