# Set-up and everyday commands. `make clean-corpus` and `make test` work on a
# fresh machine: both build .venv first when it is missing or out of date.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
IN     ?= fixtures/articles
OUT    ?= out

.PHONY: install test clean-corpus bench lint clean

install: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

test: install
	$(PY) -m pytest -q

clean-corpus: install
	$(VENV)/bin/cleaner corpus $(IN) -o $(OUT)

clean:
	rm -rf $(VENV) $(OUT) build dist *.egg-info .pytest_cache .hypothesis
