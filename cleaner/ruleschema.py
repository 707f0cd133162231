"""What the rule files may hold: the declared schema the loader checks them against.

An :class:`Entry` is one rule line; :data:`Sections` are a file's entries by section.

:data:`RULE_FILES` names each kind of rule file, where it is found and the
sections it may open; :func:`parse_entry` checks one line against its section
(pairs where pairs belong, a month's number, an offset from UTC, a regex that
compiles), and :func:`check_patterns` refuses a user's pattern that would hang
on a hostile line. A defect raises :class:`~cleaner.errors.RuleError` naming
file and line.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Dict, List, NamedTuple, Optional, Tuple

from .attacks import backtracking
from .errors import RuleError


@dataclass(frozen=True)
class Entry:
    """One rule line: a phrase, a regex (``is_regex``) or a pair (``right``)."""

    value: str
    source: str  # "path:line", for error messages and audit reasons
    is_regex: bool = False
    right: Optional[str] = None


Sections = Dict[str, List[Entry]]

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
#: The boilerplate sections matched as whole lines on their phrase key (the inline
#: prefixes are joined into one pattern instead).
PHRASE_SECTIONS = tuple(n for n in BOILERPLATE_SECTIONS if n != "related-links.inline")
CREDIT_SECTIONS = ("agencies", "labels", "by", "captions", "not-credits")
DATELINE_SECTIONS = ("months", "agencies", "other-dates", "elapsed")
SPELLING_SECTIONS = ("variants", "exceptions", "doubled")
STOPWORD_SECTIONS = ("stopwords",)
METADATA_SECTIONS = ("byline.verbs", "byline.connectors", "byline.labels", "name.credentials", "name.roles",
                     "bio.roles", "name.particles", "author.placeholders", "date.modified", "date.published",
                     "date.utc-offsets")
DOM_CONCEPTS = ("photo-credit", "comment-form", "related-links", "promo")
DOM_KINDS = ("tag", "role", "class", "trigger")
DOM_SECTIONS = tuple(f"{c}.{k}" for c in DOM_CONCEPTS for k in DOM_KINDS) + (
    "figure.keep", "figure.credit", "hidden.class", "author-box.class", "self-named.class")
PAIR_SECTIONS = {"variants", "doubled", "months", "date.utc-offsets"}

#: The longest line the text passes match boilerplate phrases against (promos.py: 300).
PHRASE_LINE_CAP = 300


class RuleFileKind(NamedTuple):
    """One kind of rule file: where it lies in a rule directory and what it may hold."""

    pattern: str                    # a glob under the rule directory
    sections: Tuple[str, ...]       # the sections it may open
    folded: Tuple[str, ...] = ()    # sections matched on phrase_key: entries folding alike are warned of
    per_language: bool = False      # one set of sections per file, by its stem (spelling/en.txt)
    line_cap: Optional[int] = None  # its patterns only ever see whole lines of at most this many characters
    required: Tuple[str, ...] = ()  # sections that may not be empty once every folder is read


#: Every kind of rule file, in the order they are read (and listed by `cleaner rules`).
RULE_FILES: Dict[str, RuleFileKind] = {
    "boilerplate": RuleFileKind("boilerplate/*.txt", BOILERPLATE_SECTIONS, PHRASE_SECTIONS,
                                line_cap=PHRASE_LINE_CAP),
    "credits": RuleFileKind("credits.txt", CREDIT_SECTIONS, required=CREDIT_SECTIONS),
    "datelines": RuleFileKind("datelines.txt", DATELINE_SECTIONS),
    "spelling": RuleFileKind("spelling/*.txt", SPELLING_SECTIONS, per_language=True),
    "dom": RuleFileKind("dom.txt", DOM_SECTIONS, tuple(n for n in DOM_SECTIONS if n.endswith(".trigger"))),
    "metadata": RuleFileKind("metadata.txt", METADATA_SECTIONS),
    "stopwords": RuleFileKind("stopwords/*.txt", STOPWORD_SECTIONS, per_language=True),
}

_MONTH_NUMBERS = frozenset(str(n) for n in range(1, 13))


def _utc_offset(text: str) -> bool:
    return re.fullmatch(r"[+-]?(?:1[0-4]|\d)", text) is not None


#: What the right side of a pair must be, in the sections that say: (test, what it is).
_RIGHT_SIDES = {
    "months": (_MONTH_NUMBERS.__contains__, "a month's number is 1 to 12"),
    "date.utc-offsets": (_utc_offset, "an offset from UTC is whole hours, -14 to +14"),
}


def parse_entry(text: str, section: str, where: str) -> Entry:
    """One rule line of ``section``, checked: a pair, a ``re:`` pattern or a phrase."""
    if section in PAIR_SECTIONS:
        left, sep, right = text.partition(" = ")
        if not sep or not left.strip() or not right.strip():
            raise RuleError(f"{where}: expected 'left = right' in [{section}], got {text!r}")
        test, what = _RIGHT_SIDES.get(section, (None, ""))
        if test is not None and not test(right.strip()):
            raise RuleError(f"{where}: {what}, got {right.strip()!r}")
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
