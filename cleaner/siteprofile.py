"""A site's learned profile and its rule file: the lines a site repeats, with their
evidence (:class:`SiteProfile`, written as ``<site>.site.txt`` and read back), the
thresholds they were learned with (:class:`SiteParams`), and the site rule files
of some folders, read and checked at load (:class:`SiteRules`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Union

from .errors import RuleError
from .fileio import write_atomic
from .rulefile import read_regular_file
from .sitelines import fold

RULE_FILE_SUFFIX = ".site.txt"


@dataclass(frozen=True)
class SiteParams:
    """The learning thresholds (measured on sites-dev: tests/bench_sites.py)."""

    min_pages: int = 5        # a site with fewer distinct pages learns nothing
    min_count: int = 3        # K: a line on at least this many distinct pages
    min_share: float = 0.3    # S: ... and on at least this share of the site's distinct pages
    prose_factor: float = 2.0  # a line that reads as prose in the page's words needs this times K and S


DEFAULT_PARAMS = SiteParams()


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
