"""Every fixture case: exact text, keep/drop snippets, metadata facts, negatives."""
from __future__ import annotations

import pytest

from cleaner import clean
from fixtures_lib import body_without_title, fold, load_cases

CASES = load_cases()
IDS = [c.name for c in CASES]


@pytest.fixture(scope="module")
def results():
    return {c.name: clean(c.source) for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_text(case, results):
    article = results[case.name]
    out = fold(article.text)
    if case.expected_text is not None:
        assert out == fold(case.expected_text)
    if case.unchanged:
        assert out == fold(body_without_title(case.source, case.meta.get("title")))
        assert {r.rule for r in article.removed} <= {"title"}
    missing = [s for s in case.keep if fold(s) not in out]
    assert not missing, f"content lost: {missing}"
    kept_debris = [s for s in case.drop if fold(s) in out]
    assert not kept_debris, f"debris kept: {kept_debris}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_metadata(case, results):
    article = results[case.name]
    meta = case.meta
    md = article.metadata
    for key in ("title", "language", "date"):
        if key in meta:
            assert md[key] == meta[key]
    if "dateline" in meta:
        assert md["dateline"] is not None, "no dateline parsed"
        for key, value in meta["dateline"].items():
            assert md["dateline"][key] == value, key
    if "image_credits" in meta:
        assert md["image_credits"] == meta["image_credits"]
    rules = {r.rule for r in article.removed}
    for rule in meta.get("removed_rules", []):
        assert rule in rules, f"expected a removal by {rule}; got {sorted(rules)}"
    wrong = rules & set(meta.get("not_removed_rules", []))
    assert not wrong, f"removals by {sorted(wrong)}: {[r.text[:60] for r in article.removed if r.rule in wrong]}"
    if "spellings" in meta:
        got = {f"{n['from']} -> {n['to']}": n["count"] for n in md["normalized"]}
        assert got == meta["spellings"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_removal_is_explained(case, results):
    for removal in results[case.name].removed:
        assert removal.rule and removal.reason and removal.text.strip()


def test_enough_cases():
    written = [c for c in CASES if not c.name.startswith("seed_")]
    negatives = [c for c in CASES if c.unchanged]
    assert len(written) >= 40
    assert len(negatives) >= 12


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_idempotent_on_fixture(case, results):
    """Clean text comes out unchanged. HTML output has no title line (the title is in
    its metadata): its first paragraph may be a heading-like line (a byline, a
    subheading) that text mode takes for a title, and nothing else may change."""
    once = results[case.name].text
    again = clean(once, kind="text")
    if case.name.startswith("html_") and again.text != once:
        first, _, rest = once.partition("\n\n")
        assert again.text == rest and [(r.rule, r.text) for r in again.removed] == [("title", first)]
    else:
        assert again.text == once


@pytest.mark.parametrize("case", [c for c in CASES if not c.name.startswith("html_")],
                         ids=[c.name for c in CASES if not c.name.startswith("html_")])
def test_removed_plus_kept_rebuilds_the_input(case, results):
    """Every input line is either kept (maybe respelled) or removed whole."""
    from collections import Counter

    from cleaner.passes.whitespace import normalize_whitespace

    article = results[case.name]
    original = Counter(l for l in normalize_whitespace(case.source)[0].split("\n") if l.strip())
    rebuilt = Counter(l for l in article.text.split("\n") if l.strip())
    rebuilt.update(r.text for r in article.removed)
    if article.metadata["normalized"]:
        assert sum(rebuilt.values()) == sum(original.values())
    else:
        assert rebuilt == original
