"""Where the article ends in whole-page text (pass `page-chrome`, step 2 of
cleaner/passes/page.py): the core's end at a run of labels, unless what follows
shows the story going on, and a ranked table right after it."""
from __future__ import annotations

import re
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

from ..document import Line
from ..letters import WORD
from .pageshape import PageRules, fold, marked, runs

TAIL_RUN = 2                  # labels in a row that may end the core ...
TAIL_SHARE = 0.35             # ... when the prose after them is under this share of the prose before
TAIL_PIECES = 2               # ... and comes in this many stretches or more (or a chrome phrase is among it)
TEMPLATE_REPEATS = 2          # ... and no label of the run (or its field's name) stands this often in the core above it
NUMBER_REACH = 40             # ... nor opens with the number next to one in the core's last lines above it
STORY_LINES = 2               # ... and holds no run of this many prose lines before a chrome phrase
INTRO_WORDS = 6               # ... nor follows a line of this many words ending in ':' ("... the benefits include:")
GOES_ON_REACH = 80            # ... nor is followed, within this many lines before a chrome phrase, by
NOTES = 3                     # ... notes numbered 1, 2, 3 (a bare number, then its prose), or
SECTION_PARAGRAPHS = 3        # ... this many prose paragraphs, each of this many words or more
SECTION_WORDS = 45            #     (further reading described at length, not one-sentence teasers), or
STORY_WORDS = 60              # ... prose of this many content words or more,
STORY_WORDS_SHARE = 0.78      #     this share of them the story's own above (a recipe's card after its story)
TABLE_REACH = 5               # a ranked table's row "1" this close after the article's end ...
TABLE_ROWS = 5                # ... and this many rows numbered 1, 2, 3 ... at one period
TABLE_PERIOD = 6              # ... of at most this many lines, the number and labels: the article's table
OUTLINE_REACH = 10            # an outline's part "1. ..." this close after the article's end ...
OUTLINE_PARTS = 4             # ... and this many parts numbered 1, 2, 3 ... in order,
OUTLINE_GAP = 8               # ... each at most this many lines after the one before, ...
OUTLINE_LESSONS = 2           # ... with this many lines (its lessons) under each on average


# A line that opens with an item's number: "4 'Dandadan'", "#2: Skyscanner", "3. Bake it" (not "3,203", "12:30")
_NUMBERED = re.compile(r"#?(\d{1,2})(?:[.:)]\s|\s['\"‘“]|\s(?=\w))")


# A field of an item: a name of one to three words, a colon, its value ("Base price: $28,995")
_FIELD = re.compile(r"(?<![\w'’-])(\w[\w'’-]*(?:\s\w[\w'’-]*){0,2})\s?:\s+\S")


def trim_tail(lines: Sequence[Line], classes: Sequence[str], scores: Sequence[float], start: int, end: int,
              rules: PageRules) -> int:
    """The core's end, moved up to the first run of TAIL_RUN labels or more after
    which the core holds under TAIL_SHARE of the prose it holds before the run, in
    pieces (two stretches of prose or more: teasers, not a story's closing
    paragraph after a list) or with a line only page chrome holds -- unless the
    prose after the run, before any such line, holds a section that reads like the
    story's (STORY_LINES paragraphs of prose in a row: a listicle's last items,
    the sections after a subheading), which teasers and comments do not, or the
    run holds a label the story repeats above it or its numbered items' next number.


    One pass each for the prose before every line, the stretches after it and
    the next section and page-chrome line after it, so a core of many short runs
    costs linear time."""
    n = end - start
    prose, pieces, section = _tail_tables(classes, scores, start, end)
    next_mark: Optional[List[int]] = None  # next_mark[k]: the first line at or after k only page chrome holds
    above = _Above()  # the core's labels, chrome phrases' openings and words above the run
    for b, e in runs(classes[start:end], ("chrome",)):
        if e - b < TAIL_RUN or prose[-1] - prose[e] >= TAIL_SHARE * prose[b]:
            continue
        above.take(lines, classes, start, b, rules)
        if any(above.labels.get(_template(line.text), 0) >= TEMPLATE_REPEATS for line in lines[start + b:start + e]):
            continue  # labels the story repeats above (a listicle's "Our score", "Book now"): its items go on
        if _numbers_go_on(lines[start:start + b], lines[start + b:start + e]) or _introduced(
                lines, classes, (start + b, start + e), rules):
            continue  # the next of the story's numbered items ("5 'Reze Arc'" above, "4 'Dandadan'" here), or its list
        if next_mark is None:
            next_mark = [n] * (n + 1)
            for k in range(n - 1, -1, -1):
                next_mark[k] = k if marked(lines[start + k], rules) else next_mark[k + 1]
        mark = next_mark[b]
        if mark < n and above.marks.get(_opening(lines[start + mark]), 0) >= TEMPLATE_REPEATS:
            mark = n  # a chrome phrase the story's items repeat above ("More on <band>" after each review)
        if section[e] < mark:
            continue  # the story goes on after these labels
        if (pieces[e] >= TAIL_PIECES or mark < n) and not _goes_on(
                lines, classes, (start + b, start + e), min(start + next_mark[e], start + e + GOES_ON_REACH), above,
                rules):
            return start + b
    return end


def _tail_tables(classes: Sequence[str], scores: Sequence[float], start: int,
                 end: int) -> Tuple[List[float], List[int], List[int]]:
    """For each line k of the core: the prose before it, the stretches of prose from it
    to the core's end, and where the first story-like section at or after it starts."""
    n = end - start
    prose = [0.0]
    for score in scores[start:end]:
        prose.append(prose[-1] + max(score, 0.0))
    pieces = [0] * (n + 1)
    section = [n] * (n + 1)
    in_row = 0
    for k in range(n - 1, -1, -1):
        is_prose = classes[start + k] == "prose"
        opens = is_prose and (k == 0 or classes[start + k - 1] != "prose")
        pieces[k] = pieces[k + 1] + opens
        in_row = in_row + 1 if is_prose else 0
        section[k] = k if in_row >= STORY_LINES else section[k + 1]
    return prose, pieces, section


class _Above:
    """What the core holds above a run of labels, gathered once for all its runs: its
    labels' templates, the openings of its lines only page chrome holds, its words."""


    def __init__(self) -> None:
        self.labels: Dict[str, int] = {}
        self.marks: Dict[str, int] = {}
        self.words: set = set()
        self.counted = 0
        self.section: Optional[int] = None  # where the long paragraphs that went on after labels began


    def take(self, lines: Sequence[Line], classes: Sequence[str], start: int, b: int, rules: PageRules) -> None:
        for k in range(start + self.counted, start + b):
            self.words.update(_content_words(lines[k], rules.stopwords))
            if classes[k] != "prose":
                key = _template(lines[k].text)
                self.labels[key] = self.labels.get(key, 0) + 1
                if marked(lines[k], rules):
                    self.marks[_opening(lines[k])] = self.marks.get(_opening(lines[k]), 0) + 1
        self.counted = max(self.counted, b)


def _content_words(line: Line, stopwords: FrozenSet[str]) -> List[str]:
    return [w for w in line.words if len(w) > 2 and not w.isdigit() and w not in stopwords]


def _opening(line: Line) -> str:
    """A line's first two words, folded: what a repeated chrome phrase keeps ("more on")."""
    return " ".join(line.key.split()[:2])


def _introduced(lines: Sequence[Line], classes: Sequence[str], run: Tuple[int, int], rules: PageRules) -> bool:
    """The line above the run introduces it as the story's list, and the story goes on
    right after it: a sentence's words ending in ':' ("The activities that helped most
    include:"), no chrome phrase, and after the run a paragraph of prose or the next such
    line (a gallery's or a link's "find them here:" is followed by teasers, not prose)."""
    at, end = run
    return _intro(lines, classes, at - 1, rules) and end < len(lines) and (
        classes[end] == "prose" or _intro(lines, classes, end, rules))


def _intro(lines: Sequence[Line], classes: Sequence[str], k: int, rules: PageRules) -> bool:
    if k < 0 or classes[k] == "chrome" or not lines[k].text.rstrip().endswith(":"):
        return False
    return len(WORD.findall(lines[k].text)) >= INTRO_WORDS and not marked(lines[k], rules)


def _goes_on(lines: Sequence[Line], classes: Sequence[str], run: Tuple[int, int], hi: int, above: _Above,
             rules: PageRules) -> bool:
    """What follows the run up to the next chrome phrase reads as the story going on:
    its notes numbered from 1, paragraphs of SECTION_WORDS or more (not a teaser's
    sentence; counted from where such paragraphs first went on after labels), or
    prose whose words are mostly the story's own."""
    if _notes(lines, classes, run[0], hi):
        return True
    lo = run[1] if above.section is None else min(above.section, run[1])
    paragraphs = [k for k in range(lo, hi) if classes[k] == "prose"]
    if len({lines[k].key for k in paragraphs}) >= SECTION_PARAGRAPHS and all(
            len(WORD.findall(lines[k].text)) >= SECTION_WORDS for k in paragraphs):
        above.section = lo
        return True
    paragraphs = [k for k in paragraphs if k >= run[1]]
    words = [w for k in paragraphs for w in _content_words(lines[k], rules.stopwords)]
    return len(words) >= STORY_WORDS and sum(w in above.words for w in words) >= STORY_WORDS_SHARE * len(words)


def _notes(lines: Sequence[Line], classes: Sequence[str], lo: int, hi: int) -> bool:
    """Notes numbered 1, 2, 3 in order, each a bare number followed by its prose."""
    expect = 1
    for k in range(lo, hi - 1):
        number = _bare_number(lines[k].text)
        if number is not None:
            if number != expect or classes[k + 1] != "prose":
                return False
            expect += 1
            if expect > NOTES:
                return True
    return False


def _template(text: str) -> str:
    """A label's template, what a story's items repeat: a field's name ("Base price" of
    "Base price: $28,995", "Image" of "Image: A. Photographer"), else the label, folded.


    >>> _template("Base price: $28,995"), _template("Book now")
    ('base price', 'book now')
    """
    field = _FIELD.match(text)
    return fold(field.group(1)) if field else fold(text)


def _item_number(text: str) -> Optional[int]:
    found = _NUMBERED.match(text)
    return int(found.group(1)) if found else None


def _numbers_go_on(above: Sequence[Line], run: Sequence[Line]) -> bool:
    """A line of the run opens with the number next to one that opens a line of the
    story above it: a numbered list (a countdown, steps) goes on across the labels."""
    numbers = {_item_number(line.text) for line in run} - {None}
    if not numbers:
        return False
    seen = {_item_number(line.text) for line in above[-NUMBER_REACH:]}
    return any(n - 1 in seen or n + 1 in seen for n in numbers)


def _bare_number(text: str) -> Optional[int]:
    """The number a line is, when it is only one of one or two digits ("7")."""
    text = text.strip()
    return int(text) if len(text) <= 2 and text.isdigit() else None


def table_end(lines: Sequence[Line], classes: Sequence[str], end: int) -> int:
    """The end of a ranked table right after the article ("Rank", "State", "Rate", then
    "1", "Alaska", "$14.55", "2", ...): TABLE_ROWS rows or more numbered from 1 at one
    period, their other cells labels. A "most read" list numbers headlines, not labels."""
    first = next((k for k in range(end, min(end + TABLE_REACH, len(lines))) if _bare_number(lines[k].text) == 1),
                 None)
    if first is None:
        return end
    period = next((p for p in range(2, TABLE_PERIOD + 1)
                   if first + p < len(lines) and _bare_number(lines[first + p].text) == 2), None)
    if period is None:
        return end
    rows, k = 0, first
    while k + period <= len(lines) and _bare_number(lines[k].text) == rows + 1 \
            and all(classes[j] == "chrome" for j in range(k + 1, k + period)):
        rows += 1
        k += period
    return k if rows >= TABLE_ROWS else end


def outline_end(lines: Sequence[Line], classes: Sequence[str], end: int) -> int:
    """The end of an outline right after the article (a course's syllabus: "01. Getting
    started", its lessons, "02. ...", ...): OUTLINE_PARTS parts or more numbered from 1 in
    order, none of them or their lessons prose, OUTLINE_LESSONS lessons a part or more on
    average, most of them labels. A "most read" list's headlines come one under each
    number, with a time at most. The outline ends with its last part's labels, as many
    as a part's in the middle holds at most."""
    parts: List[int] = []
    for k in range(end, len(lines)):
        if (parts and (k - parts[-1] > OUTLINE_GAP or classes[k] == "prose")) or (
                not parts and k - end > OUTLINE_REACH):
            break
        if _item_number(lines[k].text) == len(parts) + 1 and classes[k] != "prose":
            parts.append(k)
    if len(parts) < OUTLINE_PARTS:
        return end
    lessons = [k for k in range(parts[0], parts[-1]) if k not in parts]
    labels = sum(classes[k] == "chrome" for k in lessons)
    if len(lessons) < OUTLINE_LESSONS * (len(parts) - 1) or labels < 2 * (len(lessons) - labels):
        return end
    gaps = sorted(b - a for a, b in zip(parts, parts[1:]))
    k = parts[-1] + 1
    while k < len(lines) and k - parts[-1] < gaps[len(gaps) // 2] and classes[k] == "chrome":
        k += 1  # the last part's lessons: as many as a part's in the middle holds at most
    return k


def extend_end(classes: Sequence[str], end: int) -> int:
    """Non-label lines right after the core (a closing line, a list) stay with it."""
    while end < len(classes) and classes[end] != "chrome":
        end += 1
    return end
