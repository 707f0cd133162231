"""The page's title: the visible headline that agrees with a declared title.

Declared titles (og:title, JSON-LD's headline, twitter:title, ``<title>`` and
its parts) say what the page calls itself; the headings say what a reader
sees. A heading (or an element inside it) equal to a declared title or to
one of its parts is the headline; the better the source it agrees with, the
better the match (see :func:`choose_title` for the tie-breaks). The title
rules themselves are in :mod:`cleaner.meta.titlerules`.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Optional, Set

from .headings import (MIN_PART_CHARS, clean, fold, heading_text, links_home, names_site, without_code,
                       without_marked_kicker, wraps_heading)
from .titlerules import TITLE_RULES, TitleContext, apply_rules, is_host_name, split_title  # noqa: F401

# UTF-8 read as Latin-1 or Windows-1252: "Investorâ\x80\x99s" for "Investor’s"
_MOJIBAKE = re.compile("[\u0080-\u009f]|[ÃÂâ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")
_MAX_HEADINGS = 40
# a date standing as a part of its own at either end of a title: "23.01.2022 - Story"
_DATE_PART = re.compile(r"^(?:\d{1,2}[./]){2}\d{2,4} [-–—|] (?=\S)|(?<=\S) [-–—|] (?:\d{1,2}[./]){2}\d{2,4}$")


def _headings(elements: List[Any], declared: Set[str] = frozenset()) -> List[Any]:
    """(element, text) of the page's headings: h1s first, then other headline-like elements;
    not the site's name, unless the heading says a ``declared`` title ("blog-title" is the
    post's headline on some platforms, the blog's name on others)."""
    found = []
    h1s = [el for el in elements if el.tag == "h1"][:_MAX_HEADINGS]
    others = [el for el in elements[:_MAX_HEADINGS] if el.tag != "h1"]
    for el in h1s + others:
        if names_site(el) and (links_home(el) or fold(clean(el.text_content())) not in declared):
            continue
        if wraps_heading(el):
            continue
        el = without_code(el)
        text = heading_text(el)
        if 3 <= len(text) <= 300:
            found.append((el, text))
    return found


def _site_keys(sitename: Optional[str], headings_of_site: Iterable[str]) -> Set[str]:
    keys = {fold(s) for s in headings_of_site if s}
    if sitename:
        keys.add(fold(sitename))
    return {k for k in keys if k}


def choose_title(elements: List[Any], sources: List[str], sitename: Optional[str] = None,
                 confirmed: bool = False) -> Optional[str]:
    """The visible headline when it agrees with a declared title, else the declared title's main part.

    ``sources`` are the declared titles, best first (og:title, JSON-LD
    headline, twitter:title, ``<title>``). Page titles carry the site name
    ("Story - Site"); the headline on the page does not, and may carry a
    kicker or a subtitle in an element of its own. The rules of
    :data:`TITLE_RULES` are tried in order; the first that finds a title
    gives it, completed where a heading was cut short. ``confirmed``: the
    best declared title is confirmed by an independent source (JSON-LD's
    headline beside og:title, not a copy of one tag in another).
    """
    if not sources:
        headings = _headings(elements)
        return without_marked_kicker(*headings[0]) if headings else None
    site_headings = [clean(el.text_content()) for el in elements if el.tag == "h1" and names_site(el)][:5]
    site = _site_keys(sitename, [])
    mains = {fold(split_title(s)[0]) for s in sources if split_title(s)} - site  # the declared titles' main parts
    headings = _headings(elements, mains)
    site = _site_keys(sitename, [t for t in site_headings if fold(t) not in mains])
    rank: Dict[str, int] = {}
    for i, source in enumerate(sources):
        rank.setdefault(fold(source), 2 * i)
        parts = split_title(source)
        if len(parts) > 1:
            for part in parts:
                if len(part.split()) >= 2 and len(part) >= MIN_PART_CHARS:
                    rank.setdefault(fold(part), 2 * i + 1)
    for key in site:
        rank.pop(key, None)
    title = apply_rules(TitleContext(elements, headings, sources, rank, site, confirmed))
    if title and _shouted(title) and not _shouted(sources[0]) and not _same_words(title, rank):
        # an all-capitals heading no declared title says: a label, or the headline restyled
        parts = [p for p in split_title(sources[0]) if fold(p) not in site and not is_host_name(p)]
        title = max(parts, key=len) if len(split_title(sources[0])) > 1 and parts else None
    if title:
        return _counted(_whole(title, sources), sources)
    return _without_leading_domain(sources[0], site)


def _shouted(text: str) -> bool:
    """Written in capitals throughout, in two words or more ("SUPPORTING GAAP COMPLIANCE")."""
    letters = [c for c in text if c.isalpha()]
    return len(text.split()) >= 2 and len(letters) >= 6 and all(c.isupper() for c in letters)


def _same_words(title: str, rank: Dict[str, int]) -> bool:
    """A declared title or part in the title's words, in any order."""
    words = set(fold(title).split())
    return any(set(key.split()) == words for key in rank)


_COUNT = re.compile(r"^\d{1,3} (?=\S)")  # anchored: linear
_YEAR_AFTER = re.compile(r"(?<=\S) (?:19|20)\d\d$")


def _counted(title: str, sources: List[str]) -> str:
    """The declared title (or part) that is the headline with the list's count before it or
    the year after it ("8 Recent Trends in Photography" over the h1 "Recent Trends in
    Photography"): the whole title, of which the page shows a shorter form."""
    key = fold(title)
    for source in sources:
        for part in split_title(source):
            for extra in (_COUNT.search(part), _YEAR_AFTER.search(part)):
                if extra and fold(part[:extra.start()] + part[extra.end():]) == key:
                    return part
    return title


def _without_leading_domain(title: str, site: Set[str]) -> str:
    """The title without the site's host name at its start, written with no separator
    ("example.com Night buses extended", under the h1 "example.com" linking home)."""
    first, _, rest = title.partition(" ")
    if rest.strip() and is_host_name(first) and fold(first) in site:
        return rest.strip()
    return title


def _whole(title: str, sources: List[str]) -> str:
    """The title, or the declared title it begins when it was cut short: a heading ending
    in a colon ("Night buses extended:" of "Night buses extended: from March")."""
    if not title.rstrip().endswith(":"):
        return title
    key = fold(title)
    for source in sources:
        for candidate in split_title(source):
            if len(candidate) > len(title) and fold(candidate).startswith(key + " "):
                return candidate
    return title


def title_of(elements: List[Any], sources: List[str], sitename: Optional[str], confirmed: bool = False) -> Optional[str]:
    """The title chosen from the headings and the declared titles, best first, without
    soft hyphens or a date standing as a part of its own ("23.01.2022 - Story")."""
    title = choose_title(elements, sources, sitename, confirmed)
    if not title:
        return None
    title = _repaired(title.replace("\xad", ""))  # soft hyphens: invisible, but they split words
    return _without_site_part(_DATE_PART.sub("", title) or title, sitename, _section_labels(sources))


def _without_site_part(title: str, sitename: Optional[str], labels: Set[str] = frozenset()) -> str:
    """The title without the site's name as its last part ("Best exhibitions of 2025 –
    Artlyst", an h1 that carries it as the page title does), or without the section's
    label that ends declared titles of different headlines ("… | Opinion")."""
    parts = split_title(title)
    if len(parts) > 1 and (sitename and fold(parts[-1]) == fold(sitename) or fold(parts[-1]) in labels):
        return title[:title.rfind(parts[-1])].rstrip(" |–—-:»›·•/") or title
    return title


_MAX_LABEL_WORDS = 2  # a section's label ("Opinion", "Travel news") ending declared titles


def _section_labels(sources: List[str]) -> Set[str]:
    """The short last parts that two declared titles share while their first parts differ
    (og:title "Story | Opinion", <title> "Story worded otherwise | Opinion"): the page's
    section or site, not the story's."""
    firsts: Dict[str, Set[str]] = {}
    for source in sources:
        parts = split_title(source)
        if len(parts) > 1 and len(parts[-1].split()) <= _MAX_LABEL_WORDS:
            firsts.setdefault(fold(parts[-1]), set()).add(fold(parts[0]))
    return {label for label, heads in firsts.items() if len(heads) > 1}


def _repaired(text: str) -> str:
    """The text with UTF-8 read as Latin-1 or Windows-1252 undone, where that decodes cleanly."""
    if not _MOJIBAKE.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text
