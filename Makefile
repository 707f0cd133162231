# Set-up and everyday commands. `make clean-corpus` and `make test` work on a
# fresh machine: both build .venv first when it is missing or out of date.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
IN     ?= fixtures/articles
OUT    ?= out

.PHONY: install test clean-corpus bench clean

install: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# The Ray engine's tests start a real local Ray instance: the optional extra
# is installed for the tests only, not for clean-corpus.
$(VENV)/.installed-ray: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test,ray]'
	touch $@

test: install $(VENV)/.installed-ray
	$(PY) -m pytest -q

$(VENV)/.installed-bench: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

bench: install $(VENV)/.installed-bench
	$(PY) tests/bench.py
	$(PY) tests/bench_text.py
	$(PY) tests/bench_corpus.py

clean-corpus: install
	$(VENV)/bin/cleaner corpus $(IN) -o $(OUT)

clean:
	rm -rf $(VENV) $(OUT) build dist *.egg-info .pytest_cache .hypothesis
