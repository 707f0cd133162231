"""What a page's headings say: their text as a reader sees it, whether one names the site,
and the kicker, subtitle or byline inside one (the title rules of :mod:`.title` weigh them).

A heading's text leaves out styles, scripts and SVG icons, ruby annotations and a
``<time>`` inside it, and a permalink sign after it; a line break is a space.
"""
from __future__ import annotations

import re
from copy import deepcopy
from html import unescape
from typing import Any, List, Optional, Tuple

from ..letters import fold_words

# Headings that name the site (its masthead, logo or brand) or text hidden for screen
# readers. Whole class names / ids, and parts of them.
_HIDDEN_NAMES = frozenset({"screen-reader-text", "sr-only", "visually-hidden", "visuallyhidden",
                           "element-invisible", "aural", "hidden", "invisible"})
_NOT_HEADLINE_NAMES = frozenset({"site-title", "site-name", "sitename", "blog-title", "site-logo",
                                 "brand"}) | _HIDDEN_NAMES
_MAX_NAME_WORDS = 8  # a site's name is a name: a heading of more words under such a class is a post's headline
_NOT_HEADLINE_PARTS = frozenset({"logo", "branding", "masthead"})
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});", re.IGNORECASE)
_ANCHOR_SIGNS = " ¶#§🔗"  # a heading's permalink, shown after it
_HOME_HREFS = frozenset({"/", "./", "index.html", "index.php", "/index.html", "/index.php"})
_NAME_PARTS = re.compile(r"[-_]+")  # the parts of a class name ("site-logo")
_SITE_ROOT = re.compile(r"https?://[^/]+/?")  # a link to the site's home page
_MAX_KICKER_WORDS = 6
MIN_PART_CHARS = 12   # a title part this short ("News", "Home") is too weak to pick out a heading
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_KICKER_NAMES = re.compile(r"kicker|overline|dachzeile|roofline|eyebrow|topline|topic|rubric|label", re.IGNORECASE)
_HEADLINE_CLASS = re.compile(r"headline|(?<![\w-])h1(?![\w-])", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower case, punctuation and soft hyphens out, spaces folded: how titles are compared.

    >>> fold("Kind krank? Was Arbeit\\u00adgeber wissen müssen")
    'kind krank was arbeitgeber wissen müssen'
    """
    return fold_words(text.replace("\xad", ""))


def clean(text: Optional[str]) -> str:
    """The text with each run of whitespace one space, none at either end."""
    return " ".join((text or "").split())


def headline_element(headings: List[Any]) -> Optional[Any]:
    """The page's first h1 with text that is not the site's name (else its first h1 with text)."""
    h1s = [el for el in headings if el.tag == "h1" and el.text_content().strip()]
    return next((el for el in h1s if not names_site(el)), h1s[0] if h1s else None)


def marked_not_headline(el) -> bool:
    """An element whose class or id says it is the site's masthead, logo or brand, or hidden."""
    names = f"{el.get('class', '')} {el.get('id', '')}".lower().split()
    if not names:
        return False
    return bool(_NOT_HEADLINE_NAMES.intersection(names)
                or any(part in _NOT_HEADLINE_PARTS for name in names for part in _NAME_PARTS.split(name)))


def names_site(el) -> bool:
    """A heading that is the site's name: masthead/logo classes, hidden text, or a link home."""
    parent = el.getparent()
    if marked_not_headline(el) or (parent is not None and marked_not_headline(parent)):
        return len(el.text_content().split()) <= _MAX_NAME_WORDS or _hidden(el) or _hidden(parent)
    return links_home(el)


def _hidden(el) -> bool:
    """An element whose class or id says it is hidden (or read to screen readers alone)."""
    names = f"{el.get('class', '')} {el.get('id', '')}".lower().split() if el is not None else ()
    return bool(_HIDDEN_NAMES.intersection(names))


def links_home(el) -> bool:
    """A link to the site's home page inside the element."""
    for a in el.iter("a"):
        href = (a.get("href") or "").strip()
        if a.get("rel") == "home" or href in _HOME_HREFS or _SITE_ROOT.fullmatch(href):
            return True
    return False


def wraps_heading(el) -> bool:
    """A block marked as the title (a <header class="post-title">) that holds the h1 or h2
    itself, with the byline and the date beside it: the heading inside is the headline."""
    return el.tag not in _HEADING_TAGS and next(el.iter("h1", "h2"), None) is not None


def without_code(el):
    """The heading, or a copy of it without the styles, scripts and SVG icons inside
    (a CSS-in-JS <style> ahead of a kicker reads as text)."""
    if next(el.iter("style", "script", "svg"), None) is None:
        return el
    from lxml.etree import strip_elements

    copy = deepcopy(el)
    copy.tail = None
    strip_elements(copy, "style", "script", "svg", with_tail=False)
    return copy


def heading_text(el) -> str:
    """The heading's text without ruby annotations (the furigana over Japanese kanji) or
    a <time> ("Dec 18 2025 Preparing a transition"), a line break read as a space ("Weekend<br>Coding Agent"), without a permalink sign at
    its end ("Night buses extended ¶")."""
    if next(el.iter("rt", "br", "time"), None) is not None:
        el = deepcopy(el)
        for note in list(el.iter("rt", "rp", "time")):  # and the date shown in the heading
            note.drop_tree()
        for br in el.iter("br"):
            br.tail = " " + (br.tail or "")
    text = clean(el.text_content()).rstrip(_ANCHOR_SIGNS)
    return clean(unescape(text)) if _ENTITY.search(text) else text  # escaped twice: "SQL &#x26; AI"


def without_marked_kicker(heading, text: str) -> str:
    """The heading's text without the kicker the markup marks at its start, if any."""
    core = _unwrapped(heading)
    if marked_kicker(core):
        inner = inner_texts(core)
        if inner[:1] and inner[0][1]:
            return inner[0][0]
    return text


def _unwrapped(heading):
    """The heading, or the one element that holds all of it (``<h1><a href=...>...</a></h1>``)."""
    while True:
        children = [c for c in heading if isinstance(c.tag, str)]
        if (len(children) != 1 or (heading.text or "").strip() or (children[0].tail or "").strip()
                or children[0].tag in ("br", "img")):
            return heading
        heading = children[0]


def kicker_text(heading) -> str:
    return clean(next(c for c in heading if isinstance(c.tag, str)).text_content())


def marked_kicker(heading) -> bool:
    """The heading opens with an element the markup marks as a kicker: by its class, or
    by a separator after it hidden from sighted readers ("Klimaschutz" + hidden ": ")."""
    children = [c for c in heading if isinstance(c.tag, str)]
    if not children or (heading.text or "").strip():
        return False
    first = children[0]
    if _KICKER_NAMES.search(f"{first.get('class', '')} {first.get('id', '')}"):
        return True
    separator = children[1] if len(children) > 1 else None
    return (separator is not None and marked_not_headline(separator)
            and not clean(separator.text_content()).strip(":-–—|/ "))


def marked_as_headline(el) -> bool:
    """An element other than an h1 whose class says it is the headline ("article-headline",
    a <p class="stage-headline">, an <h2 class="h1">)."""
    return bool(_HEADLINE_CLASS.search(el.get("class") or ""))


def inner_texts(el) -> List[Tuple[str, bool]]:
    """The headline beside its kicker, subtitle or byline, as (text, after a kicker).

    First the heading's text without its first child element when that child
    is a short kicker ("Energiewende", "Kolumne") ahead of more text; then the
    texts of the elements inside the heading, and the heading without each of
    its other child elements.
    """
    texts: List[Tuple[str, bool]] = []
    children = [c for c in el if isinstance(c.tag, str)]
    if len(children) <= 4:
        for i, skip in enumerate(children):
            pieces = [el.text or ""]
            for child in el:
                if child is not skip and isinstance(child.tag, str):
                    pieces.append(child.text_content())
                pieces.append(child.tail or "")
            text = clean(" ".join(pieces)).strip(" -–—|:»›·•/")  # no separator left at an edge
            if len(text) >= MIN_PART_CHARS:
                kicker = i == 0 and not (el.text or "").strip() and len(skip.text_content().split()) <= _MAX_KICKER_WORDS
                texts.append((text, kicker))
    texts.sort(key=lambda t: not t[1])
    for sub in el.iterdescendants():
        if isinstance(sub.tag, str):
            text = clean(sub.text_content())
            if len(text) >= MIN_PART_CHARS:
                texts.append((text, False))
    return texts[:10]


def marked_story_headline(el) -> bool:
    """itemprop headline, an h1 inside <article> or <main>, class entry-title or post-title."""
    if el.get("itemprop") == "headline":
        return True
    if el.tag == "h1" and next(el.iterancestors("article", "main"), None) is not None:
        return True
    names = (el.get("class") or "").split()
    return "entry-title" in names or "post-title" in names
