"""What the parts of pass `page-chrome` share: its rules, a line folded, runs of classes,
the lines only page chrome holds (cleaner/passes/page.py cuts the article out,
cleaner/passes/pagetail.py finds where it ends)."""
from __future__ import annotations

import re
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


# A line that gives a price: a currency sign or code next to a number ("$24", "€ 12,50", "19.99 EUR", "kr 300")
_PRICE = re.compile(r"[$€£¥₹]\s?\d|(?<![\w.,])(?:USD|EUR|GBP|CHF|kr|zł)\s?\d"
                    r"|\d(?:[.,]\d{2})?\s?(?:[$€£¥₹]|(?:USD|EUR|GBP|CHF|kr|zł|Kč|Ft)\b)")
PRICE_MAX_CHARS = 80          # a price line is short: an item's field, not a sentence quoting a sum
ITEM_PRICES = 30              # a page of items on sale (not a carousel of a dozen): this many price lines ...
ITEM_GAP = 12                 # ... each at most this many lines after the one before


def item_runs(lines: Sequence[Line]) -> List[Tuple[int, int]]:
    """[start, end) of each run of items on sale: ITEM_PRICES price lines or more, each
    within ITEM_GAP lines of the one before (a product grid: name, colour, price, badge,
    again and again). A run opens one record's length (the gaps' median) before its first
    price, for that item's name, and ends right after its last price's line."""
    prices = [k for k, line in enumerate(lines) if len(line.text) <= PRICE_MAX_CHARS and _PRICE.search(line.text)]
    found: List[Tuple[int, int]] = []
    group: List[int] = []
    for k in prices + [None]:
        if k is not None and (not group or k - group[-1] <= ITEM_GAP):
            group.append(k)
            continue
        if len(group) >= ITEM_PRICES:
            gaps = sorted(b - a for a, b in zip(group, group[1:]))
            found.append((max(0, group[0] - gaps[len(gaps) // 2] + 1), group[-1] + 1))
        group = [k] if k is not None else []
    return found
