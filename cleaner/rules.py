"""Load and validate rule data files.

Every rule file has one format, parsed by :func:`parse_rule_file`::

    # a comment (whole lines only: phrases may contain '#')
    [section]
    a plain phrase
    re: a regular expression
    left = right            (only in sections that hold pairs)

Files are grouped by what they feed:

* ``boilerplate/*.txt`` -- phrases per language, in the sections of
  :data:`BOILERPLATE_SECTIONS`; all languages apply to every text, because
  debris is often in another language than the article.
* ``credits.txt`` -- photo agencies and the words that introduce a credit.
* ``datelines.txt`` -- month names with their numbers, wire agencies, and words that
  mark a date as another event's (read by the HTML page-date search).
* ``spelling/<lang>.txt`` -- spelling variants, protected phrases and doubled
  words for one language; applied only to text detected as that language.
* ``stopwords/<lang>.txt`` -- function words, to tell prose from page chrome.
* ``dom.txt`` -- tags, roles, class tokens and headings of the HTML pre-pass.
* ``linescore.json`` -- the line-score model (``cleaner/linemodel.py``); a
  rule directory's own file replaces the packaged one.

A user rule directory has the same layout and extends the packaged data.
A broken entry raises :class:`~cleaner.errors.RuleError` naming file and line.
"""
from __future__ import annotations

import functools
import os
import re
import stat
import unicodedata
import warnings
from operator import attrgetter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .attacks import backtracking
from .errors import RuleError, RuleWarning
from .regexindex import first_chars, floats_at_start, required_literals, trie_regex

PACKAGE_RULES = Path(__file__).parent / "rules"

BOILERPLATE_SECTIONS = (
    "comment-form",           # whole lines of comment forms and comment chrome
    "comment-form.field",     # form field labels ("Name*"): only next to comment-form lines
    "comment-form.author",    # a comment's header: its author's name and a verb ("Jane says:")
    "comment-form.reply",     # the reply button under one comment of a thread
    "comment-form.heading",   # the heading over a comment thread ("59 Comments on “Story”")
    "related-links.trigger",  # headings that open a block of related headlines
    "related-links.inline",   # prefixes: "<prefix>: <headline>" is a related link
    "related-links.contents", # a table of contents' label: its entries stand again below as headings
    "promo",                  # whole lines: newsletter, share, ads, app, copyright
    "promo.label",            # button labels ("Facebook", "Print"): only in a run of promo lines
)
CREDIT_SECTIONS = ("agencies", "labels", "by", "captions", "not-credits")
DATELINE_SECTIONS = ("months", "agencies", "other-dates")
SPELLING_SECTIONS = ("variants", "exceptions", "doubled")
STOPWORD_SECTIONS = ("stopwords",)
METADATA_SECTIONS = ("byline.verbs", "byline.connectors", "byline.labels", "name.credentials", "name.roles",
                     "name.particles", "author.placeholders", "date.modified", "date.utc-offsets")
DOM_CONCEPTS = ("photo-credit", "comment-form", "related-links", "promo")
DOM_KINDS = ("tag", "role", "class", "trigger")
DOM_SECTIONS = tuple(f"{c}.{k}" for c in DOM_CONCEPTS for k in DOM_KINDS) + ("figure.keep", "hidden.class")
PAIR_SECTIONS = {"variants", "doubled", "months", "date.utc-offsets"}
_MONTH_NUMBERS = frozenset(str(n) for n in range(1, 13))


@dataclass(frozen=True)
class Entry:
    """One rule line: a phrase, a regex (``is_regex``) or a pair (``right``)."""

    value: str
    source: str  # "path:line", for error messages and audit reasons
    is_regex: bool = False
    right: Optional[str] = None


Sections = Dict[str, List[Entry]]

_EDGE_CHARS = " \t.:!?;,|•·*#>»«›‹→←↓-–—_=~\"'“”„‘’()[]{}/\\"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def phrase_key(text: str) -> str:
    """Fold a line for phrase lookup: case, apostrophes, spaces, edge punctuation.

    >>> phrase_key("  LEAVE A REPLY: ")
    'leave a reply'
    >>> phrase_key("You May Also Like…")
    'you may also like'
    """
    text = text.casefold().translate(_APOSTROPHES).replace("…", "")
    return " ".join(text.split()).strip(_EDGE_CHARS)


def parse_rule_file(path: Path, allowed: Sequence[str], folded: Iterable[str] = ()) -> Sections:
    """Parse one rule file into sections of entries; fail loudly on bad lines.

    A :class:`~cleaner.errors.RuleWarning` (the file still loads) for a section opened
    a second time in the file (one block per section) and, in the ``folded`` sections
    (phrases matched on :func:`phrase_key`), for an entry that folds to the same phrase
    as one before it ("name*" after "name").
    """
    sections: Sections = {name: [] for name in allowed}
    folded, opened, keys = set(folded), {}, {}
    current: Optional[str] = None
    raw = _read_regular_file(path)
    name = _display_name(path)
    for number, line in enumerate(raw.splitlines(), start=1):
        where = f"{name}:{number}"
        stripped = unicodedata.normalize("NFC", line.strip())
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            current = stripped[1:-1].strip()
            if current not in allowed:
                raise RuleError(f"{where}: unknown section [{current}]; expected one of {', '.join(allowed)}")
            if current in opened:
                _warn(f"{where}: section [{current}] opened again (first at line {opened[current]}): "
                      "one block per section")
            opened.setdefault(current, number)
            continue
        if current is None:
            raise RuleError(f"{where}: entry before any [section] header")
        entry = _parse_entry(stripped, current, where)
        if current in folded and not entry.is_regex:
            first = keys.setdefault((current, phrase_key(entry.value)), (entry.value, number))
            if first[1] != number:
                _warn(f"{where}: {entry.value!r} folds to the same phrase as {first[0]!r} (line {first[1]}) "
                      f"in [{current}]: one of them is enough")
        sections[current].append(entry)
    return sections


def _warn(message: str) -> None:
    warnings.warn(RuleWarning(message), stacklevel=3)


MAX_RULE_FILE_BYTES = 16 * 1024 * 1024


def _read_regular_file(path: Path) -> str:
    """The text of a rule file; a FIFO, a device or a folder is refused (reading one would
    hang or never end), and so is a file too large to be rule data.

    Opened without blocking and checked on the open file, so a file swapped for a FIFO
    after a check cannot hang the load either.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rule file: {exc}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise RuleError(f"{path}: not a regular file (a FIFO, device or folder): rule files are plain text files")
        if info.st_size > MAX_RULE_FILE_BYTES:
            raise RuleError(f"{path}: {info.st_size} bytes is over the {MAX_RULE_FILE_BYTES} a rule file may hold")
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            return handle.read(MAX_RULE_FILE_BYTES + 1).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule file: {exc}") from exc
    finally:
        if fd >= 0:
            os.close(fd)


def _display_name(path: Path) -> str:
    """Packaged rule files by their name under rules/, user files by full path."""
    try:
        return str(path.resolve().relative_to(PACKAGE_RULES.resolve()))
    except ValueError:
        return str(path)


def _parse_entry(text: str, section: str, where: str) -> Entry:
    if section in PAIR_SECTIONS:
        left, sep, right = text.partition(" = ")
        if not sep or not left.strip() or not right.strip():
            raise RuleError(f"{where}: expected 'left = right' in [{section}], got {text!r}")
        if section == "months" and right.strip() not in _MONTH_NUMBERS:
            raise RuleError(f"{where}: a month's number is 1 to 12, got {right.strip()!r}")
        if section == "date.utc-offsets" and not re.fullmatch(r"[+-]?(?:1[0-4]|\d)", right.strip()):
            raise RuleError(f"{where}: an offset from UTC is whole hours, -14 to +14, got {right.strip()!r}")
        return Entry(left.strip(), where, right=right.strip())
    if text.startswith("re:"):
        pattern = text[3:].strip()
        if not pattern:
            raise RuleError(f"{where}: empty regular expression")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise RuleError(f"{where}: bad regular expression {pattern!r}: {exc}") from exc
        return Entry(pattern, where, is_regex=True)
    return Entry(text, where)


def _is_packaged(path: Path) -> bool:
    return PACKAGE_RULES.resolve() in path.resolve().parents


#: The longest line the text passes match boilerplate phrases against (promos.py: 300).
PHRASE_LINE_CAP = 300


def check_patterns(sections: Sections, cap: Optional[int] = None) -> None:
    """Refuse a user's pattern that backtracks catastrophically or super-linearly on the
    attack strings of :mod:`cleaner.attacks` (it would hang clean() on a hostile line),
    naming its file and line. ``cap``: the section's patterns only ever see whole lines
    of at most that many characters (else they are searched for in texts)."""
    for section, entries in sections.items():
        for e in entries:
            context = [e.right] if section == "doubled" and e.right != "*" else []  # "in = (?:the|a)"
            for pattern in ([e.value] if e.is_regex else []) + context:
                why = _backtracking(pattern, cap)
                if why:
                    raise RuleError(f"{e.source}: pattern {pattern[:80]!r} {why}; bound its repeats "
                                    "or make the alternatives exclusive")


@functools.lru_cache(maxsize=4096)
def _backtracking(pattern: str, cap: Optional[int]) -> Optional[str]:
    """:func:`cleaner.attacks.backtracking` of a pattern, timed once per process."""
    try:
        compiled = re.compile(pattern)
    except re.error:
        return None  # not a pattern on its own (a context part): its own check reports it
    return backtracking(compiled, cap)


def merge(into: Sections, more: Mapping[str, List[Entry]]) -> None:
    for name, entries in more.items():
        into.setdefault(name, []).extend(entries)


def alternation(entries: Iterable[Entry], what: str, escape: bool = True) -> str:
    """Join entries into one regex alternation; refuse an empty group. The one helper
    every rule group is joined with.

    Literal words (``escape``) become a trie -- ``A(?:FP|P(?: Images)?)`` --
    which fails at the first character instead of trying every word in turn,
    and prefers the longest word, as a longest-first alternation does. A group
    that also holds ``re:`` entries keeps them as regexes: every entry is then an
    alternative of its own, the words escaped, longest first. Without ``escape``
    every entry is a regex; regexes are joined longest first.
    """
    entries = list(entries)
    if not entries:
        raise RuleError(f"rule group {what!r} is empty: at least one entry is needed")
    if escape and any(e.is_regex for e in entries):
        alternatives = {(e.value, e.value if e.is_regex else re.escape(e.value)) for e in entries}
        return "|".join(f"(?:{a})" for _, a in sorted(alternatives, key=lambda va: (-len(va[0]), va[1])))
    values = sorted({e.value for e in entries}, key=lambda v: (-len(v), v))
    if escape:
        return trie_regex(values)
    return "|".join(f"(?:{v})" for v in values)


def _first_that_clashes(group: Sequence[Entry]) -> Entry:
    """The entry, in file order, that the patterns before it no longer combine with (a
    group name used twice, a global flag): the user's line, not the first packaged one."""
    for n in range(1, len(group)):
        try:
            re.compile("|".join(f"(?:{e.value})" for e in group[: n + 1]))
        except re.error:
            return group[n]
    return group[0]


@dataclass(frozen=True)
class PhraseRule:
    """Whole-line phrases and patterns for one rule, matched on :func:`phrase_key`.

    Two indexes spare the full alternation on most lines, with the same answer:
    patterns are filed under the characters they can start with (a line is
    tried only against those that can start with its first character), and
    patterns that open with ``.{0,n}`` and need a literal ("we may earn") sit
    behind a gate, one search for any of their literals, which few lines contain.
    """

    phrases: Mapping[str, str] = field(default_factory=dict)  # key -> source
    by_first: Mapping[str, re.Pattern] = field(default_factory=dict)  # first char -> patterns that can start with it
    anywhere: Optional[re.Pattern] = None      # patterns that can start with any character
    gate: Optional[re.Pattern] = None          # any literal the gated patterns need
    gated: Optional[re.Pattern] = None         # the patterns tried when the gate opens
    sources: Tuple[Tuple[re.Pattern, str], ...] = ()  # each pattern alone, for the reason

    @classmethod
    def build(cls, entries: Sequence[Entry], what: str) -> "PhraseRule":
        phrases = {phrase_key(e.value): e.source for e in entries if not e.is_regex}
        phrases.pop("", None)
        regexes = [e for e in entries if e.is_regex]
        literals = {e.value: required_literals(e.value) if floats_at_start(e.value) else None for e in regexes}
        gated = [e for e in regexes if literals[e.value]]
        firsts = {e.value: first_chars(e.value) for e in regexes if not literals[e.value]}
        anywhere = [e for e in regexes if e.value in firsts and firsts[e.value] is None]

        def combine(group: List[Entry]) -> Optional[re.Pattern]:
            if not group:
                return None
            try:
                return re.compile(alternation(group, what, escape=False))
            except re.error as exc:  # each compiled alone; the union can still clash
                culprit = _first_that_clashes(group)
                raise RuleError(f"{culprit.source}: patterns of {what!r} do not combine: {exc}") from exc

        chars = sorted(set().union(*(f for f in firsts.values() if f)))
        by_first = {c: combine([e for e in regexes if firsts.get(e.value) and c in firsts[e.value]]) for c in chars}
        gate = re.compile(trie_regex(sorted(set().union(*(literals[e.value] for e in gated))))) if gated else None
        sources = tuple((re.compile(e.value), e.source) for e in regexes)
        return cls(phrases, by_first, combine(anywhere), gate, combine(gated), sources)

    def matches_pattern(self, key: str) -> bool:
        """Whether any of the patterns fully matches ``key`` (not empty)."""
        pattern = self.by_first.get(key[0])
        if pattern is not None and pattern.fullmatch(key):
            return True
        if self.anywhere is not None and self.anywhere.fullmatch(key):
            return True
        return self.gate is not None and self.gate.search(key) is not None and \
            self.gated.fullmatch(key) is not None

    def match(self, key: str) -> Optional[str]:
        """Return why ``key`` (a folded line) matches, or None."""
        source = self.phrases.get(key)
        if source is not None:
            return f"phrase {key!r} ({source})"
        if key and self.sources and self.matches_pattern(key):
            where = next((s for p, s in self.sources if p.fullmatch(key)), "?")
            return f"pattern at {where} matched {key!r}"
        return None


@dataclass(frozen=True)
class SpellingTable:
    """Spelling variants, protected phrases and doubled words of one language."""

    language: str
    variants: Mapping[str, str]
    variant_re: Optional[re.Pattern]
    exception_re: Optional[re.Pattern]
    doubled_re: Optional[re.Pattern]

    @classmethod
    def build(cls, language: str, sections: Sections) -> "SpellingTable":
        variants: Dict[str, str] = {}
        for e in sections.get("variants", []):
            if not re.fullmatch(r"[^\W\d_][\w'’ .-]*", e.value) or e.right is None:
                raise RuleError(f"{e.source}: a variant must be a word or phrase, got {e.value!r}")
            variants[e.value] = e.right
        forms: List[str] = []
        for word in variants:
            forms.extend({word, word.upper()})
        # Whole words only, and never inside a URL, e-mail or handle; hyphenated
        # compounds ("pro-Kiev") are words of their own.
        variant_re = re.compile(
            r"(?<![\w./@#])(?:%s)(?![\w@]|[./]\w)" % alternation([Entry(f, "") for f in forms], "variants")
        ) if variants else None
        exceptions = sections.get("exceptions", [])
        exception_re = re.compile(alternation(exceptions, "exceptions"), re.IGNORECASE) if exceptions else None
        doubled = []
        for n, e in enumerate(sections.get("doubled", [])):
            if not re.fullmatch(r"\w+", e.value):
                raise RuleError(f"{e.source}: a doubled word must be one word, got {e.value!r}")
            word = re.escape(e.value)
            after = "" if e.right == "*" else f"(?=\\s+(?:{e.right}))"
            try:
                re.compile(after)
            except re.error as exc:
                raise RuleError(f"{e.source}: bad context pattern {e.right!r}: {exc}") from exc
            # Case-exact: "A a" in "vitamin A a day" is two words, not one doubled.
            first = f"(?:{word}|{re.escape(e.value.capitalize())})" if len(e.value) > 1 else word
            # Linear on any run ("in in in ... in"): a match never starts inside
            # a run (the lookbehind), and the run is taken whole, atomically (a
            # lookahead captures it, the backreference consumes it), so a failing
            # context is not retried with every shorter run.
            doubled.append(rf"(?<!\b{word}[ ])\b{first}(?=(?P<run{n}>(?:[ ]+{word})+))(?P=run{n})"
                           rf"\b(?![-'’]){after}")
        doubled_re = re.compile("|".join(doubled)) if doubled else None
        return cls(language, variants, variant_re, exception_re, doubled_re)


@dataclass(frozen=True)
class RuleSet:
    """All compiled rules, built once per :class:`~cleaner.Cleaner`."""

    boilerplate: Mapping[str, PhraseRule]
    related_inline_re: re.Pattern
    credits: Sections
    datelines: Sections
    spelling: Mapping[str, SpellingTable]
    stopwords: Mapping[str, frozenset]
    dom: Sections  # compiled by cleaner.dom.prepare
    metadata: Sections  # compiled by cleaner.meta.prepare
    sources: Tuple[str, ...]  # the rule files in force, for `cleaner rules`
    line_model: Optional[Path] = None  # linescore.json in force: read by the line-score pass's prepare


def _rule_files(dirs: Sequence[Path], pattern: str) -> List[Path]:
    found: List[Path] = []
    for directory in dirs:
        found.extend(sorted(directory.glob(pattern)))
    return found


def load_rules(extra_dirs: Sequence[Path] = ()) -> RuleSet:
    """Load the packaged rules plus ``extra_dirs``; raise RuleError on any defect."""
    dirs = [PACKAGE_RULES]
    for d in extra_dirs:
        d = Path(d)
        if not d.is_dir():
            raise RuleError(f"{d}: rule directory does not exist")
        dirs.append(d)
    sources: List[str] = []

    def read(pattern: str, allowed: Sequence[str], key=lambda path: "", folded=()) -> Dict[str, Sections]:
        """The sections of every file matching ``pattern``, merged in file order under ``key(path)``."""
        found: Dict[str, Sections] = {}
        for path in _rule_files(dirs, pattern):
            sections = parse_rule_file(path, allowed, folded)
            if not _is_packaged(path):  # the packaged patterns are timed by the test suite
                check_patterns(sections, cap=PHRASE_LINE_CAP if pattern.startswith("boilerplate/") else None)
            merge(found.setdefault(key(path), {}), sections)
            sources.append(str(path))
        return found

    by_language = attrgetter("stem")  # spelling/en.txt, stopwords/de.txt
    phrase_sections = [n for n in BOILERPLATE_SECTIONS if n != "related-links.inline"]  # folded, then looked up
    boiler = read("boilerplate/*.txt", BOILERPLATE_SECTIONS, folded=phrase_sections).get("", {})
    credits = read("credits.txt", CREDIT_SECTIONS).get("", {})
    datelines = read("datelines.txt", DATELINE_SECTIONS).get("", {})
    spelling_sections = read("spelling/*.txt", SPELLING_SECTIONS, by_language)
    dom = read("dom.txt", DOM_SECTIONS, folded=[n for n in DOM_SECTIONS if n.endswith(".trigger")]).get("", {})
    metadata = read("metadata.txt", METADATA_SECTIONS).get("", {})
    stop_sections = read("stopwords/*.txt", STOPWORD_SECTIONS, by_language)
    stopwords = {lang: frozenset(e.value.casefold() for e in s.get("stopwords", []))
                 for lang, s in stop_sections.items()}

    phrase_rules = {name: PhraseRule.build(boiler.get(name, []), name) for name in phrase_sections}
    inline = boiler.get("related-links.inline", [])
    inline_alt = alternation(inline, "related-links.inline")
    related_inline_re = re.compile(
        rf"(?:{inline_alt})[ ]*(?::|\||»|›|>|[-–—]{{1,2}}(?=[ ]))[ ]*(?P<rest>\S.*)",
        re.IGNORECASE,
    )
    for name in CREDIT_SECTIONS:
        if not credits.get(name):
            raise RuleError(f"credits.txt: section [{name}] is empty")
    spelling = {lang: SpellingTable.build(lang, s) for lang, s in spelling_sections.items()}
    models = _rule_files(dirs, "linescore.json")
    if models:
        sources.append(str(models[-1]))
    return RuleSet(phrase_rules, related_inline_re, credits, datelines, spelling, stopwords, dom, metadata,
                   tuple(sources), models[-1] if models else None)
