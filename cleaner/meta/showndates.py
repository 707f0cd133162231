"""The dates a page shows its readers, as candidates: the first ``<time>`` after the
headline and the times marked as the last change, the dateline under the headline
("Von Jana Kühn | 02.11.2023", "Updated Mar 12, 2020"), an element whose class
says it holds the date. Dates in menus, sidebars, footers, comments and
related-story lists are other stories'; a date inside a sentence is no dateline.
"""
from __future__ import annotations

import re
from datetime import date
from itertools import chain, islice
from typing import Any, Dict, FrozenSet, Iterator, Optional, Set, Tuple

from .days import HAS_YEAR, DateRules, month_first, parse_day, written_day
from .declareddates import Candidate, stamped
from .facts import PageFacts

# containers of other stories' (or comments') dates
_LISTING_TAGS = frozenset({"nav", "aside", "footer"})
_LISTING_NAMES = re.compile(r"related|menu|sidebar|(?<![\w-])widget|comment|recommend", re.IGNORECASE)
MAX_TIMES = 20  # <time> elements read after the headline (an archive page has hundreds)
_CHANGED_NAMES = re.compile(r"updated|modified", re.IGNORECASE)
_PUBLISHED_NAMES = re.compile(r"publish|entry-date|created", re.IGNORECASE)

# The visible dateline: how far after the headline it may stand, and what makes a date stand alone.
_DATELINE_REACH = 1000       # characters of text after the headline
PAGE_REACH = 30000           # characters of the page's text read for a date when nothing else gives one
_MAX_DATES_TRIED = 10        # dates in that text weighed (each may read its block's text)
_MAX_AROUND = 30             # a text of its own: the date plus at most this many characters
_MAX_PREFIX = 30             # or near the start of its block, followed by a separator ...
_MAX_WORDS_AROUND = 6        # ... or with at most this many words around it (a sentence has more)
_LABEL_CHARS = 40             # how much text before a date may hold its label ("Last updated on")
_MAX_DATED = 12              # date-marked elements read
_MAX_DATED_CHARS = 80        # a date-marked element with more text is a sentence or a list
_DATED_ENTRIES = 2           # other items of a list that open with a date: a change log's
_NEAR_ITEMS = 10             # ... among the nearest this many items on either side
_LISTED = 3                  # date-marked elements of one class this many times (dates differing): a list
_UNREAD_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "select", "option", "button",
                          "form"}) | _LISTING_TAGS
_BLOCK_TAGS = frozenset({"p", "div", "li", "td", "th", "dd", "dt", "section", "article", "header", "main",
                         "address", "blockquote", "figure", "body", "h1", "h2", "h3", "h4", "h5", "h6"})
# hidden copies (often of the last-change time) and last-change markup; not Drupal's
# "field--label-hidden", which hides the label, nor "visually-hidden", which screen readers read
_UNSEEN_NAMES = re.compile(r"(?<![\w-])(?:hidden|rich-snippet-hidden|modified|date-modified)(?![\w-])",
                           re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
_SEPARATOR = re.compile(r"[ ]?[-–—|•·:]")  # in a block's text, its spaces folded


def time_candidates(facts: PageFacts, headline, rules: DateRules, offset: Optional[int] = None) -> Iterator[Candidate]:
    """The first ``<time>`` (or itemprop datePublished) after the page's first h1 (anywhere
    if it has none), and the times marked as the last change. Dates inside menus,
    sidebars, footers, comments and related-story lists belong to others."""
    start = facts.h1_positions[0] if facts.h1_positions else -1
    around_headline = frozenset(a for a in headline.iterancestors() if a.tag in _STORY_HEADS) \
        if headline is not None else frozenset()
    looked, first_found = 0, False
    story = story_of(headline)
    for position, el in facts.times:
        value = el.get("datetime") or el.get("content") or el.get("title")
        if value is None and el.tag == "time":
            value = el.text_content()
        day = parse_day(value, rules) if value else None
        if not day:
            continue
        if _modified_time(el) or rules.modified_label.search(_text_before(el)):
            yield stamped("time", "modified-time", True, day, value, offset)
            continue
        if position < start and not _heads_story(el, around_headline) or first_found:
            continue
        looked += 1
        if looked > MAX_TIMES:  # a page of dates (an archive, or hostile markup): none is read
            return
        if _in_listing(el, story, with_self=False) and not _labelled_published(el, rules):
            continue
        first_found = True
        yield stamped("time", "first-time", False, day, value, offset)


_STORY_HEADS = frozenset({"header", "article"})


def _labelled_published(el, rules: DateRules) -> bool:
    """A time right after a publication label ("Published", "Publish date"): the story's
    date, in the column of facts beside it whatever that column's class says."""
    return rules.published_label is not None and bool(rules.published_label.search(_text_before(el)))


def _heads_story(el, around_headline: frozenset) -> bool:
    """A time above the headline in the story's own <header> or <article> (the date over
    the title), not in the page's masthead."""
    return next((a for a in el.iterancestors() if a.tag in _STORY_HEADS), None) in around_headline


def _text_before(el) -> str:
    """The words just before an element ("Updated <time>", "<span>Updated:</span> <time>"),
    one level up when it opens its parent."""
    for node in (el, el.getparent()):
        if node is None:
            break
        prev = node.getprevious()
        if prev is not None:
            return f"{prev.text_content()} {prev.tail or ''}"[-_LABEL_CHARS:]
        parent = node.getparent()
        if parent is not None and (parent.text or "").strip():
            return parent.text[-_LABEL_CHARS:]
    return ""


def _listing(el) -> bool:
    return el.tag in _LISTING_TAGS or bool(_LISTING_NAMES.search(f"{el.get('class', '')} {el.get('id', '')}"))


def story_of(headline):
    """The <article> that holds the headline, if any."""
    return next(headline.iterancestors("article"), None) if headline is not None else None


def _in_listing(el, story, with_self: bool = True) -> bool:
    """Inside a menu, sidebar, footer, comment or related-story list; not in an <aside> of
    the headline's own <article> that no such name marks (the story's column of facts:
    its date, its section, its byline)."""
    for a in chain((el,), el.iterancestors()) if with_self else el.iterancestors():
        if a.tag in ("body", "html") or not _listing(a):
            continue
        if a.tag == "aside" and story is not None and not _LISTING_NAMES.search(
                f"{a.get('class', '')} {a.get('id', '')}") and story in a.iterancestors("article"):
            continue
        return True
    return False


def _modified_time(el) -> bool:
    """A time marked as the last change, not the publication: itemprop dateModified, or
    a class that says updated/modified without saying published (WordPress marks its
    post date "entry-date published updated")."""
    if el.get("itemprop") == "dateModified":
        return True
    names = el.get("class") or ""
    return bool(_CHANGED_NAMES.search(names)) and not _PUBLISHED_NAMES.search(names)


def visible_dateline(headline, rules: DateRules) -> Iterator[Candidate]:
    """The first date standing on its own in the text after ``headline``: the byline's
    "29.04.2020, 12:01 Uhr", a "Stand: 28.04.2020", "20.12.2022" in an element of its
    own; not a date inside a sentence ("the next meeting is on 5 February 2020 at 7").
    A date labelled as the last change comes as such, and the search goes on."""
    return standing_dates(text_after(headline), rules, _DATELINE_REACH, "dateline")


def standing_dates(texts: Iterator[Tuple[str, Any]], rules: DateRules, reach: int,
                    rule: str) -> Iterator[Candidate]:
    """The dates standing on their own in ``texts`` (see :func:`visible_dateline`), up to
    the first that is not labelled as a last change, within ``reach`` characters."""
    pattern, months, other = rules.pattern, rules.months, rules.other
    tried, previous = 0, ""
    for text, owner in texts:
        stripped = " ".join(text.split())
        if not stripped:
            continue
        found = HAS_YEAR.search(stripped) and pattern.search(stripped)
        if found:
            tried += 1
            day = written_day(found, months)
            before = f"{previous} {stripped[:found.start()]}"
            if (day and not _other_event(before, other) and _stands_alone(found, stripped, owner)
                    and not _dated_entry(owner, pattern) and not _machine_day_differs(owner, day, rules)):
                other_reading = month_first(found)
                if rules.modified_label.search(before[-_LABEL_CHARS:]):
                    yield Candidate(day, "dateline", "updated-dateline", True, other_reading=other_reading)
                else:
                    yield Candidate(day, "dateline", rule, False, other_reading=other_reading)
                    return
            if tried >= _MAX_DATES_TRIED:
                return
        previous = stripped
        reach -= len(stripped)
        if reach <= 0:
            return


def _machine_day_differs(owner, day: str, rules: DateRules) -> bool:
    """The text of a ``<time>`` whose ``datetime`` names another day, more than a day's time
    zones apart ("August 28, 2024" in ``<time datetime="2024-12-20">``): the time reading
    takes the day the markup declares; the text is no dateline of its own."""
    if owner.tag != "time" or not owner.get("datetime"):
        return False
    declared = parse_day(owner.get("datetime"), rules)
    return bool(declared) and abs((date.fromisoformat(declared) - date.fromisoformat(day)).days) > 1


def date_elements(facts: PageFacts, headline, rules: DateRules) -> Iterator[Candidate]:
    """The first short element whose class or id says it holds the date ("post-date",
    "article__dateline") and whose text is a date standing alone, outside listings."""
    story = story_of(headline)
    listed = _listed_classes(facts.dated)
    for _, el in facts.dated[:_MAX_DATED]:
        text = " ".join(el.text_content().split())
        if not text or len(text) > _MAX_DATED_CHARS or not HAS_YEAR.search(text) or el.get("class") in listed:
            continue
        found = rules.pattern.search(text)
        if not found or _other_event(text[:found.start()], rules.other):
            continue
        if _in_listing(el, story):
            continue
        day = written_day(found, rules.months)
        if day:
            modified = bool(rules.modified_label.search(text[:found.start()][-_LABEL_CHARS:]))
            yield Candidate(day, "dateline", "updated-dateline" if modified else "date-element", modified,
                            other_reading=month_first(found))
            if not modified:
                return


def _listed_classes(dated) -> FrozenSet[str]:
    """The classes of date-marked elements that come :data:`_LISTED` times or more with
    different texts: a list of stories, each with its date ("article-item__date" in a
    slider of other posts), not the story's own dateline."""
    texts: Dict[str, Set[str]] = {}
    counts: Dict[str, int] = {}
    for _, el in dated:
        cls = el.get("class")
        if cls:
            counts[cls] = counts.get(cls, 0) + 1
            texts.setdefault(cls, set()).add(" ".join(el.text_content().split()))
    return frozenset(c for c, n in counts.items() if n >= _LISTED and len(texts[c]) > 1)


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


def _dated_entry(owner, pattern) -> bool:
    """A date in an item of a list of which two other items open with a date: an entry of
    a change log or of a list of posts ("2022-04-12 Link to ..."), not the dateline."""
    item = next((el for el in chain((owner,), owner.iterancestors()) if el.tag == "li"), None)
    if item is None:
        return False
    dated = 0
    near = chain(islice(item.itersiblings("li", preceding=True), _NEAR_ITEMS),
                 islice(item.itersiblings("li"), _NEAR_ITEMS))
    for sibling in near:
        found = pattern.match(" ".join(sibling.text_content()[:4 * _MAX_AROUND].split())[:_MAX_AROUND])
        dated += found is not None
        if dated >= _DATED_ENTRIES:
            return True
    return False


def _other_event(before: str, other: FrozenSet[str]) -> bool:
    """A date given as another event's ("Deadline: ...", "bis ...") or in a photo credit."""
    words = before.replace(":", " ").split()
    return bool(words) and words[-1].casefold() in other or "©" in before
