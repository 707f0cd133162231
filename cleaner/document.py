"""The working form of a text: non-empty lines that remember their paragraph."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from .article import Change, Removal
from .letters import WORD
from .rules import phrase_key


class once:
    """A property computed on first use and kept in the instance's ``__dict__``, where later
    reads find it before the descriptor: functools.cached_property without its lock (Python
    3.11 takes one on every first read, which costs more than a short line's fold). Two
    threads reading a fresh line at once may both compute it; both get the same value."""

    def __init__(self, func):
        self.func, self.name, self.__doc__ = func, func.__name__, func.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


# Notes one pass leaves for later ones ride in the metadata under keys opening
# with "_"; Cleaner.clean_text takes them out before the article is built.
NOTE = "_"
HEADLINE = "_headline"  # page-chrome: Line.pos of the page's headline, which opens the text it kept


@dataclass(frozen=True)
class Line:
    text: str
    block: int  # paragraph number: lines of one paragraph share it
    pos: int    # line number in the input, for audit order
    seq: int = 0  # index among the input's non-empty lines: tells what stood between two lines

    @once
    def key(self) -> str:
        """The folded form phrase rules match on; computed once for all passes."""
        return phrase_key(self.text)

    @once
    def words(self) -> List[str]:
        """The line's words, case-folded (:data:`cleaner.letters.WORD` over the folded text),
        as page-chrome counts and compares lines; computed once. Do not change the list."""
        return WORD.findall(self.text.casefold())

    @once
    def folded(self) -> str:
        """The words one space apart: :func:`cleaner.letters.fold_words` of the text."""
        return " ".join(self.words)


def split_lines(text: str) -> List[Line]:
    """Split text into non-empty lines; blank lines separate paragraphs."""
    lines: List[Line] = []
    block = 0
    for pos, raw in enumerate(text.split("\n")):
        if raw.strip():
            lines.append(Line(raw, block, pos, len(lines)))
        elif lines and lines[-1].block == block:
            block += 1
    return lines


def join_lines(lines: Sequence[Line]) -> str:
    """Lines of one paragraph joined by a newline, paragraphs by one blank line."""
    parts: List[str] = []
    previous = None
    for line in lines:
        if previous is not None:
            parts.append("\n" if line.block == previous else "\n\n")
        parts.append(line.text)
        previous = line.block
    return "".join(parts)


@dataclass
class PassResult:
    """What one pass returns: the new lines plus records of what it did."""

    lines: List[Line]
    removed: List[Removal] = field(default_factory=list)
    changes: List[Change] = field(default_factory=list)
    metadata: Dict[str, object] = field(default_factory=dict)


def drop_lines(lines: Sequence[Line], marks: Dict[int, str], rule: str,
               scores: Optional[Dict[int, float]] = None) -> PassResult:
    """Remove the lines at the indexes in ``marks`` (index -> reason) under ``rule``;
    ``scores`` (index -> score) for a rule that has them (else 1.0)."""
    if not marks:
        return PassResult(list(lines))
    kept = [line for i, line in enumerate(lines) if i not in marks]
    scores = scores or {}
    removed = [Removal(rule, lines[i].text, reason, position=lines[i].pos, score=scores.get(i, 1.0))
               for i, reason in sorted(marks.items())]
    return PassResult(kept, removed)
