# 机关事务制度标准库 — make serve | make test | make site | make validate
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup serve site validate test bench system-deps system-serve system-test clean

# Create .venv on first use; reinstall when the dependency list changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Material prints an end-of-life notice on every build; DESIGN.md already plans for it.
export NO_MKDOCS_2_WARNING := 1

# The Debian packages each target needs: checked first, installed with apt-get when root
# (otherwise one message naming `sudo make system-deps`); nothing is installed when all are there.
system-serve:
	@PYTHON=$(PYTHON) bash scripts/system-deps.sh serve
system-test:
	@PYTHON=$(PYTHON) bash scripts/system-deps.sh test
system-deps:
	@PYTHON=$(PYTHON) bash scripts/system-deps.sh test

# For editing: pages only, rebuilt incrementally (--dirty; warnings shown, not fatal — `make site`
# stays strict). The downloads are made by `make site` / `zhidu build`.
serve: system-serve setup
	$(BIN)/zhidu validate
	ZHIDU_DOWNLOADS=false $(BIN)/mkdocs serve --dirty --no-strict --dev-addr 127.0.0.1:8000

# site/ plus site.zip, the same site for intranet distribution (unpack and serve with any file server)
site: system-serve setup
	$(BIN)/zhidu build --site-dir site --zip site.zip

validate: setup
	$(BIN)/zhidu validate

# axe-core for the accessibility tests, from the npm registry (locked in tests/package-lock.json)
tests/node_modules/.package-lock.json: tests/package.json tests/package-lock.json
	npm ci --prefix tests --no-audit --no-fund

test: system-test setup tests/node_modules/.package-lock.json
	$(BIN)/python -m pytest

# Benchmarks (never part of make test): prints a table and writes docs/performance.md.
# BENCH_SCALES=1,10,50 chooses the registry sizes (1× is the real registry).
bench: system-test setup
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_history.py

clean:
	rm -rf site site.zip .site.* .zhidu
	# folders that versions before the zhidu plugin generated inside docs/
	cd docs && rm -rf regulations references _generated checklists downloads service-standards assets changes api schemas
