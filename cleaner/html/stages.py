"""The HTML path's stages in order, on one tree: parse, metadata, prune, extract, headline.

Never fetches anything: trafilatura gets a tree, not a URL.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from ..article import Change, Removal
from ..meta import MetaRules, read_metadata
from ..timing import Laps
from .extract import ExtractOptions, extraction
from .headline import without_headline
from .pagetext import PageText
from .parse import parse
from .prune import DomRules, drop_code, prune_page


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
    if rescued and removed:
        unpruned = _unpruned_text(html, options)
        if unpruned is not None:
            text, removed = unpruned, []
    if title:
        meta["html_title"] = title
        text, headline = without_headline(text, title)
        removed.extend(headline)
    clock.lap("html-extract")
    return text, meta, removed


def _unpruned_text(html: str, options: ExtractOptions) -> Optional[str]:
    """trafilatura's own main text of the page, not pruned, when its main extractor finds
    enough text there; else None.

    Asked only when the extractor found too little text on the pruned page (its baseline
    rescue was tried, 32 pages of 1,167): a removal can leave the story's block the last in
    its container, which trafilatura's link-density test holds to a stricter length (a
    short story with two share links then goes, and the extractor moves on to another
    container, the headline and the story left behind). The page as it was then gives the
    extractor's answer, and the prune's removals, which did not shape it, are not recorded.
    The extraction there stops as soon as the extractor falls short too (the answer is then
    None, whatever the rest of its cascade and the full search would find).
    """
    tree = parse(html)
    if tree is None:
        return None
    drop_code(tree)
    page = PageText(tree)
    text, rescued = extraction(tree, options, options.fast, page.misses if options.fast else None, until_rescued=True)
    return None if rescued else text
