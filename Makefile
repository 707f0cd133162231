# Set-up and everyday commands. `make clean-corpus` and `make test` work on a
# fresh machine: both build .venv first when it is missing or out of date.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
IN     ?= fixtures/articles
OUT    ?= out

.PHONY: install test clean-corpus bench train fuzz clean

install: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# The tests of the optional extras use the real libraries (a local Ray
# instance, datatrove's executor, pyarrow): the extras are installed for the
# tests only, not for clean-corpus.
$(VENV)/.installed-extras: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test,ray,parquet,datatrove]'
	touch $@

test: install $(VENV)/.installed-extras
	$(PY) -m pytest -q

$(VENV)/.installed-bench: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

bench: install $(VENV)/.installed-bench
	$(PY) tests/bench_speed.py
	$(PY) tests/bench.py
	$(PY) tests/bench_text.py
	$(PY) tests/bench_wcxb.py
	$(PY) tests/bench_sites.py
	$(PY) tests/bench_corpus.py
	$(PY) tests/bench_hostile.py

# The line-score model (cleaner/rules/linescore.json) from wcxb-dev, read in place
# from ../shared (or TRAIN_DATA, a folder holding wcxb-dev/ unpacked); prints the
# cross-validation folds. TRAIN_ARGS passes more options (--fold-dir DIR, --jobs N).
TRAIN_DATA ?= $(if $(wildcard /tmp/data/wcxb-dev),/tmp/data,)
$(VENV)/.installed-train: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test,train]'
	touch $@

train: install $(VENV)/.installed-train
	$(PY) tests/train_linescore.py $(if $(TRAIN_DATA),--data $(TRAIN_DATA),) $(TRAIN_ARGS)

# Coverage-guided fuzzing of clean() with atheris (a wheel on Linux x86-64;
# elsewhere the target falls back to hypothesis). A crash lands in
# fixtures/hostile/ as crash-*: fix it, keep the file, test_hostile replays it.
FUZZ_SECONDS ?= 60
fuzz: install
	$(PY) -c "import atheris" 2>/dev/null || $(PY) -m pip install --quiet atheris || true
	mkdir -p $(VENV)/fuzz-corpus
	$(PY) tests/fuzz_clean.py -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix=fixtures/hostile/ $(VENV)/fuzz-corpus fixtures/hostile

clean-corpus: install
	$(VENV)/bin/cleaner corpus $(IN) -o $(OUT)

clean:
	rm -rf $(VENV) $(OUT) build dist *.egg-info .pytest_cache .hypothesis
