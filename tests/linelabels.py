"""Label each line of an extractor's text content or boilerplate against full-text gold.

Used by ``train_linescore.py`` (never at run time). A line is content when
most of its word tokens are matched, in order, in the gold text: the page's
token sequence is aligned with the gold's (difflib's longest matching
blocks, no junk heuristic), and a token counts as matched only inside a
matched block of at least ``MIN_BLOCK`` tokens -- or when its line has fewer
tokens than that and the block is the whole line, so that a heading
("Ingredients") between two paragraphs is content while a word that only
happens to be in the gold elsewhere is not. Order matters: a headline shown
twice on the page (above the menu and above the story) matches once, and
the copy that does not is boilerplate, which is what the gold's word counts
say of it too.

Tokens are the benchmarks' (``\\w+``, lower-cased).
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import List, Sequence, Tuple

MIN_BLOCK = 3
CONTENT_SHARE = 0.5

_WORD = re.compile(r"\w+")


def tokens(text: str) -> List[str]:
    return [m.group().lower() for m in _WORD.finditer(text)]


def matched_shares(lines: Sequence[str], gold: str) -> List[Tuple[int, float]]:
    """For each line: its token count and the share of its tokens matched in the gold."""
    page: List[str] = []
    owner: List[int] = []
    sizes = []
    for i, line in enumerate(lines):
        found = tokens(line)
        sizes.append(len(found))
        page.extend(found)
        owner.extend([i] * len(found))
    matched = [0] * len(lines)
    matcher = SequenceMatcher(None, page, tokens(gold), autojunk=False)
    for a, _, size in matcher.get_matching_blocks():
        if not size:
            continue
        first, last = owner[a], owner[a + size - 1]
        whole_line = first == last and sizes[first] == size
        if size < MIN_BLOCK and not whole_line:
            continue
        for k in range(a, a + size):
            matched[owner[k]] += 1
    return [(n, matched[i] / n if n else 0.0) for i, n in enumerate(sizes)]


def is_content(share: float) -> bool:
    return share >= CONTENT_SHARE
