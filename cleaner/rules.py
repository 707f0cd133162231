"""Load and validate rule data files into a :class:`RuleSet`.

Every rule file has one format (:mod:`cleaner.rulefile`); which sections each kind
of file may open, and what their entries must be, is declared in
:mod:`cleaner.ruleschema`; the compiled rules are in :mod:`cleaner.compiledrules`.
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

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from .compiledrules import PhraseRule, SpellingTable, alternation
from .errors import RuleError
from .regexindex import first_chars, required_literals, trie_regex  # noqa: F401  (imported from here)
from .rulefile import MAX_RULE_FILE_BYTES, PACKAGE_RULES, parse_rule_file, phrase_key  # noqa: F401
from .ruleschema import (  # noqa: F401  (the section names are imported from here)
    BOILERPLATE_SECTIONS, CREDIT_SECTIONS, DATELINE_SECTIONS, DOM_CONCEPTS, DOM_KINDS, DOM_SECTIONS,
    METADATA_SECTIONS, PAIR_SECTIONS, PHRASE_LINE_CAP, PHRASE_SECTIONS, RULE_FILES, SPELLING_SECTIONS,
    STOPWORD_SECTIONS, Entry, RuleFileKind, Sections, check_patterns)


@dataclass(frozen=True)
class RuleSet:
    """All compiled rules, built once per :class:`~cleaner.Cleaner`."""

    boilerplate: Mapping[str, PhraseRule]
    related_inline_re: re.Pattern
    credits: Sections
    datelines: Sections
    spelling: Mapping[str, SpellingTable]
    stopwords: Mapping[str, frozenset]
    dom: Sections  # compiled by cleaner.html.prune.prepare
    metadata: Sections  # compiled by cleaner.meta.prepare
    sources: Tuple[str, ...]  # the rule files in force, for `cleaner rules`
    line_model: Optional[Path] = None  # linescore.json in force: read by the line-score pass's prepare


def merge(into: Sections, more: Mapping[str, List[Entry]]) -> None:
    for name, entries in more.items():
        into.setdefault(name, []).extend(entries)


def _is_packaged(path: Path) -> bool:
    return PACKAGE_RULES.resolve() in path.resolve().parents


def _rule_files(dirs: Sequence[Path], pattern: str) -> List[Path]:
    found: List[Path] = []
    for directory in dirs:
        found.extend(sorted(directory.glob(pattern)))
    return found


def _rule_dirs(extra_dirs: Sequence[Path]) -> List[Path]:
    """The packaged rule directory, then the user's, each of which must exist."""
    dirs = [PACKAGE_RULES]
    for d in extra_dirs:
        d = Path(d)
        if not d.is_dir():
            raise RuleError(f"{d}: rule directory does not exist")
        dirs.append(d)
    return dirs


def _read_kind(kind: RuleFileKind, dirs: Sequence[Path], sources: List[str]) -> Dict[str, Sections]:
    """The sections of every file of one kind, merged in file order (by language where
    the kind is per language, else under ""); each file read is added to ``sources``."""
    found: Dict[str, Sections] = {}
    for path in _rule_files(dirs, kind.pattern):
        sections = parse_rule_file(path, kind.sections, kind.folded)
        if not _is_packaged(path):  # the packaged patterns are timed by the test suite
            check_patterns(sections, cap=kind.line_cap)
        merge(found.setdefault(path.stem if kind.per_language else "", {}), sections)
        sources.append(str(path))
    return found


def _check_required(read: Mapping[str, Dict[str, Sections]]) -> None:
    for name, kind in RULE_FILES.items():
        sections = read[name].get("", {})
        for section in kind.required:
            if not sections.get(section):
                raise RuleError(f"{kind.pattern}: section [{section}] is empty")


def _related_inline(boiler: Sections) -> re.Pattern:
    """"<prefix>: <headline>", a related link on one line, for any prefix of the section."""
    inline_alt = alternation(boiler.get("related-links.inline", []), "related-links.inline")
    return re.compile(
        rf"(?:{inline_alt})[ ]*(?::|\||»|›|>|[-–—]{{1,2}}(?=[ ]))[ ]*(?P<rest>\S.*)",
        re.IGNORECASE,
    )


def load_rules(extra_dirs: Sequence[Path] = ()) -> RuleSet:
    """Load the packaged rules plus ``extra_dirs``; raise RuleError on any defect."""
    dirs = _rule_dirs(extra_dirs)
    sources: List[str] = []
    read = {name: _read_kind(kind, dirs, sources) for name, kind in RULE_FILES.items()}
    boiler = read["boilerplate"].get("", {})
    stopwords = {lang: frozenset(e.value.casefold() for e in s.get("stopwords", []))
                 for lang, s in read["stopwords"].items()}
    phrase_rules = {name: PhraseRule.build(boiler.get(name, []), name) for name in PHRASE_SECTIONS}
    related_inline_re = _related_inline(boiler)
    _check_required(read)
    spelling = {lang: SpellingTable.build(lang, s) for lang, s in read["spelling"].items()}
    models = _rule_files(dirs, "linescore.json")
    if models:
        sources.append(str(models[-1]))
    return RuleSet(phrase_rules, related_inline_re, read["credits"].get("", {}), read["datelines"].get("", {}),
                   spelling, stopwords, read["dom"].get("", {}), read["metadata"].get("", {}),
                   tuple(sources), models[-1] if models else None)
