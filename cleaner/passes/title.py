"""Pass `title`: a heading line at the top becomes ``metadata["title"]``.

The first line is a title when it stands alone in its paragraph, reads like a
heading (short, no closing sentence punctuation) and a body follows. A body
that opens with prose is never touched.
"""
from __future__ import annotations

from typing import Sequence

from ..article import Removal
from ..document import Line, PassResult
from .shape import has_letters, last_char, word_count

RULE = "title"
MAX_TITLE_CHARS = 300
MAX_TITLE_WORDS = 40


def prepare(rules) -> None:
    return None


def is_title(lines: Sequence[Line]) -> bool:
    if len(lines) < 2:
        return False
    first, second = lines[0], lines[1]
    text = first.text.strip()
    return (
        second.block != first.block
        and len(text) <= MAX_TITLE_CHARS
        and word_count(text) <= MAX_TITLE_WORDS
        and has_letters(text)
        and last_char(text) not in ".,;:"
    )


def run(lines: Sequence[Line], rules: None, meta: dict) -> PassResult:
    if not is_title(lines):
        return PassResult(list(lines))
    first = lines[0]
    removal = Removal(RULE, first.text, "heading line at the top, moved to metadata['title']", position=first.pos)
    return PassResult(list(lines[1:]), [removal], metadata={"title": first.text.strip()})
