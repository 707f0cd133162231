"""Days as pages write them: a machine-written or written date read as its day.

The patterns of dates (ISO days, "2022/05/10", a URL's /2021/11/04/, a written
date in the common European and American forms with the month names of
datelines.txt) and :class:`DateRules`, built from the rule files. What a page's
date *is* (which of its dates is the publication) is :mod:`cleaner.meta.dates`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Dict, FrozenSet, Optional, Sequence

from ..rules import DATELINE_SECTIONS, METADATA_SECTIONS, PACKAGE_RULES, RuleSet, alternation, parse_rule_file

_WEB_YEAR = r"(?:199[5-9]|20\d\d)"  # the web's years


_ISO_DAY = re.compile(rf"\s*({_WEB_YEAR})-([01]\d)-([0-3]\d)(?![\d])")


_YEAR_FIRST = re.compile(rf"\s*({_WEB_YEAR})[-/.]([01]?\d)[-/.]([0-3]?\d)(?![\d])")  # "2022-5-5", "2022/05/10"


_URL_DAY = re.compile(rf"/({_WEB_YEAR})/([01]?\d)/([0-3]?\d)(?:/|$)|[/_-]({_WEB_YEAR})-([01]\d)-([0-3]\d)(?=[/_.-]|$)")


HAS_YEAR = re.compile(rf"(?<!\d){_WEB_YEAR}(?!\d)")  # no date without one: a cheap test first


@dataclass(frozen=True)
class DateRules:
    """The written-date pattern and the words around dates, from datelines.txt and metadata.txt."""

    pattern: re.Pattern
    months: Dict[str, int]        # month name (folded) -> its number
    other: FrozenSet[str]         # words that put another event's date after them ("Deadline:", "bis")
    modified_label: re.Pattern    # a last-change label just before a date ("Updated", "Aktualisiert am")
    utc_offsets: Dict[str, int] = None  # top-level domain -> its country's standard offset from UTC, hours
    published_label: Optional[re.Pattern] = None  # a publication label just before a date ("Published")


def parse_day(value: Optional[str], rules: DateRules) -> Optional[str]:
    """The day of a machine-written or written date: ISO, "13/11/2025" (where the order
    is not in doubt), "Feb 08, 2022", "13. Oktober 2021".

    >>> parse_day("2024-03-05T00:30:00+02:00", packaged_rules())
    '2024-03-05'
    >>> parse_day("Thu, 09/25/2025 - 11:38", packaged_rules())
    '2025-09-25'
    """
    if not value or not HAS_YEAR.search(value):
        return None
    found = _ISO_DAY.match(value) or _YEAR_FIRST.match(value)
    if found:
        return _valid(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    written = rules.pattern.search(value)
    return written_day(written, rules.months) if written else None


def _valid(year: int, month: int, day: int) -> Optional[str]:
    try:
        return date(year, month, day).isoformat()
    except ValueError:  # 31.02., a month number over 12
        return None


def url_day(url: str) -> Optional[str]:
    found = _URL_DAY.search(url.split("?", 1)[0])
    if not found:
        return None
    y, m, d = (int(g) for g in (found.groups()[:3] if found.group(1) else found.groups()[3:]))
    return _valid(y, m, d)


def prepare(rules: RuleSet) -> DateRules:
    """The date rules of a rule set: the packaged datelines.txt and metadata.txt and the user's copies."""
    return _build(rules.datelines["months"], rules.datelines.get("other-dates", []),
                  rules.metadata.get("date.modified", []), rules.metadata.get("date.utc-offsets", []),
                  rules.metadata.get("date.published", []))


@lru_cache(maxsize=1)
def packaged_rules() -> DateRules:
    """The packaged rule files alone, read once: for callers without a rule set."""
    sections = parse_rule_file(PACKAGE_RULES / "datelines.txt", DATELINE_SECTIONS)
    metadata = parse_rule_file(PACKAGE_RULES / "metadata.txt", METADATA_SECTIONS)
    return _build(sections["months"], sections["other-dates"], metadata["date.modified"],
                  metadata.get("date.utc-offsets", []), metadata.get("date.published", []))


def _build(month_entries: Sequence[Any], other_entries: Sequence[Any], modified_entries: Sequence[Any],
           offset_entries: Sequence[Any] = (), published_entries: Sequence[Any] = ()) -> DateRules:
    """A written date in the common European and American forms, with the month names
    of datelines.txt: 13.10.2021, 2021-10-13 (or 2021.10.13), 13. Oktober 2021, 13-Oct-2021, 6 de mayo de 2022,
    October 13, 2021, 2/24/2026. Not the end of a range ("9-23 Feb 2017")."""
    months = {e.value.casefold(): int(e.right) for e in month_entries}
    other = frozenset(e.value.casefold() for e in other_entries)
    names = alternation(month_entries, "months")
    year = f"({_WEB_YEAR})"
    pattern = re.compile(
        r"(?<![\d.\-–])(?:"
        rf"(\d{{1,2}})\.[ ]?(\d{{1,2}})\.[ ]?{year}(?!\d)"
        rf"|{year}[-.](\d\d)[-.](\d\d)(?!\.?\d)"
        rf"|(\d{{1,2}})(?:\.?[ ]+(?:de[ ]+)?|-)({names})(?:\.?,?[ ]+(?:de[ ]+)?|-){year}(?!\d)"
        rf"|({names})\.?[ ]+(\d{{1,2}})(?:st|nd|rd|th)?,?[ ]+{year}(?!\d)"
        rf"|(?<![\d/])(\d{{1,2}})/(\d{{1,2}})/{year}(?![\d/])"
        r")", re.IGNORECASE)
    modified_label = _label(modified_entries, "date.modified")
    offsets = {e.value.casefold().lstrip("."): int(e.right) for e in offset_entries}
    return DateRules(pattern, months, other, modified_label, offsets,
                     _label(published_entries, "date.published") if published_entries else None)


def _label(entries: Sequence[Any], section: str) -> re.Pattern:
    """One of the section's labels at the end of a text, with "on", "am", "le" ... or a colon after it."""
    labels = alternation(entries, section)
    return re.compile(rf"(?<!\w)(?:{labels})\W*(?:on|am|le|el|il|em|:)?\W*$", re.IGNORECASE)


def month_first(found) -> Optional[str]:
    """The other reading of a dotted day-first date whose day could be a month
    ("09.10.2024": 9 October, or 10 September as a US site writes it)."""
    g = found.groups()
    if not g[0] or int(g[0]) > 12 or int(g[1]) > 12 or int(g[0]) == int(g[1]):
        return None
    return _valid(int(g[2]), int(g[0]), int(g[1]))


def written_day(found, months: Dict[str, int]) -> Optional[str]:
    g = found.groups()
    try:
        if g[0]:
            day, month, year = int(g[0]), int(g[1]), int(g[2])
        elif g[3]:
            year, month, day = int(g[3]), int(g[4]), int(g[5])
        elif g[6]:
            day, month, year = int(g[6]), months[g[7].casefold()], int(g[8])
        elif g[9]:
            month, day, year = months[g[9].casefold()], int(g[10]), int(g[11])
        else:  # 2/24/2026 or 24/2/2026: read only where the order is not in doubt
            first, second, year = int(g[12]), int(g[13]), int(g[14])
            if (first > 12) == (second > 12):
                return None
            day, month = (first, second) if first > 12 else (second, first)
        return date(year, month, day).isoformat()
    except (ValueError, KeyError):  # 31.02., a month number over 12
        return None
