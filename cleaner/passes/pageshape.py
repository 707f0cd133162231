"""What the parts of pass `page-chrome` share: its rules, a line folded, runs of classes,
the lines only page chrome holds (cleaner/passes/page.py cuts the article out,
cleaner/passes/pagetail.py finds where it ends)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, List, Sequence, Tuple

from ..document import Line
from ..letters import fold_words
from ..rules import PhraseRule

# The rules whose phrases name a line only page chrome holds (a sign-up pitch, a comment
# form, a related heading): evidence of the page around the article, for both cuts
MARKS = ("promo", "comment-form", "related-links.trigger")
MARK_MAX_CHARS = 100          # such a line is short


@dataclass(frozen=True)
class PageRules:
    stopwords: FrozenSet[str]
    mode: str = "auto"   # "auto": only text that looks like a page; "page": the caller says it is one
    marks: Tuple[PhraseRule, ...] = ()  # lines only page chrome holds: a copyright, a comment form, a related heading


def runs(classes: Sequence[str], kinds: Tuple[str, ...]) -> List[Tuple[int, int]]:
    """[start, end) of each run of lines whose class is in ``kinds``."""
    found, begin = [], None
    for i, c in enumerate(list(classes) + ["end"]):
        if c in kinds and begin is None:
            begin = i
        elif c not in kinds and begin is not None:
            found.append((begin, i))
            begin = None
    return found


fold = fold_words  # a line's words, case-folded: how lines and titles are compared

def marked(line: Line, rules: PageRules) -> bool:
    """A line that only page chrome holds: a phrase of the promo, comment-form or related rules."""
    return len(line.text) <= MARK_MAX_CHARS and any(mark.match(line.key) for mark in rules.marks)
