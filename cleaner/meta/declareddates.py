"""The dates a page declares for machines, as candidates: the day in its URL's path,
its meta tags' and JSON-LD's publication and last change, each a :class:`Candidate`
(the day, its source, whether it is a last change). A UTC time stamp near midnight
is read as the day in the site's country.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Iterator, NamedTuple, Optional

from .days import DateRules, parse_day, url_day
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
_LAST_PUBLISHED = re.compile(r"last[\W_]?publish")  # the latest (re)publication: a last change
_WEAK_META = frozenset({"date", "dc.date", "dcterms.date", "dc.date.created", "dcterms.created", "created",
                        "citation_publication_date", "citation_date", "citation_online_date"})

SOURCES = ("json-ld", "meta", "time", "dateline", "url", "htmldate")


class Candidate(NamedTuple):
    """One date the page states."""

    day: str          # YYYY-MM-DD
    source: str       # one of SOURCES
    rule: str         # which reading found it ("url-path", "published-meta", "first-time", ...)
    modified: bool    # stated as the last change, not the publication
    local: bool = True  # the day as the page's readers saw it: not a UTC (or zone-less) time stamp
    other_reading: Optional[str] = None  # "09.10.2024" read month first (2024-09-10), where that is a day too



def declared_candidates(facts: PageFacts, linked: LinkedData, url: Optional[str], rules: DateRules,
                        offset: Optional[int]) -> Iterator[Candidate]:
    """The dates of the URL's path, the meta tags and JSON-LD, each reading's in page order;
    ``offset``: the site's hours from UTC (:func:`site_offset`), if known."""
    if url:
        day = url_day(url)
        if day:
            yield Candidate(day, "url", "url-path", False)
    for key, content in facts.meta:
        # "modified-date", "date-updated", "last_published"
        changed = "modif" in key or "update" in key or bool(_LAST_PUBLISHED.search(key))
        if key in _PUBLISHED_META or ("publish" in key and not changed):
            rule, modified = "published-meta", False
        elif key in _MODIFIED_META or changed:
            rule, modified = "modified-meta", True
        elif key in _WEAK_META:
            rule, modified = "date-meta", False
        else:
            continue
        day = parse_day(content, rules)
        if day:
            yield stamped("meta", rule, modified, day, content, offset)
    for value, modified in ((linked.published, False), (linked.modified, True)):
        day = parse_day(value, rules) if value else None
        if day:
            yield stamped("json-ld", "json-ld-modified" if modified else "json-ld-published", modified, day,
                          value, offset)


_TIME_OF_DAY = re.compile(r"[T ](\d\d):\d\d")
_LOCAL_OFFSET = re.compile(r"[+-](?!00:?00)\d\d:?\d\d\s*$")
_SAME_DAY_HOURS = range(4, 20)  # a UTC time of day that is the same day from UTC-4 to UTC+4


_UTC_TIME = re.compile(r"(?<!\d)(\d\d):\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|GMT|UTC|[+-]00:?00)\s*$", re.IGNORECASE)


def site_offset(url: Optional[str], rules: DateRules) -> Optional[int]:
    """The offset from UTC of the country the site's top-level domain names, if listed."""
    if not url or not rules.utc_offsets:
        return None
    host = url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return rules.utc_offsets.get(host.rsplit(".", 1)[-1].casefold())


def stamped(source: str, rule: str, modified: bool, day: str, value: str, offset: Optional[int]) -> Candidate:
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
