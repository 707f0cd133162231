"""The publication date of an HTML page.

The first source that answers wins:

1. the page's own structured date, when it names its time zone: JSON-LD
   ``datePublished``, else the published-time meta tag, with a local UTC offset;
2. the first ``<time datetime>`` after the headline;
3. the dateline a reader sees under the headline, in text: a date standing on
   its own ("13.10.2021", "Stand: 28.04.2020 18:00 Uhr", "Updated Mar 12, 2020")
   in the first characters of text after it;
4. htmldate's search of the whole page.

Meta tags named "date" often carry the day the CMS generated the page, and
htmldate ranks them high; what the page shows under its headline is the date
its readers take for the story's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import chain
from typing import Any, Dict, FrozenSet, Iterator, Optional, Sequence, Tuple

from .rules import DATELINE_SECTIONS, PACKAGE_RULES, RuleSet, alternation, parse_rule_file

_WEB_YEAR = r"(?:199[5-9]|20\d\d)"  # the web's years
_DAY = rf"({_WEB_YEAR}-[01]\d-[0-3]\d)"  # an ISO day, as group 1
# A timestamp with a local, non-zero UTC offset ("2020-02-19T18:37:32+01:00") names the
# calendar day where the story was published; htmldate may move it across midnight.
_LOCAL_TIMESTAMP = re.compile(_DAY + r"T\d\d:\d\d(?::\d\d(?:\.\d+)?)?"
                              r"[+-](?!00:?00$)\d\d:?\d\d$")
_JSON_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{10,40})"')
_META_PUBLISHED = frozenset({"article:published_time", "og:article:published_time", "datepublished"})
_ISO_DAY = re.compile(r"\s*" + _DAY + r"(?![\d])")

# containers of other stories' (or comments') dates
_LISTING_TAGS = frozenset({"nav", "aside", "footer"})
_LISTING_NAMES = re.compile(r"related|menu|sidebar|widget|comment|recommend", re.IGNORECASE)
_MAX_TIMES = 20
_CHANGED_NAMES = re.compile(r"updated|modified", re.IGNORECASE)
_PUBLISHED_NAMES = re.compile(r"publish|entry-date|created", re.IGNORECASE)

# The visible dateline: how far after the headline it may stand, and what makes a date stand alone.
_DATELINE_REACH = 1000       # characters of text after the headline
_MAX_DATES_TRIED = 10        # dates in that text weighed (each may read its block's text)
_MAX_AROUND = 30             # a text of its own: the date plus at most this many characters
_MAX_PREFIX = 30             # or near the start of its block, followed by a separator ...
_MAX_WORDS_AROUND = 6        # ... or with at most this many words around it (a sentence has more)
_UNREAD_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "select", "option", "button",
                          "form"}) | _LISTING_TAGS
_BLOCK_TAGS = frozenset({"p", "div", "li", "td", "th", "dd", "dt", "section", "article", "header", "main",
                         "address", "blockquote", "figure", "body", "h1", "h2", "h3", "h4", "h5", "h6"})
# hidden copies (often of the last-change time) and last-change markup; not Drupal's
# "field--label-hidden", which hides the label, nor "visually-hidden", which screen readers read
_UNSEEN_NAMES = re.compile(r"(?<![\w-])(?:hidden|rich-snippet-hidden|modified|date-modified)(?![\w-])",
                           re.IGNORECASE)
_YEAR = re.compile(rf"(?<!\d){_WEB_YEAR}(?!\d)")  # no date without one: a cheap test first
_WORD = re.compile(r"[^\W\d_]+")
_SEPARATOR = re.compile(r"\s*[-–—|•·:]")


def publication_date(tree, url: Optional[str], extensive: bool, headline=None,
                     rules: Optional[DateRules] = None) -> Optional[str]:
    """The page's publication day as YYYY-MM-DD, or None.

    ``headline`` is the page's headline element (its first h1 that is not the
    site's name), after which the visible dateline is looked for, read with
    ``rules`` (by default those of the packaged datelines.txt).
    """
    local = (_local_publication_date(tree) or _headline_time(tree)
             or (_visible_dateline(headline, rules or _packaged_rules()) if headline is not None else None))
    if local:
        return local
    from htmldate import find_date

    try:
        return find_date(tree, url=url, original_date=True, extensive_search=extensive,
                         max_date=_today())
    except Exception:  # htmldate raises on some malformed dates; the date is optional
        return None


def _today() -> str:
    """Today as an ISO day: no publication date is later."""
    return datetime.now().strftime("%Y-%m-%d")


def _local_publication_date(tree) -> Optional[str]:
    """datePublished of the first JSON-LD that has one, else the published-time meta tag, when local."""
    value = None
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        found = _JSON_PUBLISHED.search(script.text or "")
        if found:
            value = found.group(1)
            break
    if value is None:
        for el in tree.iterfind(".//head/meta[@content]"):
            if (el.get("property") or el.get("name") or "").lower() in _META_PUBLISHED:
                value = el.get("content")
                break
    found = _LOCAL_TIMESTAMP.match(value.strip()) if value else None
    if found and found.group(1) <= _today():
        return found.group(1)
    return None


def _headline_time(tree) -> Optional[str]:
    """The day of the first ``<time datetime>`` after the page's first h1 (anywhere if
    it has none): the date the reader sees under the headline. Dates inside menus,
    sidebars, footers, comments and related-story lists belong to others."""
    after_h1 = tree.find(".//h1") is None
    looked = 0
    for el in tree.iter("h1", "time"):
        if el.tag == "h1":
            after_h1 = True
            continue
        if not after_h1 or el.get("datetime") is None or _modified_time(el):
            continue
        looked += 1
        if looked > _MAX_TIMES:  # a page of dates (an archive, or hostile markup): leave it to htmldate
            return None
        found = _ISO_DAY.match(el.get("datetime"))
        if not found or found.group(1) > _today():
            continue
        if any(_listing(a) for a in el.iterancestors() if a.tag not in ("body", "html")):
            continue
        return found.group(1)
    return None


def _listing(el) -> bool:
    return el.tag in _LISTING_TAGS or bool(_LISTING_NAMES.search(f"{el.get('class', '')} {el.get('id', '')}"))


def _modified_time(el) -> bool:
    """A time marked as the last change, not the publication: itemprop dateModified, or
    a class that says updated/modified without saying published (WordPress marks its
    post date "entry-date published updated")."""
    if el.get("itemprop") == "dateModified":
        return True
    names = el.get("class") or ""
    return bool(_CHANGED_NAMES.search(names)) and not _PUBLISHED_NAMES.search(names)


def _visible_dateline(headline, rules: DateRules) -> Optional[str]:
    """The first date standing on its own in the text after ``headline``: the byline's
    "29.04.2020, 12:01 Uhr", a "Stand: 28.04.2020", "20.12.2022" in an element of its
    own; not a date inside a sentence ("the next meeting is on 5 February 2020 at 7")."""
    pattern, months, other = rules.pattern, rules.months, rules.other
    today = _today()
    reach, tried, previous = _DATELINE_REACH, 0, ""
    for text, owner in text_after(headline):
        stripped = " ".join(text.split())
        if not stripped:
            continue
        found = _YEAR.search(stripped) and pattern.search(stripped)
        if found:
            tried += 1
            day = _iso_day(found, months)
            if (day and day <= today and not _other_event(f"{previous} {stripped[:found.start()]}", other)
                    and _stands_alone(found, stripped, owner)):
                return day
            if tried >= _MAX_DATES_TRIED:
                return None
        previous = stripped
        reach -= len(stripped)
        if reach <= 0:
            return None
    return None


def text_after(headline) -> Iterator[Tuple[str, Any]]:
    """(text, the element it belongs to) in reading order after ``headline``, without
    scripts, forms, menus, sidebars, footers and related-story lists."""
    node = headline
    while node is not None and node.tag != "html":
        if node.tail:
            yield node.tail, node.getparent()
        for sibling in node.itersiblings():
            yield from text_of(sibling)
        node = node.getparent()


def text_of(root) -> Iterator[Tuple[str, Any]]:
    """The text of ``root`` and its tail, as :func:`text_after` reads it."""
    from lxml.etree import iterwalk

    walker = iterwalk(root, events=("start", "end"))
    for event, el in walker:
        if event == "end":
            if el.tail:
                yield el.tail, el.getparent()
        elif not isinstance(el.tag, str) or el.tag in _UNREAD_TAGS or _listing(el):
            walker.skip_subtree()
        elif el.text:
            yield el.text, el


def block_of(owner):
    """The paragraph, list item, cell or division that holds ``owner``."""
    return next((el for el in chain((owner,), owner.iterancestors()) if el.tag in _BLOCK_TAGS), owner)


def _stands_alone(found, text: str, owner) -> bool:
    """A date that is not part of a sentence, nor a hidden or last-change copy."""
    for el in chain((owner,), owner.iterancestors()):
        if (el.get("itemprop") == "dateModified" or _UNSEEN_NAMES.search(el.get("class") or "")
                or "display:none" in (el.get("style") or "").replace(" ", "")):
            return False
    if len(text) - len(found.group(0)) <= _MAX_AROUND:
        return True
    block_text = " ".join(block_of(owner).text_content().split())
    written = " ".join(found.group(0).split())
    at = block_text.find(written)
    if not 0 <= at <= _MAX_PREFIX:
        return False
    after = at + len(written)
    if _SEPARATOR.match(block_text, after):
        return True
    return len(_WORD.findall(f"{block_text[:at]} {block_text[after:]}")) <= _MAX_WORDS_AROUND


def _other_event(before: str, other: FrozenSet[str]) -> bool:
    """A date given as another event's ("Deadline: ...", "bis ...") or in a photo credit."""
    words = before.replace(":", " ").split()
    return bool(words) and words[-1].casefold() in other or "©" in before


@dataclass(frozen=True)
class DateRules:
    """The written-date pattern and the words around dates, from datelines.txt."""

    pattern: re.Pattern
    months: Dict[str, int]     # month name (folded) -> its number
    other: FrozenSet[str]      # words that put another event's date after them ("Deadline:", "bis")


def prepare(rules: RuleSet) -> DateRules:
    """The date rules of a rule set: the packaged datelines.txt and the user's copies."""
    return _build(rules.datelines["months"], rules.datelines.get("other-dates", []))


@lru_cache(maxsize=1)
def _packaged_rules() -> DateRules:
    """The packaged datelines.txt alone, read once: for callers without a rule set."""
    sections = parse_rule_file(PACKAGE_RULES / "datelines.txt", DATELINE_SECTIONS)
    return _build(sections["months"], sections["other-dates"])


def _build(month_entries: Sequence[Any], other_entries: Sequence[Any]) -> DateRules:
    """A written date in the common European and American forms, with the month names
    of datelines.txt: 13.10.2021, 2021-10-13, 13. Oktober 2021, 6 de mayo de 2022,
    October 13, 2021. Not the end of a range ("9-23 Feb 2017")."""
    months = {e.value.casefold(): int(e.right) for e in month_entries}
    other = frozenset(e.value.casefold() for e in other_entries)
    names = alternation(month_entries, "months")
    year = f"({_WEB_YEAR})"
    pattern = re.compile(
        r"(?<![\d.\-–])(?:"
        rf"(\d{{1,2}})\.[ ]?(\d{{1,2}})\.[ ]?{year}(?!\d)"
        rf"|{year}-(\d\d)-(\d\d)(?!\d)"
        rf"|(\d{{1,2}})\.?[ ]+(?:de[ ]+)?({names})\.?,?[ ]+(?:de[ ]+)?{year}(?!\d)"
        rf"|({names})\.?[ ]+(\d{{1,2}})(?:st|nd|rd|th)?,?[ ]+{year}(?!\d)"
        r")", re.IGNORECASE)
    return DateRules(pattern, months, other)


def _iso_day(found, months: Dict[str, int]) -> Optional[str]:
    g = found.groups()
    try:
        if g[0]:
            day, month, year = int(g[0]), int(g[1]), int(g[2])
        elif g[3]:
            year, month, day = int(g[3]), int(g[4]), int(g[5])
        elif g[6]:
            day, month, year = int(g[6]), months[g[7].casefold()], int(g[8])
        else:
            month, day, year = months[g[9].casefold()], int(g[10]), int(g[11])
        return date(year, month, day).isoformat()
    except ValueError:  # 31.02., a month number over 12
        return None
