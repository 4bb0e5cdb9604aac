# ashore: two commands matter: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "ashore needs Python 3.11 or newer"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	MPLBACKEND=Agg $(BIN)/ashore demo --out out

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools

test: lint
	MPLBACKEND=Agg $(BIN)/python -m pytest -n 2 --dist loadgroup

bench: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) out .pytest_cache
