"""The publication date of an HTML page, where it came from, and its last change.

Each place a page states a date gives a candidate (:class:`Candidate`: the
day, its source, whether it is a last change): the URL's path, the
published-time meta tags, JSON-LD's ``datePublished`` / ``dateModified``,
the first ``<time>`` after the headline, the dateline a reader sees under
the headline ("Von Jana Kühn | 02.11.2023", "Updated Mar 12, 2020"), an
element whose class says it holds the date, a generic ``date`` meta tag.
:func:`choose` takes the first publication candidate in :data:`ORDER`;
htmldate searches the page only when none is found (it costs more than all
the rest). A date labelled as the last change ("Updated", "Aktualisiert")
or equal to the page's declared ``dateModified`` is ``date_modified``, and
the date only when the page states no other. No date is later than the
page's own last change, or than ``latest`` (the crawl day, when known).
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import chain
from typing import Any, Callable, Dict, FrozenSet, Iterator, List, NamedTuple, Optional, Sequence, Tuple

from .days import HAS_YEAR, DateRules, month_first, packaged_rules, parse_day, url_day, written_day
from .facts import PageFacts
from .jsonld import LinkedData


# meta tags that name the publication time; any other whose name says "publish" counts too
_PUBLISHED_META = frozenset({"article:published_time", "og:article:published_time", "datepublished",
                             "parsely-pub-date", "sailthru.date", "publish-date", "publishdate", "pubdate",
                             "dc.date.issued", "dcterms.issued", "published_time", "article.published",
                             "date.published", "publication_date", "article_date_original"})
_MODIFIED_META = frozenset({"article:modified_time", "og:updated_time", "datemodified", "last-modified",
                            "dc.date.modified", "dcterms.modified", "article.updated", "modified_time",
                            "updated_time", "lastmod", "date.modified"})
_WEAK_META = frozenset({"date", "dc.date", "dcterms.date", "dc.date.created", "dcterms.created", "created",
                        "citation_publication_date", "citation_date", "citation_online_date"})

# containers of other stories' (or comments') dates
_LISTING_TAGS = frozenset({"nav", "aside", "footer"})
_LISTING_NAMES = re.compile(r"related|menu|sidebar|widget|comment|recommend", re.IGNORECASE)
_MAX_TIMES = 20
_CHANGED_NAMES = re.compile(r"updated|modified", re.IGNORECASE)
_PUBLISHED_NAMES = re.compile(r"publish|entry-date|created", re.IGNORECASE)

# The visible dateline: how far after the headline it may stand, and what makes a date stand alone.
_DATELINE_REACH = 1000       # characters of text after the headline
_PAGE_REACH = 30000          # characters of the page's text read for a date when nothing else gives one
_MAX_DATES_TRIED = 10        # dates in that text weighed (each may read its block's text)
_MAX_AROUND = 30             # a text of its own: the date plus at most this many characters
_MAX_PREFIX = 30             # or near the start of its block, followed by a separator ...
_MAX_WORDS_AROUND = 6        # ... or with at most this many words around it (a sentence has more)
_LABEL_CHARS = 40             # how much text before a date may hold its label ("Last updated on")
_MAX_DATED = 12              # date-marked elements read
_MAX_DATED_CHARS = 80        # a date-marked element with more text is a sentence or a list
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

SOURCES = ("json-ld", "meta", "time", "dateline", "url", "htmldate")


class Candidate(NamedTuple):
    """One date the page states."""

    day: str          # YYYY-MM-DD
    source: str       # one of SOURCES
    rule: str         # which reading found it ("url-path", "published-meta", "first-time", ...)
    modified: bool    # stated as the last change, not the publication
    local: bool = True  # the day as the page's readers saw it: not a UTC (or zone-less) time stamp
    other_reading: Optional[str] = None  # "09.10.2024" read month first (2024-09-10), where that is a day too


class PageDates(NamedTuple):
    date: Optional[str]
    source: Optional[str]
    modified: Optional[str]


# The readings in the order they are trusted for the publication day. A URL's date path is
# written when the story is filed; the published-time meta tags are the CMS's record; the
# visible time and dateline are what readers take for the date. Then, when the page states
# no publication, what it shows as its last change, a generic "date" meta tag (often the
# day the page was generated), and the declared last change.
PUBLICATION = ("dateline", "published-meta", "first-time", "url-path", "date-element", "json-ld-published")
ORDER = ("dateline", "published-meta", "first-time", "url-path", "date-element", "json-ld-published",
         "updated-dateline", "date-meta", "modified-time", "json-ld-modified", "modified-meta")


def page_dates(tree, facts: PageFacts, linked: LinkedData, headline, url: Optional[str],
               rules: Optional[DateRules] = None, latest: Optional[str] = None,
               extensive: bool = False) -> PageDates:
    """The page's publication day, its source and its last change (each None when unknown).

    ``headline`` is the page's headline element, after which times and the
    visible dateline are looked for; ``latest`` the latest day a date may be
    (the crawl day), if known.
    """
    rules = rules or packaged_rules()
    candidates = _as_declared(list(candidates_of(facts, linked, headline, url, rules)))
    declared_modified = [c.day for c in candidates if c.modified and c.source in ("json-ld", "meta")]
    # the last change bounds the publication (unless the page gives it before every publication it
    # declares; where two declared publications disagree, the one after the last change is the
    # page's generation time)
    declared_published = [c.day for c in candidates if not c.modified and c.source in ("json-ld", "meta")]
    changed = max(declared_modified, default="")
    if changed and changed < min(declared_published, default=""):
        changed = ""
    if changed:  # a day's slack: the last change may be given as a UTC time stamp
        changed = (date.fromisoformat(changed) + timedelta(days=1)).isoformat()
    bound = min(d for d in (changed, latest or "", "9999-12-31") if d)
    candidates = [c for c in candidates if c.day <= bound]
    chosen = choose(candidates, declared_modified, lambda: _time_days(facts, rules))
    if chosen is None:
        body = tree.find("body")
        chosen = next(_standing_dates(text_of(body) if body is not None else iter(()), rules, _PAGE_REACH,
                                      "page-date"), None)
        if chosen is not None and chosen.day > bound:
            chosen = None
    if chosen is None:
        day = _htmldate(tree, url, latest or (max(declared_modified) if declared_modified else None), extensive)
        chosen = Candidate(day, "htmldate", "htmldate", False) if day else None
    modified = next((c.day for c in candidates if c.modified), None)
    if chosen is not None and modified is not None and modified < chosen.day:
        modified = None
    return PageDates(chosen.day if chosen else None, chosen.source if chosen else None, modified)


def _time_days(facts: PageFacts, rules: DateRules) -> FrozenSet[str]:
    """The days the page's first ``<time>`` elements give, wherever they stand."""
    values = (el.get("datetime") or el.get("content") or el.text_content() for _, el in facts.times[:_MAX_TIMES])
    return frozenset(filter(None, (parse_day(v, rules) for v in values)))


def choose(candidates: Sequence[Candidate], declared_modified: Sequence[str],
           times: Callable[[], FrozenSet[str]] = frozenset) -> Optional[Candidate]:
    """The publication day most readings agree on (each of :data:`PUBLICATION` counts
    once), a tie going to the more trusted reading; else the first other candidate in
    :data:`ORDER`.

    First, a page whose only visible date is its last change ("Updated Dec 4, 2025"),
    its publication declared in JSON-LD alone, is dated by what it shows (see
    :func:`_shown_change`; ``times()`` gives the days of all the page's ``<time>``
    elements, wherever they stand, read only for such a page). A visible date equal to the declared last change still
    counts for the publication: skipping it where a published-time meta tag gives
    another day won 2 wcxb-dev articles and lost 3."""
    shown_change = _shown_change(candidates, times)
    if shown_change is not None:
        return shown_change
    votes: Dict[str, set] = {}
    for c in candidates:
        if c.rule not in PUBLICATION:
            continue
        votes.setdefault(c.day, set()).add(c.rule)
    if votes:
        day = max(votes, key=lambda d: (len(votes[d]), -min(ORDER.index(r) for r in votes[d])))
        best = min((c for c in candidates if c.day == day and c.rule in votes[day]), key=lambda c: ORDER.index(c.rule))
        return _local_day(best, candidates)
    for rule in ORDER[len(PUBLICATION):]:
        for c in candidates:
            if c.rule == rule:
                return c
    return None


def _shown_change(candidates: Sequence[Candidate], times: Callable[[], FrozenSet[str]]) -> Optional[Candidate]:
    """The last change the page shows under its headline, later than a publication that
    JSON-LD alone declares (no meta tag, no visible date, no date in the URL, no <time>
    anywhere on the page saying it, such as one above the headline): readers see
    and cite the shown day. (wcxb-dev articles: the gold is the shown change on 13 such
    pages, the JSON-LD publication on 1; with a published-time meta tag it is the
    publication on 15 pages, the shown change on 2, so there the publication stays.)"""
    published = [c for c in candidates if c.rule in PUBLICATION]
    if not published or any(c.rule != "json-ld-published" for c in published):
        return None
    first = min(c.day for c in published)
    if first in times():
        return None
    return next((c for c in candidates if c.rule in ("updated-dateline", "modified-time") and c.day > first), None)


def _local_day(chosen: Candidate, candidates: Sequence[Candidate]) -> Candidate:
    """A UTC time stamp names the UTC day; the time or dateline shown under the headline
    one day off names the readers' day ("2021-11-04T23:00Z" shown as 05.11.2021)."""
    if chosen.local:
        return chosen
    for c in candidates:
        if c.rule in ("first-time", "dateline", "date-element") and _one_day_apart(c.day, chosen.day):
            return c
    return chosen


def _one_day_apart(a: str, b: str) -> bool:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) == 1


def candidates_of(facts: PageFacts, linked: LinkedData, headline, url: Optional[str],
                  rules: DateRules) -> Iterator[Candidate]:
    """Every date the page states, each reading's in page order."""
    offset = _site_offset(url, rules)
    if url:
        day = url_day(url)
        if day:
            yield Candidate(day, "url", "url-path", False)
    for key, content in facts.meta:
        if key in _PUBLISHED_META or ("publish" in key and "modif" not in key and "update" not in key):
            rule, modified = "published-meta", False
        elif key in _MODIFIED_META or "modif" in key or "update" in key:  # "modified-date", "date-updated"
            rule, modified = "modified-meta", True
        elif key in _WEAK_META:
            rule, modified = "date-meta", False
        else:
            continue
        day = parse_day(content, rules)
        if day:
            yield _stamped("meta", rule, modified, day, content, offset)
    for value, modified in ((linked.published, False), (linked.modified, True)):
        day = parse_day(value, rules) if value else None
        if day:
            yield _stamped("json-ld", "json-ld-modified" if modified else "json-ld-published", modified, day,
                           value, offset)
    yield from _times(facts, headline, rules, offset)
    anchor = headline if headline is not None else next((p.element for p in facts.headings), None)
    if anchor is not None:
        yield from _visible_dateline(anchor, rules)
    yield from _date_elements(facts, headline, rules)


_TIME_OF_DAY = re.compile(r"[T ](\d\d):\d\d")
_LOCAL_OFFSET = re.compile(r"[+-](?!00:?00)\d\d:?\d\d\s*$")
_SAME_DAY_HOURS = range(4, 20)  # a UTC time of day that is the same day from UTC-4 to UTC+4


_UTC_TIME = re.compile(r"(?<!\d)(\d\d):\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|GMT|UTC|[+-]00:?00)\s*$", re.IGNORECASE)


def _site_offset(url: Optional[str], rules: DateRules) -> Optional[int]:
    """The offset from UTC of the country the site's top-level domain names, if listed."""
    if not url or not rules.utc_offsets:
        return None
    host = url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return rules.utc_offsets.get(host.rsplit(".", 1)[-1].casefold())


def _stamped(source: str, rule: str, modified: bool, day: str, value: str, offset: Optional[int]) -> Candidate:
    """A declared date's candidate: a UTC time stamp near midnight as the day in the site's
    country ("2022-11-06T23:00:00Z" on a .de site is the 7th; "Wed, 04 May 2022 00:25:56
    GMT" on a .ar site the 3rd), when that is the day in summer time (an hour more) too."""
    found = _UTC_TIME.search(value[:40]) if offset else None
    if found:
        hour = int(found.group(1))
        shift = 1 if offset > 0 and hour + offset >= 24 else -1 if offset < 0 and hour + offset + 1 < 0 else 0
        if shift:
            return Candidate((date.fromisoformat(day) + timedelta(days=shift)).isoformat(), source, rule, modified)
    return Candidate(day, source, rule, modified, _local(value))


def _local(value: str) -> bool:
    """A date alone, a time stamp with a non-zero UTC offset, or a UTC time far enough from
    midnight that the day is the same where most of the web's readers live: the day
    where it was written. ("2021-11-04T23:00Z" may be the 5th where it was written.)"""
    value = value.strip()
    found = _TIME_OF_DAY.search(value[:20])
    return not found or int(found.group(1)) in _SAME_DAY_HOURS or bool(_LOCAL_OFFSET.search(value))


def _htmldate(tree, url: Optional[str], latest: Optional[str], extensive: bool) -> Optional[str]:
    from htmldate import find_date

    try:
        kwargs = {"max_date": latest} if latest else {}
        return find_date(tree, url=url, original_date=True, extensive_search=extensive, **kwargs)
    except Exception:  # htmldate raises on some malformed dates; the date is optional
        return None


def _times(facts: PageFacts, headline, rules: DateRules, offset: Optional[int] = None) -> Iterator[Candidate]:
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
            yield _stamped("time", "modified-time", True, day, value, offset)
            continue
        if position < start and not _heads_story(el, around_headline) or first_found:
            continue
        looked += 1
        if looked > _MAX_TIMES:  # a page of dates (an archive, or hostile markup): none is read
            return
        if _in_listing(el, story, with_self=False):
            continue
        first_found = True
        yield _stamped("time", "first-time", False, day, value, offset)


_STORY_HEADS = frozenset({"header", "article"})


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


def _visible_dateline(headline, rules: DateRules) -> Iterator[Candidate]:
    """The first date standing on its own in the text after ``headline``: the byline's
    "29.04.2020, 12:01 Uhr", a "Stand: 28.04.2020", "20.12.2022" in an element of its
    own; not a date inside a sentence ("the next meeting is on 5 February 2020 at 7").
    A date labelled as the last change comes as such, and the search goes on."""
    return _standing_dates(text_after(headline), rules, _DATELINE_REACH, "dateline")


def _standing_dates(texts: Iterator[Tuple[str, Any]], rules: DateRules, reach: int,
                    rule: str) -> Iterator[Candidate]:
    """The dates standing on their own in ``texts`` (see :func:`_visible_dateline`), up to
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
            if day and not _other_event(before, other) and _stands_alone(found, stripped, owner):
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


def _date_elements(facts: PageFacts, headline, rules: DateRules) -> Iterator[Candidate]:
    """The first short element whose class or id says it holds the date ("post-date",
    "article__dateline") and whose text is a date standing alone, outside listings."""
    story = story_of(headline)
    for _, el in facts.dated[:_MAX_DATED]:
        text = " ".join(el.text_content().split())
        if not text or len(text) > _MAX_DATED_CHARS or not HAS_YEAR.search(text):
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


def _as_declared(candidates: List[Candidate]) -> List[Candidate]:
    """A shown date read month first where only that reading is a day the page declares
    (JSON-LD or a meta tag): "09.10.2024" beside datePublished 2024-09-10."""
    declared = {c.day for c in candidates if c.source in ("json-ld", "meta")}
    return [c._replace(day=c.other_reading) if c.other_reading in declared and c.day not in declared else c
            for c in candidates]


def as_records(candidates: List[Candidate]) -> List[Dict[str, Any]]:  # for `cleaner explain`-like debugging
    return [c._asdict() for c in candidates]
