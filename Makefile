# Sufler: `make run` sets everything up and starts the desktop; `make test` runs every test.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# The first Python 3.11 or 3.12 on PATH (pjsua2-python has no 3.13 wheels).
PYTHON ?= $(shell for p in python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 13))' 2>/dev/null && echo $$p && break; done)
LRELEASE ?= $(shell command -v lrelease-qt6 || ls /usr/lib/qt6/bin/lrelease 2>/dev/null || command -v lrelease)
TS := $(wildcard assets/translations/*.ts)
QM := $(TS:.ts=.qm)

.PHONY: run test deps-run deps-test venv translations lint screenshots bench mutation clean \
	package package-test

run: deps-run venv translations
	$(PY) -m agent

test: deps-test venv translations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy agent kb benchmarks
	bash tests/run.sh $(PYTEST_ARGS)

deps-run:
	@bash installer/debian-deps.sh run

deps-test:
	@bash installer/debian-deps.sh test

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or 3.12 is required (pjsua2-python has no 3.13 wheels)" >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

translations: $(QM)

assets/translations/%.qm: assets/translations/%.ts
	@test -n "$(LRELEASE)" || { echo "lrelease not found (Debian package qt6-l10n-tools)" >&2; exit 1; }
	$(LRELEASE) -silent $< -qm $@

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy agent kb benchmarks

screenshots: deps-test venv translations
	bash tests/run.sh --screenshots

bench: venv
	$(PY) benchmarks/kb_search.py --size 10000
	$(PY) benchmarks/kb_relevance.py
	$(PY) benchmarks/phone_latency.py
	$(PY) benchmarks/phone_audio_bridge.py
	$(PY) benchmarks/hub_load.py --db sqlite
	$(PY) benchmarks/hub_load.py --db postgres
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/ui_startup.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/ui_stalls.py
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/editor_preview.py
	$(PY) benchmarks/editor_publish.py
	$(PY) benchmarks/search_events_load.py --db sqlite
	$(PY) benchmarks/search_events_load.py --db postgres

# Mutation testing of the core modules (tests/mutation/modules.toml); not part of `make test`.
# `make mutation MODULE=kb/analysis.py` runs one module; MODULE='kb/wire/*.py' one run of a glob
# row (set -f: the shell must not expand it into one run per file, each paying the start-up).
MUTATION_JOBS ?= 2
mutation: venv translations
	set -f; nice -n 10 bash tests/run.sh --exec $(PY) -m tests.mutation.run --jobs $(MUTATION_JOBS) $(MODULE)

# What IT deploys: dist/sufler_<version>_amd64.deb and dist/sufler-hub_<version>_all.deb, built
# and smoke-tested from a fresh clone (docs/it-deployment.md).
package: deps-run
	nice -n 10 bash installer/build-linux.sh

# Installs the packages into a clean Debian 12 root (debootstrap, as root; minutes, network):
# every entry point, doctor, the hub as its service user, an upgrade and a purge.
package-test:
	@ls dist/sufler_*_amd64.deb >/dev/null 2>&1 || $(MAKE) package
	nice -n 10 bash installer/package-test.sh

clean:
	rm -rf $(VENV) build dist *.egg-info assets/translations/*.qm .mutmut
