"""The rule-file format, and reading a rule file safely.

Every rule file has one format, parsed by :func:`parse_rule_file`::

    # a comment (whole lines only: phrases may contain '#')
    [section]
    a plain phrase
    re: a regular expression
    left = right            (only in sections that hold pairs)

Which sections a file may open and what their entries must be is declared in
:mod:`cleaner.ruleschema`. A broken entry raises :class:`~cleaner.errors.RuleError`
naming file and line.
"""
from __future__ import annotations

import os
import stat
import unicodedata
import warnings
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .errors import RuleError, RuleWarning
from .ruleschema import Sections, parse_entry

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
    as one before it ("name*" after "name").
    """
    sections: Sections = {name: [] for name in allowed}
    folded, opened, keys = set(folded), {}, {}
    current: Optional[str] = None
    raw = read_regular_file(path)
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
        entry = parse_entry(stripped, current, where)
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
