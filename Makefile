# diplograph: `make demo` runs the main job, `make test` runs every test.
# Both create the virtualenv they need (.venv) on first use.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test system clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

# System packages the tests need (Chromium for the browser tests; Java and Maven for
# the local Neo4j). Installs with apt when missing; needs root or sudo.
system:
	@bash .ci/system-deps.sh

demo: $(STAMP)
	$(VENV)/bin/diplograph build --out out
	@echo "open out/graph.html in a browser"

test: $(STAMP) system
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) out .pytest_cache
