# diplograph: `make demo` runs the main job, `make test` runs every test.
# Both create the virtualenv they need (.venv) on first use, installing the exact
# versions in constraints.txt (the lock; `make lock` renews it from the newest releases).

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test system clean bench lock

$(STAMP): pyproject.toml setup.py constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

# System packages the tests need (Chromium for the browser tests; Java and Maven for
# the local Neo4j). Installs with apt when missing; needs root or sudo.
system:
	@bash .ci/system-deps.sh

demo: $(STAMP)
	$(VENV)/bin/diplograph build --out out
	@echo "open out/graph.html in a browser; run more commands with .venv/bin/diplograph (or: source .venv/bin/activate)"

test: $(STAMP) system
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

# Resolve the newest releases allowed by pyproject.toml in a scratch venv and write them
# to constraints.txt; then `make test` to check them.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install -q --upgrade pip
	.lock-venv/bin/python -m pip install -q -e '.[test]'
	( echo "# Exact versions for make demo / make test / CI. Renew with: make lock"; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e ' ) > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) out .pytest_cache
