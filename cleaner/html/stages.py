"""The HTML path's stages in order, on one tree: parse, metadata, prune, extract, headline.

Never fetches anything: trafilatura gets a tree, not a URL.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any, Dict, List, Optional, Tuple

from ..article import Change, Removal
from ..meta import MetaRules, read_metadata
from ..timing import Laps
from .extract import ExtractOptions, extraction
from .headline import without_headline
from .pagetext import PageText
from .parse import parse
from .prune import DomRules, drop_code, prune_page

# The unpruned page's text replaces the pruned page's when it holds this share of its words,
UNPRUNED_HELD = 0.9
UNPRUNED_MORE = 1.5   # ... is over this many times as long,
UNPRUNED_MAX = 5      # ... at most this many times,
UNPRUNED_WORDS = 40   # ... and adds this many words or more
_WORD = re.compile(r"\w+")


def extract_html(html: str, rules: Optional[DomRules] = None,
                 options: ExtractOptions = ExtractOptions(),
                 timings: Optional[Dict[str, float]] = None,
                 meta_rules: Optional[MetaRules] = None,
                 repairs: Optional[List[Change]] = None) -> Tuple[str, Dict[str, Any], List[Removal]]:
    """(main text, metadata found in the page, structural removals).

    The text holds one paragraph per block, blank lines between them, and no
    headline: the title travels in ``metadata["title"]``, and the headline
    trafilatura kept goes (recorded), only as a whole paragraph.

    ``rules`` are the structural pre-pass's (none: no pre-pass), ``meta_rules`` the
    metadata readers' (none: the packaged rule files').

    ``timings``, if given, collects seconds per stage: "html-parse",
    "html-metadata", "html-dom", "html-extract" (for benchmarks); ``repairs``, if
    given, the Changes that made the markup parseable (see :func:`~cleaner.html.parse.parse`).
    """
    clock = Laps(timings)
    tree = parse(html, repairs)
    clock.lap("html-parse")
    if tree is None:
        return "", {}, []
    meta = read_metadata(tree, meta_rules, extensive_date_search=options.extensive_date_search)
    title = meta.get("title")
    clock.lap("html-metadata")
    removed, credits = prune_page(tree, rules, meta.get("authors") or ())
    if credits:
        meta["image_credits"] = credits
    clock.lap("html-dom")
    page = PageText(tree)
    # when trafilatura's fast extraction takes a small part of the page's prose, its full
    # search (the fallback extractors compared) runs on the same cleaned tree
    text, rescued = extraction(tree, options, options.fast, page.misses if options.fast else None)
    if removed and (rescued or page.misses(text)):
        unpruned = _unpruned_text(html, options)
        if unpruned is not None and (rescued or holds_more(unpruned, text)):
            text, removed = unpruned, []
    if title:
        meta["html_title"] = title
        text, headline = without_headline(text, title)
        removed.extend(headline)
    clock.lap("html-extract")
    return text, meta, removed


def holds_more(unpruned: str, pruned: str) -> bool:
    """The unpruned page's text is the pruned page's story with more of it: it holds
    UNPRUNED_HELD of the pruned text's words, UNPRUNED_MORE to UNPRUNED_MAX times its
    length, and UNPRUNED_WORDS words more (a paragraph). Longer still, it is a listing's or
    a forum's whole page; holding less, the extractor chose another part of the page."""
    if not UNPRUNED_MORE * len(pruned) < len(unpruned) <= UNPRUNED_MAX * len(pruned):
        return False
    had, has = Counter(_WORD.findall(pruned.lower())), Counter(_WORD.findall(unpruned.lower()))
    held = sum(min(n, has[w]) for w, n in had.items())
    return held >= UNPRUNED_HELD * sum(had.values()) and sum(has.values()) - held >= UNPRUNED_WORDS


def _unpruned_text(html: str, options: ExtractOptions) -> Optional[str]:
    """trafilatura's own main text of the page, not pruned, when its main extractor finds
    enough text there; else None.

    Asked when the extractor found too little text on the pruned page (its baseline
    rescue was tried, 32 pages of 1,167), or when its text is a small part of the
    pruned page's (:meth:`PageText.misses`' size test, the full search run too):
    removing a shop's cart dialog, a hidden label or a banner can make the extractor
    choose a smaller container (a price table, not the product's description), so the
    page as it was is asked again and its text taken when it :func:`holds_more`.
    A removal can leave the story's block the last in
    its container, which trafilatura's link-density test holds to a stricter length (a
    short story with two share links then goes, and the extractor moves on to another
    container, the headline and the story left behind). The page as it was then gives the
    extractor's answer, and the prune's removals, which did not shape it, are not recorded.
    """
    tree = parse(html)
    if tree is None:
        return None
    drop_code(tree)
    page = PageText(tree)
    text, rescued = extraction(tree, options, options.fast, page.misses if options.fast else None)
    return None if rescued else text
