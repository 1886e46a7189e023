# The README's commands. Each target sets up .venv from the exact pins when it is missing
# or older than requirements/lock.txt or pyproject.toml.
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
PYTEST_NB := --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg

.PHONY: help setup data notebooks site test lab lint fuzz bench audit lock clean

help:  ## list the commands
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(READY): requirements/lock.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "gyantse needs Python 3.11 or newer; run 'make PYTHON=python3.11 ...'."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==26.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

setup: $(READY)  ## create or refresh .venv from the pins

data: $(READY)  ## rebuild data/processed from the raw article and the annotations
	$(BIN)/python -m gyantse data

notebooks: $(READY)  ## execute the notebooks whose inputs changed and store their outputs
	$(BIN)/python -m gyantse notebooks

# The datasets are rebuilt for the site only when an input is newer than them.
DATA_INPUTS := $(wildcard data/raw/* data/raw/excerpts/* data/annotations/*.yml gyantse/*.py)
data/processed/datapackage.json: $(READY) $(DATA_INPUTS)
	$(BIN)/python -m gyantse data

site: data/processed/datapackage.json  ## the main job: datasets, notebooks, offline site in site/
	$(BIN)/python -m gyantse site

test: $(READY)  ## lint, unit tests, doctests, data checks, nbval, site and browser checks
	$(BIN)/ruff check gyantse tests bench notebooks conftest.py
	$(BIN)/python -m pytest -n 2 --dist loadscope $(PYTEST_NB)

lab: $(READY)  ## JupyterLab on the notebooks, Chinese drawn by the shipped typeface
	$(BIN)/python -m gyantse lab --ServerApp.root_dir=notebooks

lint: $(READY)  ## ruff over the package, tests, bench and notebooks
	$(BIN)/ruff check gyantse tests bench notebooks conftest.py

fuzz: $(READY)  ## property-based tests of the cleaner and parser, 10,000 examples each
	GYANTSE_FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest -n 2 --dist worksteal --hypothesis-show-statistics tests/test_properties_*.py

bench: $(READY)  ## benchmark (not part of the tests); writes bench/report.md and bench/parser_report.md
	$(BIN)/python bench/parser_eval.py
	$(BIN)/python bench/run.py

audit: site  ## Lighthouse scores of every page, phone and desktop (needs npx); bench/lighthouse.md
	$(BIN)/python bench/lighthouse.py

lock:  ## re-resolve requirements/direct.txt into requirements/lock.txt
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install --quiet pip==26.3
	.lockenv/bin/python -m pip install --quiet -r requirements/direct.txt
	{ sed -n '/^#/p' requirements/lock.txt; .lockenv/bin/python -m pip freeze --all \
	  | grep -v -E '^(pip|wheel)=='; } > requirements/lock.txt.new
	mv requirements/lock.txt.new requirements/lock.txt && rm -rf .lockenv
	$(MAKE) environment.yml

environment.yml: requirements/lock.txt  ## conda/Binder environment with the same pins
	{ printf '%s\n' '# conda / Binder environment: the exact pins of requirements/lock.txt.' \
	  '# Made by make environment.yml; tests/test_environment.py keeps them equal.' \
	  'name: gyantse' 'channels:' '  - conda-forge' '  - nodefaults' 'dependencies:' \
	  '  - python=3.11' '  - pip' '  - pip:'; \
	  grep -E '^[A-Za-z0-9]' requirements/lock.txt | sed 's/^/      - /'; \
	  echo '      - -e .'; } > $@.new && mv $@.new $@

clean:  ## remove the environment, the caches and the generated site
	rm -rf $(VENV) site .pytest_cache .cache build
