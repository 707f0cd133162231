"""The limits the README lists, as cases run strict xfail (as ftfy runs its known
failures): each asserts what the cleaner should do and fails today. When a change makes
one pass, strict xfail fails the suite: move the case to fixtures/articles with its
expected output and take the limit out of the README."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import clean

FOLDER = Path(__file__).parent.parent / "fixtures" / "known-failures"
CASES = sorted(FOLDER.glob("*.json"))


def _case(path: Path):
    case = json.loads(path.read_text(encoding="utf-8"))
    return pytest.param(case, id=path.stem, marks=pytest.mark.xfail(strict=True, reason=case["description"]))


def test_the_readme_limits_have_cases():
    assert len(CASES) >= 4


@pytest.mark.parametrize("case", [_case(p) for p in CASES])
def test_known_failure(case):
    article = clean(case["source"], kind=case["kind"])
    kept = [s for s in case["drop"] if s in article.text]
    assert not kept, f"kept: {kept}"
    for key, value in case.get("meta", {}).items():
        assert article.metadata[key] == value


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_a_known_failure_loses_no_content(path):
    """Not xfail: a limit keeps a line too many, never loses one."""
    case = json.loads(path.read_text(encoding="utf-8"))
    text = clean(case["source"], kind=case["kind"]).text
    assert [s for s in case["keep"] if s not in text] == []
