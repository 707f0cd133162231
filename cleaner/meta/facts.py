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
from typing import Any, List, NamedTuple, Optional, Tuple

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
    """Walk the page once and sort what the metadata readers need.

    Most elements carry no attribute a reader wants: each costs a tag test and one
    or two attribute reads, and the regular expressions run only on the few whose
    class holds one of their words.
    """
    from lxml.etree import Element

    walk = _Walk()
    for position, el in enumerate(tree.iter(Element)):
        tag = el.tag
        if tag in _SPECIAL:
            walk.special(tag, el)
            if tag != "body":
                continue
        names = el.keys()  # one call for all attribute names: most elements have none of interest
        if names or tag in _BARE_TAGS:  # else no attribute, and not a tag kept for itself
            walk.marked(position, el, tag, names)
    return walk.facts()


class _Walk:
    """What :func:`gather` has found so far, in document order."""

    def __init__(self) -> None:
        self.meta: List[Tuple[str, str]] = []
        self.body_meta: List[Tuple[str, str]] = []
        self.in_body = False
        self.scripts: List[str] = []
        self.headings: List[Positioned] = []
        self.bylines: List[Positioned] = []
        self.times: List[Positioned] = []
        self.dated: List[Positioned] = []
        self.h1s: List[int] = []
        self.title: Optional[str] = None
        self.canonical: Optional[str] = None

    def special(self, tag: str, el) -> None:
        """A head element (meta, title, canonical link, JSON-LD script), or the body's start."""
        if tag == "meta":
            content = el.get("content")
            key = el.get("property") or el.get("name") or el.get("itemprop")
            if content is not None and key:
                (self.body_meta if self.in_body else self.meta).append((key.strip().lower(),
                                                                        " ".join(content.split())))
        elif tag == "body":
            self.in_body = True
        elif tag == "script":
            if (el.get("type") or "").strip().lower() == "application/ld+json" and el.text:
                self.scripts.append(el.text)
        elif tag == "title" and self.title is None:
            self.title = " ".join(el.text_content().split())
        elif tag == "link" and self.canonical is None and (el.get("rel") or "").lower() == "canonical":
            self.canonical = el.get("href")

    def marked(self, position: int, el, tag: str, names: List[str]) -> None:
        """An element of the body that may be a heading, a time, a date or a byline."""
        cls = el.get("class") if "class" in names else None
        itemprop = el.get("itemprop") if "itemprop" in names else None
        if tag == "h1":
            self.h1s.append(position)
            self.headings.append(Positioned(position, el))
        elif tag == "h2" or itemprop == "headline" or cls and ("title" in cls or "headline" in cls) and (
                "entry-title" in cls or "post-title" in cls or "headline" in cls):
            self.headings.append(Positioned(position, el))
        if tag == "time" or itemprop in ("datePublished", "dateModified", "dateCreated"):
            self.times.append(Positioned(position, el))
        elif cls and _may_hold_date(cls) or "id" in names and _may_hold_date(el.get("id") or ""):
            self.dated.append(Positioned(position, el))
        if (itemprop == "author" or cls and ("uthor" in cls or "byline" in cls) and _marks_author(tag, cls)
                or tag == "a" and "href" in names and _links_writer(el.get("href"))
                or "rel" in names and el.get("rel") == "author"):
            self.bylines.append(Positioned(position, el))
        elif cls and "uthor" in cls and _AUTHOR_ABOUT.search(cls) and el.getparent() is not None:
            # the author's description: the box around it holds the name ("Ana Lopez" over
            # "Licensed grader, M.A. Journalism")
            self.bylines.append(Positioned(position, el.getparent()))

    def facts(self) -> PageFacts:
        return PageFacts(self.meta, self.body_meta, self.title, self.canonical, self.scripts, self.headings,
                         self.bylines, self.times, self.dated, self.h1s)


_BARE_TAGS = frozenset({"h1", "h2", "time"})  # kept without any attribute
_SPECIAL = frozenset({"meta", "body", "script", "style", "svg", "path", "noscript", "template", "title", "link",
                      "head", "html"})
def _may_hold_date(names: str) -> bool:
    """A class or id that says the element holds the story's date (a cheap test first)."""
    low = names.lower()
    return (("date" in low or "ublish" in low or "osted" in low or "time" in low or "byline" in low)
            and bool(_DATE_NAMES.search(names)))


_AUTHOR_ABOUT = re.compile(r"author[-_]?description", re.IGNORECASE)


def _marks_author(tag: str, cls: str) -> bool:
    """class author / byline / *author-name*, a/span/address *author* (not a comment's, nor
    the author's description, "author-description": a job title, degrees, a biography)."""
    return (cls in ("author", "byline") or "author-name" in cls or "authorName" in cls
            or "author" in cls and (tag in ("a", "span", "address") or "comment" not in cls)
            and not _AUTHOR_ABOUT.search(cls))


def _links_writer(href: Optional[str]) -> bool:
    """A link to the writer's page on the site (/author/name, /autoren/name, ?author=name)."""
    return bool(href) and "/" in href and bool(AUTHOR_PAGE.search(href))
