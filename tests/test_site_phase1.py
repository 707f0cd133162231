"""Phase 1 of site learning read fast and the same: a page's block texts in one pass over
the page (cleaner/sitelines.py) and its lines folded once per distinct line (cleaner/sites.py).

Every page here is made-up markup in the shape of a failure class."""
from __future__ import annotations

import pytest

import cleaner.sites as sites
from cleaner.sites import fold, html_lines, sketch_lines


@pytest.mark.parametrize("html, lines", [
    # a page that holds a NUL itself is read block by block
    ("<p>a\0b</p><div>c</div>", ["a\0b", "c"]),
    # an unclosed tag at a block's end is cut there, not carried into the next block
    ("<p>a < b</p><p>c</p>", ["a", "c"]),
    # an entity at a block's end, with and without its semicolon
    ("<p>fish &amp</p><p>&amp;chips &not<br>in</p>", ["fish &", "&chips ¬", "in"]),
    ("<li>&#0;x</li><li>&#x41;</li>", ["\ufffdx", "A"]),
    # code closed in another case, or left open
    ("<SCRIPT>var p = '<p>no</p>';</ScRiPt><p>yes</p><STYLE>p{}</style>z", ["yes", "z"]),
    ("<p>İzmir</p><Script>x()</SCRIPT><p>after</p><noscript>n", ["İzmir", "after", "n"]),
    # every block tag name and no other: <h7>, <i>, <tablet> are inline
    ("a<h7>b<h6>c<i>d<tablet>e<thead>f<iframe>g<pre>h<param>i<ul>j", ["a b", "c d e", "f", "g", "h i", "j"]),
])
def test_html_lines_reads_every_block_in_one_pass_the_same_way(html, lines):
    assert html_lines(html) == lines


def test_lines_folded_once_are_the_same_keys_and_the_memory_stays_bounded(monkeypatch):
    monkeypatch.setattr(sites, "_FOLDED", {})
    monkeypatch.setattr(sites, "FOLD_CACHE_LINES", 3)
    lines = ["Home | World", "HOME - world", "A story's own paragraph, " * 20, "Home | World", "Sport", "Weather", "x"]
    first = sketch_lines(lines, "one.example").keys
    again = sketch_lines(lines, "one.example").keys
    assert first == again == tuple(dict.fromkeys(fold(line) for line in lines))
    assert len(sites._FOLDED) <= 3
    assert all(len(line) <= sites.FOLD_CACHE_CHARS for line in sites._FOLDED)
