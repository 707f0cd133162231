"""Site boilerplate learned from a corpus: what repeats across a site's pages.

Phase 1 (:func:`sketch_page`, :class:`SiteLearner`) reads each page cheaply:
its lines (text) or the texts of its blocks (HTML, by a tokenizer, no parse),
folded (:func:`fold`; what a site and its lines are: :mod:`cleaner.sitelines`).
Per site it counts on how many distinct pages each folded line stands; a page
that is a near-duplicate of one counted before (a syndicated copy, the same
story twice) is not counted again. Counts merge in input order, so the result
is the same whatever runs the shards. Memory is capped per site: at most
``MAX_KEYS`` lines are tracked (the rarest are dropped first), and the prose
lines of at most ``MAX_PAGES`` pages are kept to find near-duplicates.

:meth:`SiteLearner.profiles` keeps, for each site of at least ``min_pages``
distinct pages, the lines on at least ``min_count`` pages and a share
``min_share`` of them: a :class:`SiteProfile`, written as a site rule file
(:meth:`SiteProfile.write`, read back by :class:`SiteRules`: :mod:`cleaner.siteprofile`). The pass
`site-boilerplate` (passes/site.py) removes those lines, asking more evidence
of a line that reads as prose in the page's own words.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Tuple, Union

from .sitelines import fold, host_of, html_lines, site_of, text_lines  # noqa: F401  (imported from here)
from .siteprofile import (  # noqa: F401  (imported from here)
    DEFAULT_PARAMS, RULE_FILE_SUFFIX, SiteParams, SiteProfile, SiteRules, file_stem)

RULE = "site-boilerplate"
MAX_KEY_CHARS = 2000     # a folded line longer than this is never counted (memory: at most MAX_KEYS of them a site)
MAX_KEYS = 20000         # lines tracked per site; over it the rarest go (lossy counting)
MAX_PAGES = 5000         # pages whose prose lines a site keeps for near-duplicate checks
STORY_WORDS = 15         # a line of this many words or more (a paragraph, not a teaser) tells one story from another
STORY_PAGES = 2          # a prose line on fewer pages than this, or than
SITE_PROSE_SHARE = 0.5   # ... this share of the site's pages, is a story's: it can make two pages alike
STORY_KEY_CHARS = 300    # a prose line is told from another by this many characters (memory: MAX_PAGES pages' worth)


# --- phase 1: a page's sketch, a site's counts ----------------------------------


@dataclass(frozen=True)
class PageSketch:
    """What phase 1 keeps of a page: its site and its folded lines, once each, in order."""

    site: str
    keys: Tuple[str, ...]

    def to_dict(self) -> dict:
        return {"site": self.site, "keys": list(self.keys)}

    @classmethod
    def from_dict(cls, d: dict) -> "PageSketch":
        return cls(str(d["site"]), tuple(str(k) for k in d["keys"]))


def sketch_lines(lines: Iterable[str], site: str) -> PageSketch:
    """A page's sketch from its lines: the distinct folded lines (none over MAX_KEY_CHARS)."""
    keys = dict.fromkeys(k for k in map(_folded, lines) if k and len(k) <= MAX_KEY_CHARS)
    return PageSketch(site, tuple(keys))


_FOLDED: Dict[str, str] = {}  # short line -> its key: a site's pages repeat their lines (half of them, sites-dev)
FOLD_CACHE_LINES = 50000     # ... at most this many remembered (then forgotten at once): memory stays bounded
FOLD_CACHE_CHARS = 200       # a longer line (a story's paragraph) is rarely seen twice: folded, not remembered


def _folded(line: str) -> str:
    key = _FOLDED.get(line)
    if key is None:
        key = fold(line)
        if len(line) <= FOLD_CACHE_CHARS:
            if len(_FOLDED) >= FOLD_CACHE_LINES:
                _FOLDED.clear()
            _FOLDED[line] = key
    return key


def sketch_page(payload: Union[str, bytes], kind: str, site: str) -> PageSketch:
    """Phase 1 of one page: ``kind`` "html" reads its blocks, anything else its lines."""
    if isinstance(payload, (bytes, bytearray)):
        from .inputs import decode

        payload = decode(bytes(payload))[0]
    lines = html_lines(payload) if kind == "html" else text_lines(payload)
    return sketch_lines(lines, site)


def prose_keys(keys: Iterable[str]) -> List[str]:
    """The page's prose lines (STORY_WORDS words or more), each by its first STORY_KEY_CHARS
    characters (once): what tells its story from another's."""
    return list(dict.fromkeys(k[:STORY_KEY_CHARS] for k in keys if k.count(" ") >= STORY_WORDS - 1))


class SiteCounter:
    """One site's counts: distinct pages, and on how many of them each folded line stands.

    Two passes over the site's pages, in order. :meth:`see` counts on how many pages
    each prose line stands; a prose line on half of them or more is the site's, not a
    story's (a teaser list, a long footer). :meth:`add` then counts the lines of every
    page that is no near-duplicate of one counted before: two pages are near-duplicates
    when they share half of the story lines (the prose lines that are not the site's)
    of the one that has more, and two or more.
    """

    def __init__(self) -> None:
        self.pages = 0
        self.duplicates = 0
        self.counts: Dict[str, int] = {}
        self.seen_pages = 0
        self.prose_seen: Dict[str, int] = {}   # pass 1: prose line -> pages holding it (rarest pruned: 0)
        self.holders: Dict[str, List[int]] = {}  # story line -> the counted pages holding it
        self.story_lines: List[int] = []         # per counted page (the first MAX_PAGES): its story lines
        self.floor = 0  # counts at or under it were dropped once (lossy counting): a key's count may be this short

    def see(self, page: PageSketch) -> None:
        """Pass 1: count the page's prose lines."""
        self.seen_pages += 1
        seen = self.prose_seen
        for key in prose_keys(page.keys):
            seen[key] = seen.get(key, 0) + 1
        if len(seen) > MAX_KEYS:
            self.prose_seen = _pruned(seen)

    def story_keys(self, page: PageSketch) -> List[str]:
        """The page's prose lines that are no site's line (on under half of the pages seen)."""
        limit = max(STORY_PAGES, self.seen_pages * SITE_PROSE_SHARE)
        return [k for k in prose_keys(page.keys) if self.prose_seen.get(k, 0) < limit]

    def add(self, page: PageSketch) -> bool:
        """Pass 2: count a page; False (nothing counted) when it is a near-duplicate of a counted one."""
        story = self.story_keys(page)
        if self._duplicate(story):
            self.duplicates += 1
            return False
        number = self.pages
        self.pages += 1
        if number < MAX_PAGES:
            self.story_lines.append(len(story))
            for key in story:
                self.holders.setdefault(key, []).append(number)
        counts = self.counts
        for key in page.keys:
            counts[key] = counts.get(key, 0) + 1
        if len(counts) > MAX_KEYS:
            self.floor = max(self.floor, sorted(counts.values(), reverse=True)[MAX_KEYS // 2])
            self.counts = _pruned(counts)
        return True

    def _duplicate(self, story: List[str]) -> bool:
        if len(story) < 2:
            return False
        shared: Dict[int, int] = {}
        for key in story:
            for number in self.holders.get(key, ()):
                shared[number] = shared.get(number, 0) + 1
        return any(n >= 2 and n >= 0.5 * max(len(story), self.story_lines[number]) for number, n in shared.items())


def _pruned(counts: Dict[str, int]) -> Dict[str, int]:
    """The half of MAX_KEYS most frequent keys (ties by key: deterministic)."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: MAX_KEYS // 2])


class SiteLearner:
    """Phase 1 over a corpus: pages in input order, one counter per site, two passes."""

    def __init__(self) -> None:
        self.sites: Dict[str, SiteCounter] = {}

    def learn(self, pages: Callable[[], Iterable[PageSketch]]) -> "SiteLearner":
        """Count the pages ``pages()`` gives (called twice: it must give the same pages each time)."""
        for page in pages():
            if page.site:
                self.sites.setdefault(page.site, SiteCounter()).see(page)
        for page in pages():
            if page.site:
                self.sites[page.site].add(page)
        return self

    def add_all(self, pages: Iterable[PageSketch]) -> "SiteLearner":
        """Count pages held in memory (a list, or an iterable read once into one)."""
        pages = list(pages)
        return self.learn(lambda: pages)

    def profiles(self, params: SiteParams = DEFAULT_PARAMS) -> Dict[str, "SiteProfile"]:
        """The learned profile of every site that has enough pages and lines to remove, by site."""
        found = {}
        for site in sorted(self.sites):
            profile = learn(site, self.sites[site], params)
            if profile.lines:
                found[site] = profile
        return found


def learn(site: str, counter: SiteCounter, params: SiteParams = DEFAULT_PARAMS) -> "SiteProfile":
    """The lines of one site that pass the thresholds (none for a site under ``min_pages``)."""
    if counter.pages < params.min_pages:
        return SiteProfile(site, counter.pages, {}, params)
    need = max(params.min_count, params.min_share * counter.pages)
    lines = {k: n for k, n in counter.counts.items() if n >= need}
    return SiteProfile(site, counter.pages, dict(sorted(lines.items(), key=lambda kv: (-kv[1], kv[0]))), params)
