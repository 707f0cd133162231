"""The examples in the package's docstrings are run as tests."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import cleaner

MODULES = sorted(m.name for m in pkgutil.walk_packages(cleaner.__path__, "cleaner.")
                 if m.name != "cleaner.__main__")  # importing it runs the CLI


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    try:
        module = importlib.import_module(name)
    except ImportError as exc:  # an optional extra (ray) that is not installed
        pytest.skip(f"{name}: {exc}")
    failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failed == 0, f"{failed} docstring example(s) of {name} failed; see the output above"


def test_the_examples_are_found():
    counts = [len(doctest.DocTestFinder().find(importlib.import_module(n))) for n in
              ("cleaner.rules", "cleaner.passes.whitespace", "cleaner.passes.shape")]
    assert all(counts)
