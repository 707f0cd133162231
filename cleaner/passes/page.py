"""Pass `page-chrome`: in whole-page text, keep the article and drop the page
around it (menus, sidebars, tables of other content, footers).

Extractors that dump all visible text (html-text, BeautifulSoup.get_text)
leave the article inside the page's chrome. The pass decides with evidence
from the whole document, never from one line alone:

1. Each line is classed as *prose* (enough words, a fair share of them
   function words of some language, sentence punctuation), *chrome* (a short
   label: a few words, no sentence) or *short* (anything in between: titles,
   subheadings, short paragraphs).
2. The article core is the stretch of lines where prose outweighs chrome
   most (a maximum-sum segment: prose scores by its words, every other line
   costs a little, a line repeated elsewhere on the page costs more).
   The core ends early at a run of labels (tags, a share row, a menu)
   after which it holds little prose, in pieces (teasers of other stories)
   or with a line only page chrome holds (a sign-up pitch, a comment box);
   one closing paragraph after a list stays, and so does what shows the story
   going on: labels the story repeats above (or their fields' names, the
   "Price" of "Price: 12 euros"), the next number of its numbered items, or
   paragraphs in a row before any line only page chrome holds; nor where the
   labels are a list the story introduces ("... include:") and goes on after,
   where a chrome phrase after them is one the story's items repeat ("More on
   <band>"), or where what follows reads as the story's: notes numbered 1, 2, 3,
   paragraphs too long for teasers, or prose in the core's own words.
   A line written as a list item ("- linen") is the article's list, not a label.
   A ranked table right after the core (rows numbered 1, 2, 3 of labels) is the
   article's, and so is an outline right after it (parts numbered 1, 2, 3, each over
   its lessons as labels: a course's syllabus).
3. The article runs from its title (the page's first line, its <title>,
   found again nearest above the core; else the heading-like lines right above it)
   to the end of the core plus the non-label lines right after it (a closing
   line, a list). Above it the page header goes, below it the footer.
   A core of one paragraph that does not hold the headline (the page's first
   line, or its opening words before the site's name), when that headline stands
   again below it among labels only, with no prose near above it, is a sidebar's
   blurb: the story is the headline and the non-label lines right after it
   (an image post: "via <source>", one sentence), up to a run of labels.
   An article that opens with its headline found again (and that line holds
   the <title>'s story part, not the site's name) leaves a note for `title`,
   which takes it as the title, and `line-score`, which spares it.
4. When: ``whole_page="auto"`` (the default) cuts only long text with a
   clear article: text that looks like a page (mostly labels, several
   menu-like runs) whose core holds most of the prose, the title near it;
   or text with a menu above its prose whose page title (its first line)
   stands again right above a core holding most of the prose, or whose
   first line reads as a page title ("Story | Site") and whose core holds
   nearly all of it.
   A core of less prose than one full paragraph (:data:`MIN_CORE_WORDS`) with
   no page title right above it is no such article (a listing's intro, a
   product's blurb): nothing is cut. Under its title, with a long page below
   it (over :data:`FOOTER_LINES` lines), it may be a listing's intro over its
   items: the article then runs on to the first line only page chrome holds.
   A page whose article start is unclear loses only its footer, and only
   when the core ends at a run of labels, little prose lies below, and a
   line near the article's end is one only page chrome holds (a copyright,
   a share row, a comment form, a related heading): a long list that goes
   on below the story's prose (the brands a guide lists, the names it
   thanks) with the page's copyright only at its far end is the story's.
   ``whole_page=True`` cuts any long text with a menu above its prose.
   Whatever the cut, a shop's grid of items (:data:`pageshape.ITEM_PRICES` price lines
   or more, close together) stays whole with all between it and the article: it is
   what the page is for, not its header or footer.

Step 2's end of the core (the runs of labels and what shows the story going on,
the ranked table, the outline) is :mod:`cleaner.passes.pagetail`; what the two share (the
rules, a line folded, runs of classes, the lines only page chrome holds) is
:mod:`cleaner.passes.pageshape`; the page's <title> and its headline found
again, :mod:`cleaner.passes.pagetitle`.
"""
from __future__ import annotations

import re
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

from ..document import HEADLINE, Line, PassResult, drop_lines
from ..letters import WORD
from ..rules import RuleSet
from .pageshape import MARKS, PageRules, item_runs, marked, runs
from .pagetail import extend_end, outline_end, table_end, trim_tail
from .pagetitle import is_headline, is_page_title, names_the_story, title_line
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
PROSE_CAP = 80                # words a prose line can score at most
# A core of less prose than this (a paragraph's worth) with no page title right above it
# is no article the pass is sure of (a listing's intro, a product's blurb, the one sentence
# over a chart): nothing is cut. wcxb-dev: 25 whole-page texts of listings, collections and
# services kept their items (0.994 of a listing's gold instead of 0.002); no article moved.
MIN_CORE_WORDS = PROSE_CAP
SHORT_COST = 1.0
CHROME_COST = 2.0
REPEAT_COST = 3.0             # a line seen elsewhere on the page: menus shown twice
STORY_CORE_LINES = 1          # a core of this many prose lines (a sidebar's blurb) ...
STORY_NEAR = 6                # ... with the headline again below it: no prose this close above that, ...
STORY_FOOT = 3                # ... its lines up to a run of this many labels, ...
STORY_REACH = 30              # ... at most this many of them
# Auto mode, for text nobody said is a page: judged so that no extractor's
# article text qualifies (dev set: 2 of 817 trafilatura texts, left unchanged).
AUTO_MIN_LINES = 40
AUTO_CHROME_SHARE = 0.5
AUTO_CHROME_RUNS = 3          # menu-like runs of MIN_CHROME_RUN labels or more
TITLE_NEAR = 20               # the page title found again this close above the core
FOOTER_LINES = 40             # below a short core, more lines than this may be a listing's items, not a footer
FOOTER_RUN = 3                # a page cut below only: labels right after the core ...
FOOTER_SHARE = 0.2            # ... and at most this share of the page's prose below them,
FOOTER_REACH = 80             # ... and a line only page chrome holds (pageshape.MARKS) this close below the end
TITLED_SHARE = 0.6            # share of the page's prose score the core must hold
UNTITLED_SHARE = 0.9
# A line an extractor wrote as a list item ("- organic cotton"): the article's list, not a menu's label
_LIST_ITEM = re.compile(r"[-•*▪◦] \S")


def prepare(rules: RuleSet, config=None, site_rules=None) -> PageRules:
    whole_page = "auto" if config is None else config.whole_page
    union: set = set()
    for words in rules.stopwords.values():
        union |= words
    marks = tuple(rules.boilerplate[name] for name in MARKS)
    return PageRules(frozenset(union), "page" if whole_page is True else "auto", marks)


def classify_lines(lines: Sequence[Line], stopwords: FrozenSet[str]) -> List[str]:
    """The class of every line. The first line, when it reads as the page's <title>
    ("Story | Site | 23.05.2011"), is a title, not prose, however many words it has:
    as prose it would pull the core to the top of the page."""
    classes = [_classify(line.text, line.words, stopwords) for line in lines]
    if classes and classes[0] == "prose" and is_page_title(lines[0].text):
        classes[0] = "short"
    return classes


def classify(text: str, stopwords: FrozenSet[str]) -> str:
    """'prose', 'short' or 'chrome' for one line."""
    return _classify(text, WORD.findall(text.casefold()), stopwords)


def _classify(text: str, words: Sequence[str], stopwords: FrozenSet[str]) -> str:
    """:func:`classify`, the line's folded words given."""
    n = len(words)
    if n == 0:
        return "chrome"
    ends = ends_like_sentence(text)
    sentence = ends or "." in text or "!" in text or "?" in text
    if n >= LONG_PROSE_WORDS and sentence:
        return "prose"
    if n >= PROSE_MIN_WORDS and sentence:
        stop = sum(map(stopwords.__contains__, words))
        if stop / n >= PROSE_MIN_STOP_RATIO:
            return "prose"
    if n <= CHROME_MAX_WORDS and not ends and not _LIST_ITEM.match(text):
        return "chrome"
    return "short"


def is_page(classes: Sequence[str]) -> bool:
    """Whole-page text: long, much chrome, and a menu-like run above the prose."""
    if len(classes) < MIN_LINES or "prose" not in classes:
        return False
    if classes.count("chrome") < MIN_CHROME_SHARE * len(classes):
        return False
    first_prose = classes.index("prose")
    return any(e - b >= MIN_CHROME_RUN for b, e in runs(classes[:first_prose], ("chrome",)))


def line_scores(lines: Sequence[Line], classes: Sequence[str]) -> List[float]:
    """What each line adds to the article: prose its words, others a cost."""
    seen: Dict[str, int] = {}
    folded = [line.folded for line in lines]
    for key in folded:
        seen[key] = seen.get(key, 0) + 1
    scores = []
    for line, cls, key in zip(lines, classes, folded):
        if cls == "prose":
            score = min(len(line.words), PROSE_CAP)  # the words of its key
        else:
            score = -(CHROME_COST if cls == "chrome" else SHORT_COST)
        if seen[key] > 1:
            score -= REPEAT_COST
        scores.append(score)
    return scores


def best_segment(scores: Sequence[float]) -> Tuple[int, int]:
    """[start, end) of the stretch with the largest sum (Kadane)."""
    best, best_span = float("-inf"), (0, 0)
    total, start = 0.0, 0
    for i, s in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += s
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _core(lines: Sequence[Line], classes: Sequence[str]) -> Tuple[List[float], int, int]:
    """Line scores and [start, end) of the article core."""
    scores = line_scores(lines, classes)
    start, end = best_segment(scores)
    return scores, start, end


def story_below(lines: Sequence[Line], classes: Sequence[str], core: Tuple[List[float], int, int]) -> Optional[
        Tuple[int, int]]:
    """[start, end) of the story when the core is a sidebar's blurb above it: the page's
    headline (its first line, the <title>) stands again below the core, alone on a line,
    after labels only (no prose within STORY_NEAR lines above it); right after it come the
    only lines near it that are not labels (the story's, up to a run of STORY_FOOT labels),
    and the core above, STORY_CORE_LINES paragraphs at most, holds no line of the headline."""
    scores, start, end = core
    title = lines[0].folded
    if len(lines[0].words) < 3 or classes[start:end].count("prose") > STORY_CORE_LINES:
        return None
    keys = [line.folded for line in lines]
    if any(is_headline(title, keys[k]) for k in range(start, end)):
        return None
    for h in range(end, len(lines)):
        if not is_headline(title, keys[h]) or "prose" in classes[max(0, h - STORY_NEAR):h]:
            continue
        stop = _story_end(classes, h + 1)
        if stop is not None:
            return h, stop
    return None


def _story_end(classes: Sequence[str], at: int) -> Optional[int]:
    """The end of the non-label lines after a headline, before STORY_FOOT labels in a row."""
    last, labels = None, 0
    for k in range(at, min(at + STORY_REACH, len(classes))):
        if classes[k] != "chrome":
            last, labels = k + 1, 0
        else:
            labels += 1
            if labels >= STORY_FOOT:
                return last
    return None


def article_span(lines: Sequence[Line], classes: Sequence[str], core: Tuple[List[float], int, int],
                 rules: PageRules) -> Tuple[int, int, bool]:
    """[start, end) from the title to the end of the article core, and whether ``start``
    is the headline (the page's <title> seen again above the core)."""
    scores, start, end = core
    end = trim_tail(lines, classes, scores, start, end, rules)
    anchor = title_line(lines, start, nearest=True)
    if anchor is not None:
        return anchor, end, True
    head = 0
    # The title, lead or byline right above the story: the two nearest lines
    # whatever their class (a title is often as short as a menu item), a
    # third only if it is not menu-like.
    while start > 0 and head < HEAD_LINES and (head < 2 or classes[start - 1] == "short"):
        start -= 1
        head += 1
    return start, end, False


def _span(lines: Sequence[Line], classes: Sequence[str], core: Tuple[List[float], int, int],
          rules: PageRules) -> Tuple[int, int, bool]:
    """[start, end) of the article around its core: its title, closing lines and table;
    and whether it opens with the headline."""
    start, end, headed = article_span(lines, classes, core, rules)
    end = extend_end(classes, end)
    return start, outline_end(lines, classes, extend_end(classes, table_end(lines, classes, end))), headed


def looks_like_page(classes: Sequence[str]) -> bool:
    """All the visible text of a page: long, mostly labels, several menu-like runs."""
    menus = sum(1 for b, e in runs(classes, ("chrome",)) if e - b >= MIN_CHROME_RUN)
    return (len(classes) >= AUTO_MIN_LINES and classes.count("chrome") >= AUTO_CHROME_SHARE * len(classes)
            and menus >= AUTO_CHROME_RUNS)


def clear_article(lines: Sequence[Line], core: Tuple[List[float], int, int], titled_only: bool = False) -> bool:
    """The core holds most of the page's prose, and the page title stands just above it
    (or, unless ``titled_only``, it holds nearly all the prose): only then is the cut
    made unasked."""
    scores, start, end = core
    share = sum(scores[start:end]) / max(sum(s for s in scores if s > 0), 1)
    titled = _titled(lines, start)
    return (titled and share >= TITLED_SHARE) or (not titled_only and share >= UNTITLED_SHARE)


def _titled(lines: Sequence[Line], start: int) -> bool:
    """The page title (its first line) stands again just above the core at ``start``."""
    anchor = title_line(lines, start, nearest=True, loose=True)
    return anchor is not None and start - anchor <= TITLE_NEAR


def _slight(core: Tuple[List[float], int, int]) -> bool:
    """The core holds less prose than one full paragraph (:data:`MIN_CORE_WORDS`)."""
    scores, start, end = core
    return sum(s for s in scores[start:end] if s > 0) < MIN_CORE_WORDS


def _cut_footer(lines: Sequence[Line], classes: Sequence[str], core: Tuple[List[float], int, int],
                rules: PageRules) -> PassResult:
    """A page whose article is unclear at the top (no title found above it, or
    prose around) may still end clearly (:func:`_footer_start`): then only the footer goes."""
    end = _footer_start(lines, classes, core, rules)
    if end is not None:
        end = _with_items(lines, 0, end)[1]
    if end is None or end >= len(lines):
        return PassResult(list(lines))
    why = (f"whole-page text: page footer below the article (lines {end + 1}-{len(lines)} of {len(lines)};"
           " the head kept: the article's start is unclear)")
    return drop_lines(lines, dict.fromkeys(range(end, len(lines)), why), RULE)


def _with_items(lines: Sequence[Line], start: int, end: int) -> Tuple[int, int]:
    """[start, end) of the article widened to hold every run of items on sale on the page
    (:func:`pageshape.item_runs`): a shop's grid is what its page is for, never its chrome."""
    found = item_runs(lines)
    if found:
        start, end = min(start, found[0][0]), max(end, found[-1][1])
    return start, end


def _footer_start(lines: Sequence[Line], classes: Sequence[str], core: Tuple[List[float], int, int],
                  rules: PageRules) -> Optional[int]:
    """Where the page's footer starts below the core, when that is clear: a run of labels
    right after the core, little prose anywhere below, and below a line that only page
    chrome holds (a copyright, a share row, a comment form, a related heading) within
    FOOTER_REACH lines. The rows of a table or list that goes on after its last long
    cell have none, and when the first such line stands only below a long run of them,
    nothing says where the story's list ends and the page's footer starts: None."""
    scores, start, end = core
    end = extend_end(classes, trim_tail(lines, classes, scores, start, end, rules))  # the article's end only
    end = extend_end(classes, table_end(lines, classes, end))
    labels = 0
    while end + labels < len(classes) and classes[end + labels] == "chrome":
        labels += 1
    prose = sum(s for s in scores if s > 0)
    below = sum(s for s in scores[end:] if s > 0)
    if labels < FOOTER_RUN or below > FOOTER_SHARE * prose or not any(
            marked(line, rules) for line in lines[end:end + FOOTER_REACH]):
        return None
    return end


def run(lines: Sequence[Line], rules: PageRules, meta: dict) -> PassResult:
    if len(lines) < (AUTO_MIN_LINES if rules.mode == "auto" else MIN_LINES):
        return PassResult(list(lines))  # too short to be a page: the usual case, decided without a look
    classes = classify_lines(lines, rules.stopwords)
    if rules.mode == "auto":
        if "prose" not in classes:
            return PassResult(list(lines))
        looks = looks_like_page(classes)
        if not looks and not is_page(classes):
            return PassResult(list(lines))
        core = _core(lines, classes)
        story = story_below(lines, classes, core)
        if story is None and _slight(core) and not _titled(lines, core[1]):
            return PassResult(list(lines))  # a listing's intro, a product's blurb: no article to cut around
        # a page by its labels: a clear article; fewer labels, but a menu above the prose: the
        # page's title seen again right above the core or (a page's title first: not an
        # extractor's article) nearly all prose in it
        if story is None and not clear_article(lines, core, titled_only=not looks and not is_page_title(lines[0].text)):
            return _cut_footer(lines, classes, core, rules)
    elif not is_page(classes):
        return PassResult(list(lines))
    else:
        core = _core(lines, classes)
        story = story_below(lines, classes, core)
    start, end, headed = (*story, True) if story else _span(lines, classes, core, rules)
    if story is None and _slight(core) and len(lines) - end > FOOTER_LINES:
        # a short core under its title with a long page below it: a short story, or a
        # listing's intro over its items; the article runs on to the first line that only
        # page chrome holds
        end = next((k for k in range(core[1] + 1, len(lines)) if marked(lines[k], rules)), len(lines))
    start, end = _with_items(lines, start, end)
    where = f"lines {start + 1}-{end} of {len(lines)}"
    if story:
        where += "; the story under the headline found again below a lone blurb"
    marks: Dict[int, str] = {}
    for i in range(len(lines)):
        if i < start:
            marks[i] = f"whole-page text: page header above the article ({where})"
        elif i >= end:
            marks[i] = f"whole-page text: page footer below the article ({where})"
    result = drop_lines(lines, marks, RULE)
    if headed and start > 0 and names_the_story(lines[0].text, lines[start].folded):
        result.metadata[HEADLINE] = lines[start].pos  # now the text's first line: for `title` and `line-score`
    return result
