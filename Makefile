# Entry points of the study. Only Python 3 (>= 3.11) and make are needed: every target
# builds the pinned environment in .venv from requirements.lock first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Determinism: no hash randomisation, one time zone, fixed metadata dates in figures.
export PYTHONHASHSEED := 0
export TZ := UTC
export SOURCE_DATE_EPOCH := 1704067200

.PHONY: env reproduce test unit nbval wheel-test lab notebooks data datapackage codebook bench lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	touch $(STAMP)

env: $(STAMP)  ## create the pinned environment

# The work itself is `netralitas-study reproduce` (pure Python, for machines without make):
# validate data/, write docs/codebook.md, execute and render every notebook, write the site.
reproduce: env  ## validate data/, execute every notebook, render reports/ and the offline site (reports/index.html)
	$(BIN)/netralitas-study reproduce

# The three run side by side (each one's output printed whole when it ends), the unit tests
# spread over the cores by pytest-xdist: every check runs, in about half the time.
test: env  ## unit tests (browser test included), strict notebook validation, the installed wheel
	$(MAKE) --no-print-directory -j3 --output-sync=target unit nbval wheel-test

unit: env
	$(BIN)/python -m pytest -n auto tests

nbval: env
	$(BIN)/python -m pytest notebooks --nbval --nbval-current-env \
	  --nbval-sanitize-with notebooks/nbval-sanitize.cfg --nbval-cell-timeout=600

wheel-test: env  ## build the wheel, install it in a fresh venv, run the student workflow outside the checkout
	.ci/wheel-smoke.sh

codebook: env  ## write docs/codebook.md from the codebook and the procedures
	$(BIN)/netralitas-study codebook -o docs/codebook.md

$(VENV)/.bench-stamp: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev,bench]"
	touch $@

# BENCH_SIZES=10000,100000,1000000 adds the slow run at 1M cases (minutes a round on 2 cores).
BENCH_SIZES ?= 10000,100000
bench: $(VENV)/.bench-stamp  ## time the users' paths: start-up and the shipped data, synthetic logs (10k, 100k; 1M with BENCH_SIZES), PM4Py: reports/benchmarks.md
	$(BIN)/python benchmarks/run.py --sizes $(BENCH_SIZES)
	$(BIN)/python -c "from netralitas_study.report.site import write_site; write_site('reports', 'data', 'CITATION.cff')"

lab: env  ## open JupyterLab on the notebooks
	$(BIN)/jupyter lab notebooks

notebooks: env  ## re-execute notebooks in place (refreshes the outputs nbval compares)
	$(BIN)/python -m netralitas_study.report.notebooks refresh notebooks

data: env  ## re-derive data/*.csv, data/coding/judgements.csv and docs/data.md from data/thesis, data/raw and the codings in data/coding
	$(BIN)/python -m netralitas_study.maintainers.coding data

datapackage: env  ## rewrite data/datapackage.json from the codebook
	$(BIN)/python -c "from netralitas_study.codebook.package import write_descriptor; write_descriptor('data')"

lock:  ## re-pin requirements.lock from a fresh resolution (maintainers only)
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e ".[dev]"
	.lock-venv/bin/python -m pip freeze --exclude-editable --exclude netralitas-study > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV)
