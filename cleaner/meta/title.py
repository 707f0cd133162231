"""The page's title: the visible headline that agrees with a declared title.

Declared titles (og:title, JSON-LD's headline, twitter:title, ``<title>`` and
its parts) say what the page calls itself; the headings say what a reader
sees. A heading (or an element inside it) equal to a declared title or to
one of its parts is the headline; the better the source it agrees with, the
better the match (see :func:`choose_title` for the tie-breaks).
"""
from __future__ import annotations

import re
from copy import deepcopy
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple

# Applied to the title with its whitespace folded to single spaces: an unbounded
# \s+ on each side would backtrack quadratically on a long run of spaces.
# Chinese and Japanese titles join the site's name without spaces: "标题-新华网", "标题_百度百科".
_TITLE_SEPARATORS = re.compile(r"[ ][|–—\-:»›·•/]+[ ]|[ ]?[|»›•][ ]?"
                               r"|(?<=[\u2e80-\u9fff\uff00-\uffef])[-_–—](?=[\u2e80-\u9fff])")

# or text hidden for screen readers. Whole class names / ids, and parts of them.
_NOT_HEADLINE_NAMES = frozenset({"site-title", "site-name", "sitename", "blog-title", "site-logo", "brand",
                                 "screen-reader-text", "sr-only", "visually-hidden", "visuallyhidden",
                                 "element-invisible", "aural", "hidden", "invisible"})
_NOT_HEADLINE_PARTS = frozenset({"logo", "branding", "masthead"})
_HOME_HREFS = frozenset({"/", "./", "index.html", "index.php", "/index.html", "/index.php"})
# a title part that is a host name ("example.de") names the site, not the story
_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)  # anchored: linear
_MAX_HEADINGS = 40
_MAX_KICKER_WORDS = 6
_MIN_PART_CHARS = 12   # a title part this short ("News", "Home") is too weak to pick out a heading
_LOOSE_SHARE = 0.8     # an h1 sharing this much of the shorter's words with a declared title says it


def fold(text: str) -> str:
    """Lower case, punctuation and soft hyphens out, spaces folded: how titles are compared.

    >>> fold("Kind krank? Was Arbeit\\u00adgeber wissen müssen")
    'kind krank was arbeitgeber wissen müssen'
    """
    return " ".join(re.sub(r"[^\w]+", " ", text.replace("\xad", "").casefold()).split())


def _clean(text: Optional[str]) -> str:
    return " ".join((text or "").split())

# a date standing as a part of its own at either end of a title: "23.01.2022 - Story"
_DATE_PART = re.compile(r"^(?:\d{1,2}[./]){2}\d{2,4} [-–—|] (?=\S)|(?<=\S) [-–—|] (?:\d{1,2}[./]){2}\d{2,4}$")


def headline_element(headings: List[Any]) -> Optional[Any]:
    """The page's first h1 with text that is not the site's name (else its first h1 with text)."""
    h1s = [el for el in headings if el.tag == "h1" and el.text_content().strip()]
    return next((el for el in h1s if not _names_site(el)), h1s[0] if h1s else None)



def _marked_not_headline(el) -> bool:
    names = f"{el.get('class', '')} {el.get('id', '')}".lower().split()
    if not names:
        return False
    return bool(_NOT_HEADLINE_NAMES.intersection(names)
                or any(part in _NOT_HEADLINE_PARTS for name in names for part in re.split(r"[-_]+", name)))


def _names_site(el) -> bool:
    """A heading that is the site's name: masthead/logo classes, hidden text, or a link home."""
    parent = el.getparent()
    if _marked_not_headline(el) or (parent is not None and _marked_not_headline(parent)):
        return True
    for a in el.iter("a"):
        href = (a.get("href") or "").strip()
        if a.get("rel") == "home" or href in _HOME_HREFS or re.fullmatch(r"https?://[^/]+/?", href):
            return True
    return False


def _headings(elements: List[Any]) -> List[Any]:
    """(element, text) of the page's headings: h1s first, then other headline-like elements."""
    found = []
    h1s = [el for el in elements if el.tag == "h1"][:_MAX_HEADINGS]
    others = [el for el in elements[:_MAX_HEADINGS] if el.tag != "h1"]
    for el in h1s + others:
        if _names_site(el):
            continue
        el = _without_code(el)
        text = _heading_text(el)
        if 3 <= len(text) <= 300:
            found.append((el, text))
    return found


def _without_code(el):
    """The heading, or a copy of it without the styles, scripts and SVG icons inside
    (a CSS-in-JS <style> ahead of a kicker reads as text)."""
    if next(el.iter("style", "script", "svg"), None) is None:
        return el
    from lxml.etree import strip_elements

    copy = deepcopy(el)
    copy.tail = None
    strip_elements(copy, "style", "script", "svg", with_tail=False)
    return copy


def _heading_text(el) -> str:
    """The heading's text without ruby annotations (the furigana over Japanese kanji)."""
    if next(el.iter("rt"), None) is None:
        return _clean(el.text_content())
    copy = deepcopy(el)
    for note in list(copy.iter("rt", "rp")):
        note.drop_tree()
    return _clean(copy.text_content())


def _split(title: str) -> List[str]:
    return [p.strip() for p in _TITLE_SEPARATORS.split(_clean(title)) if p and p.strip()]


def _site_keys(sitename: Optional[str], headings_of_site: Iterable[str]) -> Set[str]:
    keys = {fold(s) for s in headings_of_site if s}
    if sitename:
        keys.add(fold(sitename))
    return {k for k in keys if k}



def choose_title(elements: List[Any], sources: List[str], sitename: Optional[str] = None) -> Optional[str]:
    """The visible headline when it agrees with a declared title, else the declared title's main part.

    ``sources`` are the declared titles, best first (og:title / JSON-LD
    headline, then ``<title>``). Page titles carry the site name ("Story -
    Site"); the headline on the page does not, and may carry a kicker or a
    subtitle in an element of its own. A heading (or an element inside it)
    equal to a declared title or to one of its parts is the headline; the
    better the source it agrees with, the better the match.
    """
    headings = _headings(elements)
    if not sources:
        return _without_marked_kicker(*headings[0]) if headings else None
    site_headings = [_clean(el.text_content()) for el in elements if el.tag == "h1" and _names_site(el)][:5]
    site = _site_keys(sitename, site_headings)
    rank: Dict[str, int] = {}   # folded title -> rank (0 best)
    for i, source in enumerate(sources):
        rank.setdefault(fold(source), 2 * i)
        parts = _split(source)
        if len(parts) > 1:
            for part in parts:
                if len(part.split()) >= 2 and len(part) >= _MIN_PART_CHARS:
                    rank.setdefault(fold(part), 2 * i + 1)
    for key in site:
        rank.pop(key, None)
    best, best_rank, best_el = None, 2 * len(sources), None
    h1 = None  # the best (text, rank, element) among h1s
    for el, text in headings:
        key = fold(text)
        # the parts inside a heading matter only when it holds a wanted title and more
        inner = _inner_texts(el) if any(k in key and k != key for k in rank) else []
        if inner[:1] and inner[0][1] and fold(inner[0][0]) in rank:
            return inner[0][0]  # a kicker element, then the declared headline
        if inner[:1] and inner[0][1] and _marked_kicker(el) and fold(_kicker(el)) in rank:
            return inner[0][0]  # the declared title is the heading's marked kicker: the rest is the headline
        for candidate in [text] + [t for t, _ in inner]:
            r = rank.get(fold(candidate))
            # equal ranks: the longer text (a headline, not its kicker or the site's name)
            if r is not None and (r < best_rank or r == best_rank and best and len(candidate) > len(best)):
                best, best_rank = candidate, r
                best_el = el
            if r is not None and el.tag == "h1" and (h1 is None or r < h1[1]):
                h1 = (candidate, r, el)
    # The visible headline: an h1 that agrees with one declared title beats a lesser
    # heading that agrees with another (og:title written for social media, <title> = h1).
    if best and best_el.tag != "h1" and h1 is not None and h1[1] // 2 != best_rank // 2:
        best, best_rank, best_el = h1
    if best and best == _heading_text(best_el):
        headline = _without_marked_kicker(best_el, best)
        if headline != best:
            return headline
    if best:
        return _longer_headline(headings, best)
    loose = _loosely_agreeing(headings, rank, site)
    if loose:
        return loose
    for el, text in headings:
        key = fold(text)
        if len(key) >= _MIN_PART_CHARS and key not in site and any(
                key in w or el.tag == "h1" and len(w) >= _MIN_PART_CHARS and key.startswith(w) for w in rank):
            return _without_marked_kicker(el, text)
    marked = _marked_headline(elements, site | {fold(p) for s in sources for p in _split(s)[1:]})
    if marked:
        return marked
    first = sources[0]
    parts = [p for p in _split(first) if fold(p) not in site and not _DOMAIN.fullmatch(p)]
    if len(_split(first)) > 1 and parts:
        return _heading_with_part(headings, parts, site) or max(parts, key=len)
    return first


def _loosely_agreeing(headings: List[Any], rank: Dict[str, int], site: Set[str]) -> Optional[str]:
    """An h1 whose words are nearly all words of a declared title, or that holds nearly
    all of one's words: the headline a page title reworded for search engines."""
    keys = [set(k.split()) for k in rank if len(k.split()) >= 3]
    for el, text in headings:
        if el.tag != "h1":
            continue
        words = set(fold(text).split())
        if len(words) < 3 or fold(text) in site:
            continue
        for key in keys:
            shared = len(words & key)
            if shared >= 3 and shared >= _LOOSE_SHARE * min(len(words), len(key)):
                return _without_marked_kicker(el, text)
    return None


def _heading_with_part(headings: List[Any], parts: List[str], site: Set[str]) -> Optional[str]:
    """An h1 or h2 of two words or more that holds a part of the page title as whole
    words: the headline the page title shortened ("Feuerwehr Oldenburg - Ausbildung"
    over "Bootsdienst Ausbildung"), where neither part says which is the site."""
    keys = [f" {fold(p)} " for p in parts if fold(p)]
    for el, text in headings:
        key = fold(text)
        if el.tag in ("h1", "h2") and len(key.split()) >= 2 and key not in site:
            if any(k in f" {key} " for k in keys):
                return text
    return None


_KICKER_NAMES = re.compile(r"kicker|overline|dachzeile|roofline|eyebrow|topline|topic|rubric|label", re.IGNORECASE)


def _without_marked_kicker(heading, text: str) -> str:
    """The heading's text without the kicker the markup marks at its start, if any."""
    core = _unwrapped(heading)
    if _marked_kicker(core):
        inner = _inner_texts(core)
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


def _kicker(heading) -> str:
    return _clean(next(c for c in heading if isinstance(c.tag, str)).text_content())


def _marked_kicker(heading) -> bool:
    """The heading opens with an element the markup marks as a kicker: by its class, or
    by a separator after it hidden from sighted readers ("Klimaschutz" + hidden ": ")."""
    children = [c for c in heading if isinstance(c.tag, str)]
    if not children or (heading.text or "").strip():
        return False
    first = children[0]
    if _KICKER_NAMES.search(f"{first.get('class', '')} {first.get('id', '')}"):
        return True
    separator = children[1] if len(children) > 1 else None
    return (separator is not None and _marked_not_headline(separator)
            and not _clean(separator.text_content()).strip(":-–—|/ "))


def _longer_headline(headings: List[Any], title: str) -> str:
    """The h1 that carries on where a declared title stops (titles get cut for search
    engines: "Zitronenkuchen vom Blech" over "Zitronenkuchen vom Blech: einfach köstlich!")."""
    key = fold(title)
    for el, text in headings:
        if el.tag != "h1" or len(text) > 2 * len(title) or any(isinstance(c.tag, str) for c in el):
            continue
        if fold(text).startswith(key + " ") and not text[len(title):].lstrip()[:1].isdigit():
            return text
    return title


def _inner_texts(el) -> List[Tuple[str, bool]]:
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
            text = _clean(" ".join(pieces)).strip(" -–—|:»›·•/")  # no separator left at an edge
            if len(text) >= _MIN_PART_CHARS:
                kicker = i == 0 and not (el.text or "").strip() and len(skip.text_content().split()) <= _MAX_KICKER_WORDS
                texts.append((text, kicker))
    texts.sort(key=lambda t: not t[1])
    for sub in el.iterdescendants():
        if isinstance(sub.tag, str):
            text = _clean(sub.text_content())
            if len(text) >= _MIN_PART_CHARS:
                texts.append((text, False))
    return texts[:10]


def _marked(el) -> bool:
    """itemprop headline, an h1 inside <article> or <main>, class entry-title or post-title."""
    if el.get("itemprop") == "headline":
        return True
    if el.tag == "h1" and next(el.iterancestors("article", "main"), None) is not None:
        return True
    names = (el.get("class") or "").split()
    return "entry-title" in names or "post-title" in names


def _marked_headline(elements: List[Any], not_headline: Set[str]) -> Optional[str]:
    """A heading the markup marks as the story's headline, unless it is the site's name."""
    candidates = [el for el in elements if _marked(el)][:10]
    h1s = [el for el in elements if el.tag == "h1"]
    if len(h1s) == 1:  # one h1 on the page is the headline, unless it names the site
        candidates.append(h1s[0])
    for el in candidates:
        if _names_site(el):
            continue
        el = _without_code(el)
        text = _heading_text(el)
        if 3 <= len(text) <= 300 and fold(text) and fold(text) not in not_headline:
            return _without_marked_kicker(el, text)
    return None


def title_of(elements: List[Any], sources: List[str], sitename: Optional[str]) -> Optional[str]:
    """The title chosen from the headings and the declared titles, best first, without
    soft hyphens or a date standing as a part of its own ("23.01.2022 - Story")."""
    title = choose_title(elements, sources, sitename)
    if not title:
        return None
    title = title.replace("\xad", "")  # soft hyphens: invisible, but they split words
    return _DATE_PART.sub("", title) or title
