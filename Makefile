# The two commands a new user needs: `make demo` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := $(CURDIR)/.tools/bin
export PATH := $(TOOLS):$(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: install engine test test-fast test-dates lint typecheck schemas demo bench bench-sandbox clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

engine:
	./scripts/build-engine.sh

LINTED := callplan_provider tests benchmarks examples tools/engine/pulumi-language-python

lint: install
	$(PY) -m ruff check $(LINTED)
	$(PY) -m ruff format --check $(LINTED)
	$(PY) -m mypy callplan_provider tools/engine/pulumi-language-python

schemas: install
	$(PY) -m callplan_provider.cli schemas write

# Everything, engine end-to-end tests included (the engine is built first when missing), then the
# date-sensitive tests again under shifted wall clocks.
test: install engine lint
	$(PY) -m pytest
	./scripts/shifted-clocks.sh

# The date-sensitive tests at 01:30 UTC and at 23:50 UTC on a Friday before a holiday (libfaketime).
test-dates: install
	./scripts/shifted-clocks.sh

# Everything but the engine end-to-end tests.
test-fast: install
	$(PY) -m pytest -m "not e2e"

demo: install engine
	./scripts/demo.sh

# The provider under the real engine against a direct-API script, side by side (benchmarks/scale.py).
PEOPLE ?= 100
MENUS ?= 20
LATENCY_MS ?= 40
bench: install engine
	$(PY) -m benchmarks.scale --people $(PEOPLE) --menus $(MENUS) --latency-ms $(LATENCY_MS)

# The sandbox's own time per request at 1,000 people with 4 clients (benchmarks/sandbox_load.py).
bench-sandbox: install
	$(PY) -m benchmarks.sandbox_load

clean:
	rm -rf $(VENV) .demo
