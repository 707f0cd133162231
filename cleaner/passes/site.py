"""Pass `site-boilerplate`: the lines a site repeats on its pages (learned, cleaner/sites.py).

It acts only when the document's site has a learned profile (`Config(site_rule_dirs=...)`,
a corpus run's phase 1) and the caller named the site, or an HTML page declared its URL.
A line goes when its folded form stands on at least K distinct pages of the site and a
share S of them. A line that reads as prose (a sentence), or that stands inside or
just above the page's own prose, needs ``prose_factor`` times that evidence; a byline
or sign-off, a short date line and a subheading between two of the page's paragraphs
stay (what a site repeats in every story is still the story's). A page
whose every line the site repeats keeps them all: that page is the site's template,
not a story with debris. It runs first of the line passes (config.PASS_ORDER).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Dict, NamedTuple, Optional, Sequence

from ..document import Line, PassResult, drop_lines
from ..letters import CAPITAL
from ..meta.days import DateRules, parse_day
from ..meta.days import prepare as prepare_dates
from ..sites import RULE, SiteProfile, SiteRules, fold, host_of
from .shape import ends_like_sentence

PROSE_WORDS = 8       # a line of this many words ending like a sentence reads as prose
BYLINE_WORDS = 10     # a byline is short
TITLE_WORDS = 3       # a line of this many words that the page's title holds is its headline
HEADING_REACH = 2     # a line this close above a line of the page's own prose may be its headline
STORY_REACH = 3       # a line with the page's own prose this close before and after it is inside the story
# "By Jane Doe", "Post written by Leo", "von Anna", "par Jean", "por Ana": a label, then a capitalised name
_BYLINE = re.compile(rf"(?:^|\s)(?:[Bb]y|BY|[Vv]on|[Pp]ar|[Pp]or|[Dd]i|[Dd]oor)\s+[{CAPITAL}][\w.'-]*")
# "– Jane Doe" under the story's last paragraph: the author's sign-off, a byline
_SIGN_OFF = re.compile(rf"(?<![–—-])[–—-]+\s*[{CAPITAL}][\w.'-]*(?:\s+[{CAPITAL}][\w.'-]*){{1,3}}")
# "Jane Doe" alone under the headline: a byline without its label (a name: two to four
# capitalised words of letters, "J." initials)
_NAME = re.compile(rf"[{CAPITAL}][^\W\d_]*\.?(?:[ '-][{CAPITAL}][^\W\d_]*\.?){{1,3}}")
HEADING_WORDS = 8     # a subheading inside the story is short
DATE_LINE_WORDS = 8   # "- November 6, 2012 |", "Posted on March 3, 2012": the page's own date


class SiteRulesAndDates(NamedTuple):
    sites: SiteRules
    dates: DateRules  # a line that holds a date is the page's


def prepare(rules, config=None, site_rules: Optional[SiteRules] = None) -> Optional[SiteRulesAndDates]:
    """The Cleaner's site rules (``Config.site_rule_dirs`` and those it was given) and the
    date rules; None when there are no site rules."""
    if not site_rules:
        return None
    return SiteRulesAndDates(site_rules, prepare_dates(rules))


def document_site(meta: dict) -> str:
    return meta.get("site") or host_of(meta.get("url"))


def run(lines: Sequence[Line], prepared: Optional[SiteRulesAndDates], meta: dict) -> PassResult:
    if not prepared or not lines:
        return PassResult(list(lines))
    site = document_site(meta)
    profile = prepared.sites.get(site) if site else None
    if profile is None:
        return PassResult(list(lines))
    return drop_lines(lines, site_marks(lines, profile, meta.get("title"), prepared.dates), RULE)


def site_marks(lines: Sequence[Line], profile: SiteProfile, title_text: Optional[str] = None,
               date_rules=None) -> Dict[int, str]:
    """Index -> reason of the lines the site repeats (none when that would be every line).

    A byline stays (the cleaner keeps bylines; a one-author blog repeats its own; so
    does a sign-off, "– Jane Doe" under the story, and a name alone under the
    headline), and so does the page's headline: a
    line the page's title holds (``title_text``, else the first line, where a whole
    page's text has its ``<title>``), a short line that holds a date (the page's own:
    pages of one day share it; ``date_rules``, meta.dates) and a subheading the site
    gives every story ("What's the idea?" between two of the page's paragraphs).
    More evidence is asked of a line inside the story (the page's own prose stands
    close before and after it: a recurring subheading, a note the story carries), just
    above the page's own prose (the headline, which other pages list as a teaser) and
    of a line that reads as prose (a sentence: a comment policy, a disclaimer the
    gold may count as the story's). Measured on sites-dev, asking it of every
    sentence kept more of the story than asking it only of a sentence in the page's
    own words (html-text F1 +0.083, R -0.012 against +0.076, R -0.025).
    """
    keys = [fold(line.text) for line in lines]
    candidates = [i for i, k in enumerate(keys) if k in profile.lines]
    if not candidates:
        return {}
    skip = set(candidates)
    story = [i for i, line in enumerate(lines) if i not in skip and len(line.text.split()) >= PROSE_WORDS]
    title = f" {fold(title_text or lines[0].text)} "
    paragraphs = {i for i in story if ends_like_sentence(lines[i].text)}
    headlines = {i for i in range(1, len(lines)) if keys[i].count(" ") >= TITLE_WORDS - 1 and f" {keys[i]} " in title}
    marks = {}
    for i in candidates:
        if i in headlines:
            continue  # this page's headline, which the site's other pages list as a teaser
        if i - 1 in headlines and _NAME.fullmatch(lines[i].text.strip()):
            continue  # its author's name under it
        if _the_pages_own(i, lines, paragraphs, date_rules):
            continue
        n = profile.evidence(keys[i], _by_the_story(i, story) or _reads_as_prose(lines[i].text))
        if n is not None:
            marks[i] = f"on {n} of {profile.pages} pages of {profile.site}"
    if len(marks) == len(lines):
        return {}
    return marks


def _the_pages_own(i: int, lines: Sequence[Line], paragraphs: set, date_rules) -> bool:
    """A byline or sign-off, a date, a subheading between two of the page's paragraphs:
    lines a site repeats that belong to the story all the same."""
    text = lines[i].text
    words = len(text.split())
    if _BYLINE.search(text) and words <= BYLINE_WORDS:
        return True
    if i - 1 in paragraphs and _SIGN_OFF.fullmatch(text.strip()):
        return True
    if i - 1 in paragraphs and i + 1 in paragraphs and words <= HEADING_WORDS:
        return True
    if date_rules is not None and words <= DATE_LINE_WORDS:
        return parse_day(text, date_rules) is not None
    return False


def _by_the_story(i: int, story: Sequence[int]) -> bool:
    """Inside the story (the page's own prose close before and after it), or just above
    its prose: the page's headline may be a teaser on the site's other pages."""
    at = bisect_left(story, i)
    after = story[at] - i if at < len(story) else None
    before = i - story[at - 1] if at > 0 else None
    if after is not None and after <= HEADING_REACH:
        return True
    return after is not None and before is not None and after <= STORY_REACH and before <= STORY_REACH


def _reads_as_prose(text: str) -> bool:
    return len(text.split()) >= PROSE_WORDS and ends_like_sentence(text)
