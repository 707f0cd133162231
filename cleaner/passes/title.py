"""Pass `title`: a heading line at the top becomes ``metadata["title"]``.

The first line is a title when it stands alone in its paragraph, reads like a
heading (short, no sentence punctuation at its end) and the next paragraph
reads like a sentence. That makes the decision idempotent: the body left
behind opens with a sentence, which is never taken for a title, so cleaning
clean text changes nothing. The price: a headline ending in "?" or "!", or one
followed by a standfirst without a full stop, stays in the body.

Whole-page text whose article page-chrome cut out around its headline (the
page's <title> seen again above the story) opens with that headline: it is the
title, whatever follows it, as long as it has a heading's length.

Text from HTML comes with its title in the metadata (the page says which its
headline is, and the HTML path took that line out): then the pass leaves
the text alone.
"""
from __future__ import annotations

from typing import Sequence

from ..article import Removal
from ..document import HEADLINE, Line, PassResult
from .shape import ends_like_sentence, has_letters, is_headline_like

RULE = "title"


def prepare(rules, config=None, site_rules=None) -> None:
    return None


def is_title(lines: Sequence[Line]) -> bool:
    if len(lines) < 2:
        return False
    first, second = lines[0], lines[1]
    text = first.text.strip()
    return (
        second.block != first.block
        and has_letters(text)
        and not reads_like_sentence(text)  # exact complement: see the module doc
        and reads_like_sentence(second.text)
    )


def reads_like_sentence(text: str) -> bool:
    """The opposite of a title candidate: sentence punctuation, or too long."""
    text = text.strip()
    return ends_like_sentence(text) or not is_headline_like(text)


def is_page_headline(lines: Sequence[Line], meta: dict) -> bool:
    """The first line is the headline page-chrome found the page's <title> again in."""
    return bool(lines) and lines[0].pos == meta.get(HEADLINE) and is_headline_like(lines[0].text.strip())


def run(lines: Sequence[Line], rules: None, meta: dict) -> PassResult:
    if meta.get("title"):
        return PassResult(list(lines))
    if is_page_headline(lines, meta):
        why = "the page's headline (its <title> seen again above the article), moved to metadata['title']"
    elif is_title(lines):
        why = "heading line at the top, moved to metadata['title']"
    else:
        return PassResult(list(lines))
    first = lines[0]
    removal = Removal(RULE, first.text, why, position=first.pos)
    return PassResult(list(lines[1:]), [removal], metadata={"title": first.text.strip()})
