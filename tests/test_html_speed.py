"""The HTML path's work done once: what the fast and the full search share is not computed twice."""
from __future__ import annotations

import pytest

from test_html import STORY, _extraction_pages


@pytest.fixture()
def steps():
    import cleaner.html.extract as extract

    core = extract._steps()
    if core is None:
        pytest.skip("this trafilatura is not the 2.3 series: bare_extraction itself runs")
    return core


def _counting(monkeypatch, module, name: str, calls: list) -> None:
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)


def test_the_full_search_asks_the_page_measures_of_the_fast_cascade_once(steps, monkeypatch):
    """baseline(tree) and html2txt(tree) read the same, unchanged tree in both cascades:
    each runs once a page, and the text is still trafilatura's own fast=False text."""
    import cleaner.html.extract as extract
    from cleaner.html.parse import parse

    options = extract.ExtractOptions()
    expected = [extract._bare_extraction(parse(html), options, fast=False) for html in _extraction_pages()]
    calls: list = []
    _counting(monkeypatch, steps, "html2txt", calls)
    _counting(monkeypatch, steps, "baseline", calls)
    asked = 0
    for html, text in zip(_extraction_pages(), expected):
        calls.clear()
        assert extract.main_text(parse(html), options, True, lambda *args: True) == text, html[:200]
        assert calls.count("html2txt") <= 1 and calls.count("baseline") <= 1, (calls, html[:200])
        asked += len(calls)
    assert asked  # (some page of the set takes the baseline rescue or the recall retry's test)


def test_page_measures_answer_once_and_hand_out_a_fresh_body(steps):
    import cleaner.html.extract as extract
    from cleaner.html.parse import parse

    tree = parse("<html><body><p>Short.</p></body></html>")
    page = extract._PageMeasures(steps, tree)
    first, again = page.baseline(), page.baseline()
    assert first[1:] == again[1:] and first[0] is not again[0]
    assert [e.tag for e in first[0].iter()] == [e.tag for e in again[0].iter()]
    assert page.text() is page.text() == steps.html2txt(tree)


def _prepared(steps, html: str, fast: bool):
    import cleaner.html.extract as extract
    from cleaner.html.parse import parse

    options = extract._extractor(extract.ExtractOptions(), fast)
    tree = steps.prune_unwanted_nodes(parse(html), steps.RAW_TREE_PRUNE_XPATH)
    tree = steps.prune_unwanted_nodes(tree, steps.REMOVE_COMMENTS_AND_LISTS_XPATH)
    cleaned, backup = steps._prepare_tree(tree, options, None)
    return cleaned, backup, options


@pytest.mark.parametrize("fast", [True, False])
def test_the_main_extraction_is_extract_content_without_its_copy_of_the_tree(steps, fast):
    """What extract_content gives, on pages whose main pass finds the story and on pages
    where its recovery of wild text runs (the copy of the tree is then made from the backup)."""
    import cleaner.html.extract as extract

    recovered = set()
    for html in _extraction_pages():
        cleaned, backup, options = _prepared(steps, html, fast)
        body, text, ran = extract._main_extraction(steps, cleaned, backup, options)
        theirs, their_text = extract._main_steps().extract_content(_prepared(steps, html, fast)[0], options)
        assert text == their_text, html[:200]
        assert extract.as_text(body) == extract.as_text(theirs), html[:200]
        recovered.add(ran)
    assert recovered == {True, False}


def test_the_full_search_reuses_the_fast_main_extraction(steps, monkeypatch):
    """After a fast main extraction that needed no recovery, the full search compares the
    same answer with the fallbacks (the main extractor reads `fast` in its recovery alone)."""
    import cleaner.html.extract as extract
    from cleaner.html.parse import parse

    options = extract.ExtractOptions()
    calls: list = []
    _counting(monkeypatch, extract, "_main_extraction", calls)
    page = "<html><body><article><h1>Night buses</h1>" + STORY * 3 + "</article></body></html>"
    expected = extract._bare_extraction(parse(page), options, fast=False)
    assert extract.main_text(parse(page), options, True, lambda *args: True) == expected
    assert calls == ["_main_extraction"]


def _teaser_page() -> str:
    """A short story beside long blocks classed as teasers: the balanced main extraction
    leaves them out, the recall retry takes them back."""
    story = ("The council voted on Tuesday to extend the night bus service to the eastern suburbs, "
             "a decision campaigners had sought for years. ")
    teasers = "".join(f'<div class="teaser"><p>{story.replace("council", f"board {i}") * 2}</p></div>'
                      for i in range(12))
    return f"<html><body><article><h1>Night buses</h1><p>{story * 3}</p>{teasers}</article></body></html>"


def test_the_recall_retry_of_the_full_search_reuses_the_fast_one(steps, monkeypatch):
    """The recall retry is trafilatura's own, in both modes; the full search's takes the fast
    retry's main extraction when that needed no recovery, and compares it with the fallbacks."""
    import copy

    import cleaner.html.extract as extract
    from cleaner.html.parse import parse

    options = extract.ExtractOptions()
    html = _teaser_page()
    assert extract.main_text(parse(html), options, True, lambda *args: True) == \
        extract._bare_extraction(parse(html), options, fast=False)
    tree = steps.prune_unwanted_nodes(parse(html), steps.REMOVE_COMMENTS_AND_LISTS_XPATH)
    page = extract._PageMeasures(steps, tree)
    recalls = []
    for fast in (True, False):
        recall = copy.copy(extract._extractor(options, fast))
        recall.focus = "recall"
        recalls.append(recall)
    calls: list = []
    _counting(monkeypatch, extract, "_main_extraction", calls)
    for recall in recalls:
        body, text = extract._recall_retry(steps, page, recall)
        their_body, their_text = steps._recall_retry(copy.deepcopy(tree), recall, None)
        assert text == their_text and extract.as_text(copy.deepcopy(body)) == extract.as_text(their_body)
    assert calls == ["_main_extraction"] and not page.recall[2]


def test_an_extraction_wanted_only_unrescued_stops_at_the_rescue(steps, monkeypatch):
    """The unpruned page's extraction is used only when the extractor finds enough text
    there: once it falls short, nothing more runs (no baseline, no full search)."""
    import cleaner.html.extract as extract
    from cleaner.html.parse import parse

    options = extract.ExtractOptions()
    short = "<html><body><div><span>Just one short line of text here.</span></div></body></html>"
    calls: list = []
    _counting(monkeypatch, steps, "baseline", calls)
    _counting(monkeypatch, extract, "_main_extraction", calls)
    assert extract.extraction(parse(short), options, True, lambda *args: True, until_rescued=True) == ("", True)
    assert calls == ["_main_extraction"]
    assert extract.extraction(parse(short), options, True, lambda *args: True)[1] is True
    for html in _extraction_pages():
        text, rescued = extract.extraction(parse(html), options, True, lambda *args: True)
        if not rescued:
            assert extract.extraction(parse(html), options, True, lambda *args: True, until_rescued=True) == \
                (text, False)
