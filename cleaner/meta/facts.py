"""What the metadata readers need from a page, gathered in one walk over the tree.

Title, authors and dates each look at a few kinds of element: headings,
elements the markup marks as an author, times and date-marked elements, the
head's meta tags, JSON-LD scripts. One pass collects them all (testing a few
attributes per element is cheaper than an XPath ``contains()`` per kind, and
much cheaper than one search per reader), in document order, each with its
position so that "after the headline" is a comparison of numbers.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, NamedTuple, Optional, Tuple

# a link to the writer's page on the site: /author/name, /autoren/name, /autor/name
AUTHOR_PAGE = re.compile(r"/(?:author|authors|autor|autoren|auteur|auteurs|autore|autori|autores|contributors?"
                         r"|journalists?|reporters?|writers?|columnists?|redakteur(?:e|in)?|periodistas?"
                         r"|staff|experts?|reviewers?)/[^/?#]+/?(?:$|[?#])"
                         r"|[?&]_?author=[^&#]+", re.IGNORECASE)
# class/id words of an element holding the story's date (not "update" alone: a last change)
_DATE_NAMES = re.compile(r"date|publish|posted|dateline|timestamp|post-time|entry-time|article-time|byline",
                         re.IGNORECASE)


class Positioned(NamedTuple):
    """An element and its place in document order."""

    position: int
    element: Any


class PageFacts(NamedTuple):
    """The elements and head values of one page, in document order."""

    meta: List[Tuple[str, str]]          # (name / property / itemprop, lower case; content) of <meta> in <head>
    body_meta: List[Tuple[str, str]]     # the same of <meta> in <body> (microdata, often of other items)
    title: Optional[str]                 # the <title> element's text, spaces folded
    canonical: Optional[str]             # <link rel="canonical"> href
    scripts: List[str]                   # JSON-LD script texts
    headings: List[Positioned]           # h1, h2, itemprop=headline, class *entry-title*, *post-title*, *headline*
    bylines: List[Positioned]            # elements marked as the author (see _is_byline)
    times: List[Positioned]              # <time> and itemprop datePublished / dateModified
    dated: List[Positioned]              # elements whose class or id says they hold a date
    h1_positions: List[int]              # the positions of the page's h1s

    def meta_values(self, *names: str) -> List[str]:
        """The non-empty contents of the meta tags with these names, in page order."""
        return [content for key, content in self.meta if key in names and content]

    def best_meta(self, *names: str) -> Optional[str]:
        """The first non-empty content of the first of these names the page has (best first)."""
        for name in names:
            values = self.meta_values(name)
            if values:
                return values[0]
        return None


def gather(tree) -> PageFacts:
    """Walk the page once and sort what the metadata readers need."""
    from lxml.etree import Element

    meta: List[Tuple[str, str]] = []
    body_meta: List[Tuple[str, str]] = []
    in_body = False
    scripts: List[str] = []
    headings: List[Positioned] = []
    bylines: List[Positioned] = []
    times: List[Positioned] = []
    dated: List[Positioned] = []
    h1s: List[int] = []
    title = canonical = None
    for position, el in enumerate(tree.iter(Element)):
        tag = el.tag
        get = el.get
        if tag == "meta":
            content = get("content")
            key = get("property") or get("name") or get("itemprop")
            if content is not None and key:
                (body_meta if in_body else meta).append((key.strip().lower(), " ".join(content.split())))
            continue
        if tag == "body":
            in_body = True
        if tag == "script":
            if (get("type") or "").strip().lower() == "application/ld+json" and el.text:
                scripts.append(el.text)
            continue
        if tag in ("style", "svg", "path", "noscript", "template"):
            continue
        if tag == "title" and title is None:
            title = " ".join(el.text_content().split())
            continue
        if tag == "link":
            if canonical is None and (get("rel") or "").lower() == "canonical":
                canonical = get("href")
            continue
        cls = get("class") or ""
        itemprop = get("itemprop")
        if tag == "h1":
            h1s.append(position)
        if (tag in ("h1", "h2") or itemprop == "headline"
                or cls and ("entry-title" in cls or "post-title" in cls or "headline" in cls)):
            headings.append(Positioned(position, el))
        if tag == "time" or itemprop in ("datePublished", "dateModified", "dateCreated"):
            times.append(Positioned(position, el))
        elif cls and _DATE_NAMES.search(cls) or (get("id") and _DATE_NAMES.search(get("id"))):
            dated.append(Positioned(position, el))
        if _is_byline(tag, cls, itemprop, get):
            bylines.append(Positioned(position, el))
    return PageFacts(meta, body_meta, title, canonical, scripts, headings, bylines, times, dated, h1s)


def _is_byline(tag: str, cls: str, itemprop: Optional[str], get) -> bool:
    """rel/itemprop author, class author / byline / *author-name*, a/span/address *author*,
    a link to a writer's page."""
    if itemprop == "author" or get("rel") == "author" or cls in ("author", "byline"):
        return True
    if cls and ("author-name" in cls or "authorName" in cls
                or "author" in cls and (tag in ("a", "span", "address") or "comment" not in cls)):
        return True
    return tag == "a" and bool(AUTHOR_PAGE.search(get("href") or ""))
