"""Site boilerplate learned from a corpus: what repeats across a site's pages.

Phase 1 (:func:`sketch_page`, :class:`SiteLearner`) reads each page cheaply:
its lines (text) or the texts of its blocks (HTML, by a tokenizer, no parse),
folded (:func:`fold`).
Per site it counts on how many distinct pages each folded line stands; a page
that is a near-duplicate of one counted before (a syndicated copy, the same
story twice) is not counted again. Counts merge in input order, so the result
is the same whatever runs the shards. Memory is capped per site: at most
``MAX_KEYS`` lines are tracked (the rarest are dropped first), and the prose
lines of at most ``MAX_PAGES`` pages are kept to find near-duplicates.

:meth:`SiteLearner.profiles` keeps, for each site of at least ``min_pages``
distinct pages, the lines on at least ``min_count`` pages and a share
``min_share`` of them: a :class:`SiteProfile`, written as a site rule file
(:meth:`SiteProfile.write`, read back by :class:`SiteRules`). The pass
`site-boilerplate` (passes/site.py) removes those lines, asking more evidence
of a line that reads as prose in the page's own words.
"""
from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union
from urllib.parse import urlsplit

from .errors import RuleError
from .fileio import write_atomic

RULE = "site-boilerplate"
RULE_FILE_SUFFIX = ".site.txt"
MAX_KEY_CHARS = 600      # a folded line longer than this is never counted (a story's paragraph)
MAX_KEYS = 20000         # lines tracked per site; over it the rarest go (lossy counting)
MAX_PAGES = 5000         # pages whose prose lines a site keeps for near-duplicate checks
STORY_WORDS = 15         # a line of this many words or more (a paragraph, not a teaser) tells one story from another
STORY_PAGES = 2          # a prose line on fewer pages than this, or than
SITE_PROSE_SHARE = 0.5   # ... this share of the site's pages, is a story's: it can make two pages alike


@dataclass(frozen=True)
class SiteParams:
    """The learning thresholds (measured on sites-dev: tests/bench_sites.py)."""

    min_pages: int = 5        # a site with fewer distinct pages learns nothing
    min_count: int = 3        # K: a line on at least this many distinct pages
    min_share: float = 0.3    # S: ... and on at least this share of the site's distinct pages
    prose_factor: float = 2.0  # a line that reads as prose in the page's words needs this times K and S


DEFAULT_PARAMS = SiteParams()

# --- what a site is ------------------------------------------------------------


def host_of(url: Optional[str]) -> str:
    """The host of a URL, lower case, without "www." and port; "" when there is none.

    >>> host_of("https://WWW.Example.com:8080/a/b?c")
    'example.com'
    >>> host_of("not a url")
    ''
    """
    if not url or "//" not in url:
        return ""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def site_of(url: Optional[str] = None, folder: Optional[str] = None) -> str:
    """A document's site: its URL's host, else its input folder (as given), else "".

    >>> site_of("http://www.bbc.co.uk/news/1", "/crawl/x")
    'bbc.co.uk'
    >>> site_of(None, "crawl/blog")
    'crawl/blog'
    """
    return host_of(url) or (folder or "")


# --- folding and lines ---------------------------------------------------------

_WORDS = re.compile(r"\w+")


def fold(line: str) -> str:
    """A line's key: its words, case-folded. Digits stay: a date or a count that
    differs from page to page is the page's own, not the site's.

    >>> fold("Posted on March 3, 2012 | 14 Comments")
    'posted on march 3 2012 14 comments'
    >>> fold("  ***  ")
    ''
    """
    return " ".join(_WORDS.findall(line.casefold()))


_CODE_OPEN = re.compile(r"<(script|style|noscript|template|svg|math|head|select)\b|<!--", re.IGNORECASE)
_BLOCK_TAGS = ("p|div|br|li|ul|ol|dl|dt|dd|h[1-6]|tr|td|th|table|thead|tbody|section|article|header|footer|nav|"
               "aside|main|blockquote|pre|figure|figcaption|form|fieldset|legend|label|button|option|address|hr|"
               "body|html|title|center|iframe|caption|details|summary|menu")
# [^<>] (not [^>]): a run of unclosed "<p<p<p" is read in linear time, not quadratic
_BLOCK = re.compile(rf"<\s*/?\s*(?:{_BLOCK_TAGS})\b[^<>]*>?", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>?")


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def _without_code(html: str) -> str:
    """The page without scripts, styles, comments and the like (each jumped over once).
    An element left open is skipped alone, its opening tag: the text after it stays.
    Every search remembers where it found its target (or that there is none), so a
    page of thousands of unclosed ``<script>`` tags is read in linear time."""
    lower = html.lower()
    if len(lower) != len(html):  # "İ" lowers to two characters: positions would drift
        lower = html.translate(_ASCII_LOWER)
    found_at: Dict[str, int] = {}

    def next_at(target: str, start: int) -> int:
        at = found_at.get(target)
        if at is None or (0 <= at < start):
            at = lower.find(target, start)
            found_at[target] = at
        return at

    parts, pos = [], 0
    while True:
        found = _CODE_OPEN.search(html, pos)
        if not found:
            parts.append(html[pos:])
            return " ".join(parts)
        parts.append(html[pos:found.start()])
        closer = "</" + found.group(1).lower() if found.group(1) else "-->"
        close = next_at(closer, found.end())
        if close >= 0:
            end = next_at(">", close + 2) if found.group(1) else close + 2
            pos = end + 1 if end >= 0 else len(html)
        else:  # left open: only its opening tag goes
            end = next_at(">", found.end()) if found.group(1) else -1
            pos = end + 1 if end >= 0 else found.end()


def html_lines(html: str) -> List[str]:
    """The texts of a page's blocks, as a text extractor gives them one a line (cheaply, no parse).

    >>> html_lines("<div>Menu</div><p>A <b>bold</b> story.<br>Second</p><script>x()</script>")
    ['Menu', 'A bold story.', 'Second']
    """
    out = []
    for chunk in _BLOCK.split(_without_code(html)):
        text = " ".join(htmllib.unescape(_TAG.sub(" ", chunk)).split())
        if text:
            out.append(text)
    return out


def text_lines(text: str) -> List[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


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
    keys = dict.fromkeys(k for k in map(fold, lines) if k and len(k) <= MAX_KEY_CHARS)
    return PageSketch(site, tuple(keys))


def sketch_page(payload: Union[str, bytes], kind: str, site: str) -> PageSketch:
    """Phase 1 of one page: ``kind`` "html" reads its blocks, anything else its lines."""
    if isinstance(payload, (bytes, bytearray)):
        from .inputs import decode

        payload = decode(bytes(payload))[0]
    lines = html_lines(payload) if kind == "html" else text_lines(payload)
    return sketch_lines(lines, site)


def prose_keys(keys: Iterable[str]) -> List[str]:
    """The keys of a page's prose lines (STORY_WORDS words or more): what tells its story from another's."""
    return [k for k in keys if k.count(" ") >= STORY_WORDS - 1]


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


# --- the profile and its rule file ----------------------------------------------


@dataclass
class SiteProfile:
    """A site's learned lines: folded line -> the number of distinct pages it stands on, of ``pages``."""

    site: str
    pages: int
    lines: Dict[str, int] = field(default_factory=dict)
    params: SiteParams = DEFAULT_PARAMS

    def evidence(self, key: str, prose: bool) -> Optional[int]:
        """N when the line ``key`` is the site's, else None. ``prose``: the line may be the
        story's, and needs ``prose_factor`` times the evidence (on a small site: every page)."""
        n = self.lines.get(key)
        if n is None:
            return None
        p = self.params
        factor = p.prose_factor if prose else 1.0
        if n < min(p.min_count * factor, self.pages) or n < min(1.0, p.min_share * factor) * self.pages:
            return None
        return n

    def write(self, folder: Union[str, Path]) -> Path:
        """Write the site rule file ``folder/<site>.site.txt``; returns its path."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / (file_stem(self.site) + RULE_FILE_SUFFIX)
        p = self.params
        head = [f"# Site rules learned by cleaner learn-sites: lines on N of the site's {self.pages} distinct pages.",
                "# Each [lines] entry: N, a tab, the folded line (its words, case-folded).",
                "[site]", self.site, "[pages]", str(self.pages),
                "[params]", f"min_pages {p.min_pages}", f"min_count {p.min_count}", f"min_share {p.min_share:g}",
                f"prose_factor {p.prose_factor:g}", "[lines]"]
        body = [f"{n}\t{key}" for key, n in self.lines.items()]
        write_atomic(path, "\n".join(head + body) + "\n")
        return path

    @classmethod
    def read(cls, path: Union[str, Path]) -> "SiteProfile":
        """Read a site rule file; RuleError naming file and line when it is broken."""
        from .rulefile import read_regular_file

        path = Path(path)
        sections: Dict[str, List[Tuple[int, str]]] = {"site": [], "pages": [], "params": [], "lines": []}
        current = None
        for number, raw in enumerate(read_regular_file(path).splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                current = line[1:-1].strip()
                if current not in sections:
                    raise RuleError(f"{path}:{number}: unknown section [{current}]; expected one of "
                                    f"{', '.join(sections)}")
                continue
            if current is None:
                raise RuleError(f"{path}:{number}: entry before any [section] header")
            sections[current].append((number, raw.strip("\r\n") if current == "lines" else line))
        if len(sections["site"]) != 1 or len(sections["pages"]) != 1:
            raise RuleError(f"{path}: a site rule file needs one [site] and one [pages] line")
        site = sections["site"][0][1]
        pages = _int(path, *sections["pages"][0])
        params = _params(path, sections["params"])
        lines = {}
        for number, entry in sections["lines"]:
            count, tab, key = entry.partition("\t")
            if not tab or not key.strip():
                raise RuleError(f"{path}:{number}: a [lines] entry is N, a tab, the folded line")
            lines[fold(key)] = _int(path, number, count)
        return cls(site, pages, lines, params)


def _int(path: Path, number: int, text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise RuleError(f"{path}:{number}: not a whole number: {text.strip()!r}") from None
    if value < 0:
        raise RuleError(f"{path}:{number}: a count is never negative: {value}")
    return value


def _params(path: Path, entries: List[Tuple[int, str]]) -> SiteParams:
    values = {}
    for number, entry in entries:
        name, _, value = entry.partition(" ")
        if name not in SiteParams.__dataclass_fields__:
            raise RuleError(f"{path}:{number}: unknown parameter {name!r}")
        try:
            values[name] = type(getattr(DEFAULT_PARAMS, name))(value.strip())
        except ValueError:
            raise RuleError(f"{path}:{number}: bad value for {name}: {value.strip()!r}") from None
    return SiteParams(**values)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_stem(site: str) -> str:
    """A file name for a site (a host is its own name; a folder path is made safe).

    >>> file_stem("bbc.co.uk"), file_stem("crawl/blog one")
    ('bbc.co.uk', 'crawl_blog_one')
    """
    stem = _UNSAFE.sub("_", site).strip("._") or "_"
    return stem[:150]


class SiteRules:
    """The site rule files of some folders, all read (and checked) at load; the last folder wins a clash."""

    def __init__(self, dirs: Sequence[Union[str, Path]]) -> None:
        self.files: Dict[str, Path] = {}
        self._loaded: Dict[str, Optional[SiteProfile]] = {}
        for folder in dirs:
            folder = Path(folder)
            if not folder.is_dir():
                raise RuleError(f"{folder}: site rule directory not found")
            for path in sorted(folder.glob("*" + RULE_FILE_SUFFIX)):
                profile = SiteProfile.read(path)  # every file read once, so a broken one fails at load
                self.files[profile.site] = path
                self._loaded[profile.site] = profile

    @classmethod
    def from_profiles(cls, profiles: Iterable[SiteProfile]) -> "SiteRules":
        """Rules held in memory (a corpus run's or a benchmark's learned profiles)."""
        rules = cls(())
        for profile in profiles:
            rules.files[profile.site] = Path()
            rules._loaded[profile.site] = profile
        return rules

    @classmethod
    def merged(cls, *parts: "SiteRules") -> "SiteRules":
        """One set of rules from several; a later part wins a clash."""
        rules = cls(())
        for part in parts:
            rules.files.update(part.files)
            rules._loaded.update(part._loaded)
        return rules

    def __bool__(self) -> bool:
        return bool(self.files)

    def get(self, site: str) -> Optional[SiteProfile]:
        return self._loaded.get(site)
