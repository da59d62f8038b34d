# Two commands do everything on a fresh machine: `make reconcile` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONFIG ?= inputs/reconcile.toml
OUT ?= outputs

.PHONY: reconcile test lint demo evaluate benchmark peers cluster clean

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

# The peers (Splink on DuckDB, recordlinkage) in an environment of their own: never the project's
# dependencies. Heavy: runs niced; pass more with PEERS_ARGS="--sizes 10000 30000 100000".
PEERS_VENV := .venv-peers
PEERS_STAMP := $(PEERS_VENV)/.installed
PEERS_ARGS ?=

$(PEERS_VENV)/bin/python:
	$(PYTHON) -m venv $(PEERS_VENV)

$(PEERS_STAMP): benchmarks/peers/requirements.txt pyproject.toml | $(PEERS_VENV)/bin/python
	$(PEERS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PEERS_VENV)/bin/python -m pip install --quiet -r benchmarks/peers/requirements.txt -e .
	touch $(PEERS_STAMP)

peers: $(PEERS_STAMP)
	nice -n 19 $(PEERS_VENV)/bin/python benchmarks/peers.py $(PEERS_ARGS)

# The cluster path (blocking and comparison on Spark, local mode) in an environment of its own,
# .venv-cluster: Spark is never a dependency of the project. Needs Java 17 or 21. Heavy: runs niced;
# pass more with CLUSTER_ARGS="--sizes 10000 --partitions 2" (docs/scaling.md).
CLUSTER_VENV := .venv-cluster
CLUSTER_STAMP := $(CLUSTER_VENV)/.installed
CLUSTER_ARGS ?=

$(CLUSTER_VENV)/bin/python:
	$(PYTHON) -m venv $(CLUSTER_VENV)

$(CLUSTER_STAMP): benchmarks/peers/requirements-cluster.txt pyproject.toml | $(CLUSTER_VENV)/bin/python
	$(CLUSTER_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(CLUSTER_VENV)/bin/python -m pip install --quiet -r benchmarks/peers/requirements-cluster.txt -e .
	touch $(CLUSTER_STAMP)

cluster: $(CLUSTER_STAMP)
	nice -n 19 $(CLUSTER_VENV)/bin/python benchmarks/cluster.py $(CLUSTER_ARGS)

clean:
	rm -rf $(VENV) $(OUT)/*.xlsx $(OUT)/*.csv $(OUT)/*.json $(OUT)/*.png
