# 机关事务制度标准库 — make serve | make test | make site | make validate
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: setup serve site validate test bench system-deps clean

# Create .venv on first use; reinstall when the dependency list changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# Material prints an end-of-life notice on every build; DESIGN.md already plans for it.
export NO_MKDOCS_2_WARNING := 1

serve: setup
	$(BIN)/zhidu validate
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# site/ plus site.zip, the same site for intranet distribution (unpack and serve with any file server)
site: setup
	$(BIN)/zhidu build --site-dir site
	rm -f .site.zip.tmp && $(BIN)/python -m zipfile -c .site.zip.tmp site/ && mv .site.zip.tmp site.zip

validate: setup
	$(BIN)/zhidu validate

# axe-core for the accessibility tests, from the npm registry (locked in tests/package-lock.json)
tests/node_modules/.package-lock.json: tests/package.json tests/package-lock.json
	npm ci --prefix tests --no-audit --no-fund

test: setup tests/node_modules/.package-lock.json
	$(BIN)/python -m pytest

# Benchmarks (never part of make test): prints a table and writes docs/performance.md.
# BENCH_SCALES=1,10,50 chooses the registry sizes (1× is the real registry).
bench: setup
	$(BIN)/python scripts/bench.py

# System packages (Debian; run as root): Chromium for the browser tests; Noto CJK fonts,
# fontconfig and Pango/HarfBuzz for the PDFs (WeasyPrint); poppler-utils to inspect PDFs.
system-deps:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
	  chromium fonts-noto-cjk fontconfig poppler-utils \
	  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
	# Node.js and npm for axe-core, unless the machine already has them (a NodeSource node bundles npm)
	command -v npm >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm

clean:
	rm -rf site site.zip .site.* docs/regulations docs/references docs/_generated docs/checklists docs/downloads \
	  docs/service-standards docs/assets docs/changes docs/api docs/schemas
