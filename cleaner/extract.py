"""HTML input: parse once, prune debris by structure, extract with trafilatura.

The page is parsed into one lxml tree. Metadata is read from the whole tree
first (head, JSON-LD, bylines), then :mod:`cleaner.dom` prunes what the
structure shows is not the story, and trafilatura extracts the main text
from the pruned tree. Never fetches anything: trafilatura gets a tree, not a
URL.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from . import dom
from .article import Removal
from .errors import InputError

_META_FIELDS = ("author", "date", "sitename", "url", "description", "categories", "tags")
# Applied to the title with its whitespace folded to single spaces: an unbounded
# \s+ on each side would backtrack quadratically on a long run of spaces.
_TITLE_SEPARATORS = re.compile(r"[ ][|–—\-:»›·•/]+[ ]|[ ]?[|»›•][ ]?")
_HEADLINE_XPATH = (".//h1|.//h2|.//*[@itemprop='headline']|.//*[contains(@class, 'entry-title')]"
                   "|.//*[contains(@class, 'post-title')]|.//*[contains(@class, 'headline')]")


@dataclass(frozen=True)
class ExtractOptions:
    """The trafilatura options, chosen for precision and one pass over the page."""

    fast: bool = True               # no readability/jusText fallback: the pre-pass did that job
    include_comments: bool = False  # comments are not the article
    include_tables: bool = True
    extensive_date_search: bool = True
    favor_precision: bool = False


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _control_ref(m: "re.Match") -> str:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    return " " if code < 32 and code not in (9, 10, 12, 13) or code == 127 else m.group()


def strip_controls(html: str) -> str:
    """Control characters, raw or as character references, become spaces.

    One ``&#1;`` in a paragraph makes trafilatura drop the whole paragraph
    (lxml keeps the character, the extractor then refuses the text).

    >>> strip_controls("a&#1;b&#x41;&#10;")
    'a b&#x41;&#10;'
    """
    if "&#" in html:
        html = _CHAR_REF.sub(_control_ref, html)
    return _CONTROL.sub(" ", html)


def parse(html: str):
    """One lxml tree of the page, or None when there is nothing to parse."""
    from trafilatura.utils import HTML_PARSER, load_html

    try:
        tree = load_html(html)
    except Exception as exc:  # lxml raises many kinds on broken markup
        raise InputError(f"HTML could not be parsed: {type(exc).__name__}: {exc}") from exc
    # libxml2 stops at 256 levels of nesting and silently drops the rest of
    # the page: refuse the page rather than lose its text without a word.
    for error in HTML_PARSER.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise InputError(f"HTML could not be parsed whole: {error.message}")
    return tree


def extract_html(html: str, rules: Optional["dom.DomRules"] = None,
                 options: ExtractOptions = ExtractOptions()) -> Tuple[str, Dict[str, Any], List[Removal]]:
    """(main text with the title as its first line, metadata found in the page, structural removals)."""
    import trafilatura
    from trafilatura.metadata import extract_metadata
    from trafilatura.settings import set_date_params

    tree = parse(strip_controls(html))
    if tree is None:
        return "", {}, []
    meta = _metadata(extract_metadata(tree, date_config=set_date_params(options.extensive_date_search)))
    title = choose_title(tree, meta.pop("html_title", None))
    removed: List[Removal] = []
    if rules is not None:
        removed, credits = dom.prune(tree, rules)
        if credits:
            meta["image_credits"] = credits
    try:
        document = trafilatura.bare_extraction(
            tree, with_metadata=False, fast=options.fast, include_comments=options.include_comments,
            include_tables=options.include_tables, favor_precision=options.favor_precision)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(f"HTML could not be extracted: {type(exc).__name__}: {exc}") from exc
    text = (document.text if document is not None else "") or ""
    if title:
        meta["html_title"] = meta["title"] = title
        if text.startswith(title):  # trafilatura kept the headline: one paragraph of its own
            text = text[len(title):].lstrip("\n")
        text = f"{title}\n\n{text}"
    return text, meta, removed


def _metadata(document) -> Dict[str, Any]:
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document or {})
    meta: Dict[str, Any] = {key: data[key] for key in _META_FIELDS if data.get(key)}
    if data.get("title"):
        meta["html_title"] = data["title"]
    return meta


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


_MARKED_XPATH = (".//*[@itemprop='headline']|.//article//h1|.//main//h1"
                 "|.//*[contains(concat(' ', @class, ' '), ' entry-title ')]"
                 "|.//*[contains(concat(' ', @class, ' '), ' post-title ')]")


def _marked_headline(tree, title_parts) -> Optional[str]:
    """A heading the markup marks as the story's headline, unless it is the site's name."""
    site_like = {_fold(p) for p in title_parts[1:]} | {_fold(title_parts[0])} if len(title_parts) > 1 else set()
    for el in tree.xpath(_MARKED_XPATH)[:10]:
        text = " ".join(el.text_content().split())
        if 3 <= len(text) <= 300 and len(text.split()) >= 2 and _fold(text) not in site_like:
            return text
    h1s = tree.xpath(".//h1")
    if len(h1s) == 1:  # one h1 on the page is the headline, unless it names the site
        text = " ".join(h1s[0].text_content().split())
        if 3 <= len(text) <= 300 and len(text.split()) >= 2 and _fold(text) not in site_like:
            return text
    return None


def choose_title(tree, meta_title: Optional[str]) -> Optional[str]:
    """The visible headline when it agrees with the page title, else the title's main part.

    Page titles carry the site name ("Story - Site"); the headline on the page
    does not. A heading that the page title contains, or that contains one
    part of it, is the headline.
    """
    headings = []
    for el in tree.xpath(_HEADLINE_XPATH)[:40]:
        text = " ".join(el.text_content().split())
        if 3 <= len(text) <= 300:
            headings.append(text)
    if not meta_title:
        return next((h for h in headings if h), None)
    folded_title = _fold(meta_title)
    parts = [p for p in _TITLE_SEPARATORS.split(" ".join(meta_title.split())) if p and p.strip()]
    folded_parts = [_fold(p) for p in parts]
    best = None
    for heading in headings:
        key = _fold(heading)
        if not key:
            continue
        if key == folded_title or key in folded_parts:
            return heading
        if best is None and len(key) >= 12 and (key in folded_title or folded_title in key):
            best = heading
    if best:
        return best
    marked = _marked_headline(tree, parts)
    if marked:
        return marked
    if len(parts) > 1:
        return max(parts, key=len).strip()
    return meta_title
