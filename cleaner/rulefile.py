"""The rule-file format, and reading a rule file safely.

Every rule file has one format, parsed by :func:`parse_rule_file`::

    # a comment (whole lines only: phrases may contain '#')
    [section]
    a plain phrase
    re: a regular expression
    left = right            (only in sections that hold pairs)

    [lists]
    social = facebook | twitter | x
    re: follow us on {social}

A ``[lists]`` section names word lists; ``{name}`` in a ``re:`` entry of the same
file, below the list, stands for any one of its words (regex-escaped, joined as a
trie: the longest word first, whatever their order). An unknown, empty or
twice-defined list, or one used above its definition, is a RuleError.

Which sections a file may open and what their entries must be is declared in
:mod:`cleaner.ruleschema`. A broken entry raises :class:`~cleaner.errors.RuleError`
naming file and line.
"""
from __future__ import annotations

import os
import re
import stat
import unicodedata
import warnings
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, NamedTuple, Optional, Sequence, Tuple

from .errors import RuleError, RuleWarning
from .regexindex import trie_regex
from .ruleschema import PAIR_SECTIONS, Sections, parse_entry

PACKAGE_RULES = Path(__file__).parent / "rules"

_EDGE_CHARS = " \t.:!?;,|•·*#>»«›‹→←↓-–—_=~\"'“”„‘’()[]{}/\\"


def phrase_key(text: str) -> str:
    """Fold a line for phrase lookup: case, apostrophes, spaces, edge punctuation.

    >>> phrase_key("  LEAVE A REPLY: ")
    'leave a reply'
    >>> phrase_key("You May Also Like…")
    'you may also like'
    """
    # one str.replace per apostrophe: str.translate with a table looks every character up,
    # four times the cost of the rest of the fold (every line of every text is folded)
    text = text.casefold().replace("’", "'").replace("‘", "'").replace("`", "'").replace("´", "'").replace("…", "")
    return " ".join(text.split()).strip(_EDGE_CHARS)


def parse_rule_file(path: Path, allowed: Sequence[str], folded: Iterable[str] = ()) -> Sections:
    """Parse one rule file into sections of entries; fail loudly on bad lines.

    A :class:`~cleaner.errors.RuleWarning` (the file still loads) for a section opened
    a second time in the file (one block per section) and, in the ``folded`` sections
    (phrases matched on :func:`phrase_key`), for an entry that folds to the same phrase
    as one before it ("name*" after "name"). The ``[lists]`` section is the file's
    word lists: expanded into its ``re:`` entries, not returned.
    """
    sections: Sections = {name: [] for name in allowed}
    folded, keys = set(folded), {}
    lines = list(_section_lines(path, allowed))
    lists = _word_lists(lines)
    for where, number, section, text in lines:
        if section == LISTS_SECTION:
            continue
        if text.startswith("re:") and section not in PAIR_SECTIONS:
            text = "re:" + _expand_lists(text[3:], lists, where, number)
        entry = parse_entry(text, section, where)
        if section in folded and not entry.is_regex:
            first = keys.setdefault((section, phrase_key(entry.value)), (entry.value, number))
            if first[1] != number:
                _warn(f"{where}: {entry.value!r} folds to the same phrase as {first[0]!r} (line {first[1]}) "
                      f"in [{section}]: one of them is enough")
        sections[section].append(entry)
    return sections


#: The section of a rule file that names word lists, allowed in every kind of file.
LISTS_SECTION = "lists"
_LIST_NAME = re.compile(r"[a-z][a-z0-9_-]*")
_LIST_USE = re.compile(r"(?<!\\)\{([a-z][a-z0-9_-]*)\}")  # "{social}"; a quantifier starts with a digit


class WordList(NamedTuple):
    """A named word list of a rule file: its alternation and the line defining it."""

    pattern: str  # the words as a trie, "(?:facebook|twitter|x(?:ing)?)": the longest word first
    number: int


def _section_lines(path: Path, allowed: Sequence[str]) -> Iterator[Tuple[str, int, str, str]]:
    """(where, line number, section, text) of each entry line of a rule file, NFC."""
    current: Optional[str] = None
    opened: Dict[str, int] = {}
    name = _display_name(path)
    for number, line in enumerate(read_regular_file(path).splitlines(), start=1):
        where = f"{name}:{number}"
        stripped = unicodedata.normalize("NFC", line.strip())
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            current = stripped[1:-1].strip()
            if current not in allowed and current != LISTS_SECTION:
                raise RuleError(f"{where}: unknown section [{current}]; expected one of "
                                f"{', '.join((LISTS_SECTION, *allowed))}")
            if current in opened:
                _warn(f"{where}: section [{current}] opened again (first at line {opened[current]}): "
                      "one block per section", level=4)  # from the generator, as parse_rule_file's caller
            opened.setdefault(current, number)
            continue
        if current is None:
            raise RuleError(f"{where}: entry before any [section] header")
        yield where, number, current, stripped


def _word_lists(lines: Iterable[Tuple[str, int, str, str]]) -> Dict[str, WordList]:
    """The word lists defined in the ``[lists]`` lines: ``name = word | word | ...``."""
    lists: Dict[str, WordList] = {}
    for where, number, section, text in lines:
        if section != LISTS_SECTION:
            continue
        name, sep, words_text = (part.strip() for part in text.partition("="))
        if not sep or not _LIST_NAME.fullmatch(name):
            raise RuleError(f"{where}: expected 'name = word | word' in [{LISTS_SECTION}] (a name of "
                            f"lowercase letters, digits, '-' or '_'), got {text!r}")
        if name in lists:
            raise RuleError(f"{where}: list {name!r} defined twice (first at line {lists[name].number})")
        words: List[str] = [w.strip() for w in words_text.split("|")] if words_text else []
        if not words or not all(words):
            raise RuleError(f"{where}: list {name!r} is empty or has an empty word: {text!r}")
        twice = next((w for n, w in enumerate(words) if w in words[:n]), None)
        if twice is not None:
            raise RuleError(f"{where}: {twice!r} is twice in list {name!r}")
        trie = trie_regex(words)  # "(?:...)" when the words differ in their first character
        lists[name] = WordList(trie if trie.startswith("(?:") else f"(?:{trie})", number)
    return lists


def _expand_lists(pattern: str, lists: Dict[str, WordList], where: str, number: int) -> str:
    """``pattern`` with each ``{name}`` replaced by its list's alternation."""
    def expand(use: "re.Match[str]") -> str:
        found = lists.get(use.group(1))
        if found is None:
            raise RuleError(f"{where}: unknown list {{{use.group(1)}}}: define it in a [{LISTS_SECTION}] "
                            "section above (write \\{ for a literal brace)")
        if found.number > number:
            raise RuleError(f"{where}: list {{{use.group(1)}}} used before its definition at line {found.number}")
        return found.pattern
    return _LIST_USE.sub(expand, pattern)


def _warn(message: str, level: int = 3) -> None:
    warnings.warn(RuleWarning(message), stacklevel=level)


MAX_RULE_FILE_BYTES = 16 * 1024 * 1024


def read_regular_file(path: Path) -> str:
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
