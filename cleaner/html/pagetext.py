"""When trafilatura's fast extraction has left out much of the page: the test that sends
a fast result to the full search (:func:`cleaner.html.stages.extract_html`).

The full search (the fallback extractors compared) costs about as much again as the
fast one, so the test weighs the page twice: cheap sizes measured before the extractor
spends the tree, then, only when they point to a short result, the blocks of text of
the extractor's cleaned tree that the result does not hold.
"""
from __future__ import annotations

import re

import lxml.etree

from .nodes import INLINE, page_body, running_text, text_size

MAX_TEXT_SHARE = 3   # a fast result is searched again in full when the page holds over this many times its text,
MAX_PROSE_SHARE = 2  # ... or its paragraphs of prose over this many times
RESCUED_SHARE = 1.5  # ... or, when the result is not from the extractor's cleaned tree, this many times
PROSE_PARAGRAPH = 80  # chars: a <p> this long counts as prose
# ... and then when the page holds over this many times its text,
ALL_TEXT_SHARE = 8
# ... or the blocks of text it left out hold more than it, or, beside a short result, this many chars
MISSED_CHARS = 200
SHORT_RESULT = 1000  # chars
MIN_BLOCK_WORDS = 4  # a block's own text (links aside) this long counts as text the result may have missed
KEY_WORDS = 8        # a block is in the result when its first words are
_WORD = re.compile(r"\w+")
# inline elements whose text is part of their block's own text (links are not: menus, related headlines)
_INLINE = (INLINE | {"hi"}) - {"a"}


class PageText:
    """How much text the pruned page holds, measured before the extractor spends the tree."""

    def __init__(self, tree) -> None:
        self.size = text_size(page_body(tree))
        self.prose = 0
        for p in tree.iter("p"):
            size = text_size(p)
            if size >= PROSE_PARAGRAPH:
                self.prose += size

    def misses(self, text: str, page=None) -> bool:
        """Whether a fast result ``text`` leaves out much of the page: the page holds over
        MAX_TEXT_SHARE times its text, or its paragraphs of prose over MAX_PROSE_SHARE times;
        and, given ``page`` (the extractor's cleaned tree), the result is empty, the page holds
        over ALL_TEXT_SHARE times its text, or the blocks of text that the result does not hold
        (:func:`missed_text`) are more than it, or over MISSED_CHARS beside a result under
        SHORT_RESULT chars. Before all that: the extractor's cleaned tree holds under half of
        the result (its baseline rescue's, read from the page its cleaning had all but emptied)
        while the page holds over RESCUED_SHARE times the result. (The first test alone sent
        169 of the first dev set's 884 pages to the full search, 17% of the HTML time, most of
        them pages of menus and link lists the result never held; with the second 96, for the
        same recall on wcxb-dev articles and sites-dev. The rescue test adds 3 of them.)"""
        found = len(text)
        if page is not None and found and self.size > RESCUED_SHARE * found and text_size(page) < found / 2:
            # the extractor's cleaned tree holds under half the result: its own cleaning deleted
            # most of the page (a <nav> or <button> left open around the story), the result is
            # its baseline rescue's, and a third of the page's text or more is not in it
            return True
        if not (self.size > MAX_TEXT_SHARE * found or self.prose > MAX_PROSE_SHARE * found):
            return False
        if page is None or not found or self.size > ALL_TEXT_SHARE * found:
            return True
        missed = missed_text(page, text)
        return missed > found or (found < SHORT_RESULT and missed > MISSED_CHARS)


def missed_text(page, text: str) -> int:
    """Chars of the blocks of ``page`` whose own text (their inline children's included,
    links left out) has MIN_BLOCK_WORDS words or more and is not in ``text``."""
    found = " ".join(_WORD.findall(text.lower()))
    missed = 0
    for el in page.iter(lxml.etree.Element):
        if el.tag in _INLINE or el.tag == "a":
            continue
        words = _WORD.findall(running_text(el, _INLINE).lower())
        if len(words) >= MIN_BLOCK_WORDS and " ".join(words[:KEY_WORDS]) not in found:
            missed += sum(map(len, words)) + len(words) - 1
    return missed
