# The README's two commands: `make corpus` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export PYTHONHASHSEED := 0

.PHONY: corpus test lint notebooks lab bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV) 2>/dev/null || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ipykernel install --user --name danvan --display-name "danvan" >/dev/null
	touch $@

corpus: $(VENV)/.installed
	$(PY) scripts/build_corpus.py --seeds seeds --annotations annotations --out corpus

test: $(VENV)/.installed-dev
	$(PY) -m ruff check src scripts tests bench
	$(PY) -m pytest -q

notebooks: $(VENV)/.installed-dev
	$(PY) -m jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb

lab: $(VENV)/.installed-dev
	$(VENV)/bin/jupyter lab notebooks/

bench: $(VENV)/.installed-dev
	$(PY) bench/annotate.py
	$(PY) bench/build.py

clean:
	rm -rf $(VENV) .pytest_cache
