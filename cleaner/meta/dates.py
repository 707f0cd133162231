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

The candidates come from :mod:`cleaner.meta.declareddates` (what the markup declares
for machines) and :mod:`cleaner.meta.showndates` (what the page shows its readers);
this module chooses among them.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Callable, Dict, FrozenSet, Iterator, List, NamedTuple, Optional, Sequence

from .days import DateRules, packaged_rules, parse_day
from .declareddates import SOURCES, Candidate, declared_candidates, site_offset  # noqa: F401  (imported from here)
from .facts import PageFacts
from .jsonld import LinkedData
from .showndates import (  # noqa: F401  (imported from here)
    MAX_TIMES, PAGE_REACH, block_of, date_elements, standing_dates, story_of, text_after, text_of, time_candidates,
    visible_dateline)


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
        chosen = next(standing_dates(text_of(body) if body is not None else iter(()), rules, PAGE_REACH,
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
    values = (el.get("datetime") or el.get("content") or el.text_content() for _, el in facts.times[:MAX_TIMES])
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
    another day won 2 wcxb-dev articles and lost 3; it loses a tie only when one reading
    alone gives it (see :func:`_lone_shown_changes`)."""
    shown_change = _shown_change(candidates, times)
    if shown_change is not None:
        return shown_change
    votes: Dict[str, set] = {}
    for c in candidates:
        if c.rule not in PUBLICATION:
            continue
        votes.setdefault(c.day, set()).add(c.rule)
    if votes:
        changes = _lone_shown_changes(votes, candidates, declared_modified)
        day = max(votes, key=lambda d: (len(votes[d]), d not in changes, -min(ORDER.index(r) for r in votes[d])))
        best = min((c for c in candidates if c.day == day and c.rule in votes[day]), key=lambda c: ORDER.index(c.rule))
        return _local_day(best, candidates)
    for rule in ORDER[len(PUBLICATION):]:
        for c in candidates:
            if c.rule == rule:
                return c
    return None


_DECLARED = frozenset({"published-meta", "json-ld-published", "url-path"})


def _lone_shown_changes(votes: Dict[str, set], candidates: Sequence[Candidate],
                        declared_modified: Sequence[str]) -> FrozenSet[str]:
    """The days only one visible reading gives, each the declared last change, on a page
    with a published-time meta tag: the change shown as the date ("Nov 3, 2025" under
    the headline, dateModified 2025-11-03), which loses a tie to the publication the CMS
    recorded. (wcxb-dev articles: 2 right, none wrong; first dev set: 1 right. Where the
    publication is declared in JSON-LD alone, the shown date is the gold on such ties
    (3 wcxb-dev articles, 2 first-dev-set pages); where two readings give it (a date in
    an element marked as the date), on two-to-two ties (1 page each): both keep it.)"""
    if not any(c.rule == "published-meta" for c in candidates):
        return frozenset()
    return frozenset(d for d, rules in votes.items()
                     if d in declared_modified and len(rules) == 1 and not rules & _DECLARED)


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
    offset = site_offset(url, rules)
    yield from declared_candidates(facts, linked, url, rules, offset)
    yield from time_candidates(facts, headline, rules, offset)
    anchor = headline if headline is not None else next((p.element for p in facts.headings), None)
    if anchor is not None:
        yield from visible_dateline(anchor, rules)
    yield from date_elements(facts, headline, rules)


def _htmldate(tree, url: Optional[str], latest: Optional[str], extensive: bool) -> Optional[str]:
    from htmldate import find_date

    try:
        kwargs = {"max_date": latest} if latest else {}
        return find_date(tree, url=url, original_date=True, extensive_search=extensive, **kwargs)
    except Exception:  # htmldate raises on some malformed dates; the date is optional
        return None


def _as_declared(candidates: List[Candidate]) -> List[Candidate]:
    """A shown date read month first where only that reading is a day the page declares
    (JSON-LD or a meta tag): "09.10.2024" beside datePublished 2024-09-10."""
    declared = {c.day for c in candidates if c.source in ("json-ld", "meta")}
    return [c._replace(day=c.other_reading) if c.other_reading in declared and c.day not in declared else c
            for c in candidates]


def as_records(candidates: List[Candidate]) -> List[Dict[str, Any]]:  # for `cleaner explain`-like debugging
    return [c._asdict() for c in candidates]
