"""Pass `page-chrome`: in whole-page text, keep the article and drop the page
around it (menus, sidebars, tables of other content, footers).

Off unless ``Config(whole_page=True)`` (``--whole-page``). Measured on the dev
set's html-text output it lifts F1 from 0.745 to 0.801 but costs 0.05 recall,
and on extractors' article text it costs about 0.005 recall: not yet safe
enough to run by default.

Extractors that dump all visible text (html-text, BeautifulSoup.get_text)
leave the article inside the page's chrome. The pass decides with evidence
from the whole document, never from one line alone:

1. Each line is classed as *prose* (enough words, a fair share of them
   function words of some language, sentence punctuation), *chrome* (a short
   label: a few words, no sentence) or *short* (anything in between: titles,
   subheadings, short paragraphs).
2. Page mode: only a long text with much chrome and a menu-like run above
   its first prose is treated as a whole page; an extractor's article text
   is left alone.
3. Prose lines close together form clusters; the article runs from the
   first to the last substantial cluster (a story continued after a sidebar
   stays whole), with the heading-like lines right above it (title, lead,
   byline). The page header above it and the footer below it go, and so do
   long menu-like runs inside it. Short lines within the article stay.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Sequence, Tuple

from ..document import Line, PassResult, drop_lines
from ..rules import RuleSet
from .shape import ends_like_sentence

RULE = "page-chrome"
PROSE_MIN_WORDS = 10
PROSE_MIN_STOP_RATIO = 0.18
LONG_PROSE_WORDS = 30         # a line this long is prose even with few stopwords
CHROME_MAX_WORDS = 4
MIN_LINES = 20                # shorter texts are never treated as a page
MIN_CHROME_SHARE = 0.35       # of all lines
MIN_CHROME_RUN = 5            # consecutive chrome lines: a menu, a table, a footer
HEAD_LINES = 3                # heading-like lines above the article that join it
CLUSTER_GAP = 6               # prose lines this close belong to one cluster
CLUSTER_MIN_WORDS = 60        # a cluster this large is part of the article
INNER_CHROME_RUN = 8          # a menu-like run this long inside the article span goes
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class PageRules:
    stopwords: FrozenSet[str]


def prepare(rules: RuleSet) -> PageRules:
    union: set = set()
    for words in rules.stopwords.values():
        union |= words
    return PageRules(frozenset(union))


def classify(text: str, stopwords: FrozenSet[str]) -> str:
    """'prose', 'short' or 'chrome' for one line."""
    words = _WORD.findall(text.casefold())
    n = len(words)
    if n == 0:
        return "chrome"
    sentence = ends_like_sentence(text) or any(c in text for c in ".!?")
    if n >= LONG_PROSE_WORDS and sentence:
        return "prose"
    if n >= PROSE_MIN_WORDS and sentence:
        stop = sum(1 for w in words if w in stopwords)
        if stop / n >= PROSE_MIN_STOP_RATIO:
            return "prose"
    if n <= CHROME_MAX_WORDS and not ends_like_sentence(text):
        return "chrome"
    return "short"


def _runs(classes: Sequence[str], kinds: Tuple[str, ...]) -> List[Tuple[int, int]]:
    """[start, end) of each run of lines whose class is in ``kinds``."""
    runs, begin = [], None
    for i, c in enumerate(list(classes) + ["end"]):
        if c in kinds and begin is None:
            begin = i
        elif c not in kinds and begin is not None:
            runs.append((begin, i))
            begin = None
    return runs


def is_page(classes: Sequence[str]) -> bool:
    """Whole-page text: long, much chrome, and a menu-like run above the prose."""
    if len(classes) < MIN_LINES or "prose" not in classes:
        return False
    if classes.count("chrome") < MIN_CHROME_SHARE * len(classes):
        return False
    first_prose = classes.index("prose")
    return any(e - b >= MIN_CHROME_RUN for b, e in _runs(classes[:first_prose], ("chrome",)))


def prose_clusters(lines: Sequence[Line], classes: Sequence[str]) -> List[Tuple[int, int, int]]:
    """(first, last, words) of each group of prose lines no more than CLUSTER_GAP apart."""
    clusters: List[List[int]] = []
    for i, c in enumerate(classes):
        if c != "prose":
            continue
        words = len(_WORD.findall(lines[i].text))
        if clusters and i - clusters[-1][1] <= CLUSTER_GAP:
            clusters[-1][1] = i
            clusters[-1][2] += words
        else:
            clusters.append([i, i, words])
    return [tuple(c) for c in clusters]


def article_span(lines: Sequence[Line], classes: Sequence[str]) -> Tuple[int, int]:
    """[start, end): from the first to the last substantial prose cluster.

    The largest cluster is the story; others count when they are large too
    (the story continued after a sidebar), so nothing substantial is cut off.
    """
    clusters = prose_clusters(lines, classes)
    biggest = max(c[2] for c in clusters)
    kept = [c for c in clusters if c[2] >= min(CLUSTER_MIN_WORDS, biggest)]
    start, end = kept[0][0], kept[-1][1] + 1
    head = 0
    # The title, lead or byline right above the story: the two nearest lines
    # whatever their class (a title is often as short as a menu item), a
    # third only if it is not menu-like.
    while start > 0 and head < HEAD_LINES and (head < 2 or classes[start - 1] == "short"):
        start -= 1
        head += 1
    return start, end


def run(lines: Sequence[Line], rules: PageRules, meta: dict) -> PassResult:
    classes = [classify(line.text, rules.stopwords) for line in lines]
    if not is_page(classes):
        return PassResult(list(lines))
    start, end = article_span(lines, classes)
    where = f"lines {start + 1}-{end} of {len(lines)}"
    marks: Dict[int, str] = {}
    for i in range(len(lines)):
        if i < start:
            marks[i] = f"whole-page text: page header above the article ({where})"
        elif i >= end:
            marks[i] = f"whole-page text: page footer below the article ({where})"
    for b, e in _runs(classes[start:end], ("chrome",)):
        if e - b >= INNER_CHROME_RUN:
            for i in range(start + b, start + e):
                marks[i] = f"whole-page text: a run of {e - b} menu-like lines inside the page ({where})"
    return drop_lines(lines, marks, RULE)
