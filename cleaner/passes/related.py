"""Pass `related-links`: a trigger heading ("You may also like", "Read more",
"More from X") and the headline-like lines that follow it, and inline lines
"READ MORE: <headline>".

The block ends at the first line that reads like prose, so the story around
an embedded related box stays. When the story resumes directly after a block
of two or more headlines and the last of them stands in a paragraph of its
own, it is kept: it may be the subheading of the paragraph below, and a
missed headline costs less than a lost subheading.
A trigger followed directly by prose is a heading of the story and stays too,
unless nothing follows it at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Sequence

from ..document import Line, PassResult, drop_lines
from ..rules import PhraseRule, RuleSet
from .shape import has_letters, is_headline_like, word_count

RULE = "related-links"
MAX_TRIGGER_CHARS = 80
MAX_ITEMS = 30          # headlines taken after one trigger
MAX_META_CHARS = 40     # "Feb 8, 2022", "3 min read", "08.02.2022 | 14:03"
BUTTON_REPEATS = 3      # a trigger line standing this often in a row is a button after each item, not a heading
BUTTON_GAP = 4          # ... each this close after the one before (items of one to three lines)
CONTENTS_MIN = 2        # a table of contents: this many entries or more that stand again below as headings
CONTENTS_SKIP = 2       # ... starting this close after its label
MAX_CONTENTS = 60
CONTENTS_WORDS = 15
CONTENTS_CHARS = 160    # ... and this many characters
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True)
class RelatedRules:
    trigger: PhraseRule
    inline: object  # compiled regex with a "rest" group
    contents: PhraseRule  # a table of contents' label


def prepare(rules: RuleSet, config=None, site_rules=None) -> RelatedRules:
    return RelatedRules(rules.boilerplate["related-links.trigger"], rules.related_inline_re,
                        rules.boilerplate["related-links.contents"])


def _contents(lines: Sequence[Line], i: int, last: Dict[str, int]) -> List[int]:
    """The entries of a table of contents whose label is line i: from the next lines
    (CONTENTS_SKIP lines, a "Toggle" button, may come first) the run of short lines
    (headings: CONTENTS_WORDS words at most) that each stand again below (last: where each folded line stands last), with one line between
    two of them that does not (an entry worded otherwise below); CONTENTS_MIN of them or
    none. Each goes with its label; its words stay in the heading below."""
    def again(k: int) -> bool:
        return len(lines[k].text) <= CONTENTS_CHARS and last.get(lines[k].key, k) > k

    j = i + 1
    while j < len(lines) and j <= i + CONTENTS_SKIP and not again(j):
        j += 1
    entries: List[int] = []
    while j < len(lines) and len(entries) < MAX_CONTENTS and word_count(lines[j].text) <= CONTENTS_WORDS:
        if again(j):
            entries.append(j)
        elif not (j + 1 < len(lines) and entries and again(j + 1)):
            break
        j += 1
    return entries if len(entries) >= CONTENTS_MIN else []


def _is_trigger(line: Line, rules: RelatedRules):
    return len(line.text.strip()) <= MAX_TRIGGER_CHARS and rules.trigger.match(line.key)


def _is_item(text: str) -> bool:
    text = text.strip()
    return is_headline_like(text) or (len(text) <= MAX_META_CHARS and not has_letters(text))


def _may_be_subheading(lines: Sequence[Line], k: int) -> bool:
    """Line k, the last of a related block, may head the story that resumes.

    Only when the story resumes right after it (no removed debris between)
    and it stands in a paragraph of its own, apart from the headline above:
    the items of a related box usually share one paragraph.
    """
    return (lines[k + 1].seq == lines[k].seq + 1
            and lines[k].block != lines[k - 1].block
            and lines[k].block != lines[k + 1].block)


def _buttons(lines: Sequence[Line], triggers: Sequence) -> Dict[int, int]:
    """Trigger lines that close each item of a list ("Title / Source / Read more", again and
    again): the same trigger BUTTON_REPEATS times or more in a row, each at most BUTTON_GAP
    lines after the one before, with no other trigger heading right above the first (that
    is a related box whose every teaser has its button). Line index -> length of its row.
    A heading stands once; a menu's "Read more" stands at irregular, longer intervals; a
    list of teasers dates its items."""
    rows: Dict[str, List[int]] = {}
    found: List[List[int]] = []
    for i, line in enumerate(lines):
        if triggers[i]:
            row = rows.get(line.key)
            if row and i - row[-1] <= BUTTON_GAP:
                row.append(i)
            else:
                rows[line.key] = row = [i]
                found.append(row)
    buttons: Dict[int, int] = {}
    for row in found:
        first = row[0]
        if len(row) >= BUTTON_REPEATS and not any(
                lines[k].key != lines[first].key and triggers[k]
                for k in range(max(0, first - BUTTON_GAP), first)) and not any(
                _is_date(lines[k].text) for k in range(max(0, first - BUTTON_GAP), row[-1])):
            buttons.update(dict.fromkeys(row, len(row)))
    return buttons


def _is_date(text: str) -> bool:
    """A short line with a year: the date of a teaser ("16. November 2021", "Dec 18, 2025").
    A list whose items carry dates is other stories' teasers, each with its button."""
    text = text.strip()
    return len(text) <= MAX_META_CHARS and word_count(text) <= 5 and bool(_YEAR.search(text))


def run(lines: Sequence[Line], rules: RelatedRules, meta: dict) -> PassResult:
    marks: Dict[int, str] = {}
    triggers = [_is_trigger(line, rules) for line in lines]  # each line's trigger phrase, once
    buttons = _buttons(lines, triggers)
    # where each short line stands last (folding a long paragraph for it would cost more than the pass)
    last = {line.key: k for k, line in enumerate(lines) if len(line.text) <= CONTENTS_CHARS}
    i = 0
    while i < len(lines):
        text = lines[i].text.strip()
        label = len(text) <= MAX_TRIGGER_CHARS and rules.contents.match(lines[i].key)
        entries = _contents(lines, i, last) if label else []
        if entries:
            marks[i] = f"table of contents: {label}"
            marks.update(dict.fromkeys(entries, f"table of contents entry under {text!r}: the heading stands below"))
            i = entries[-1] + 1
            continue
        why = triggers[i]
        if why and i in buttons:
            # a button closing each item, not a heading over the lines after it: they stay
            marks[i] = f"related-links button after each item of a list ({buttons[i]} in a row): {why}"
            i += 1
            continue
        if why:
            j = i + 1
            while j < len(lines) and j - i <= MAX_ITEMS and not triggers[j] and _is_item(lines[j].text):
                marks[j] = f"headline under the related-links heading {text!r}"
                j += 1
            if j < len(lines) and j - i > 2 and _may_be_subheading(lines, j - 1) and not triggers[j]:
                del marks[j - 1]
            if j > i + 1 or j == len(lines) or triggers[j]:
                marks[i] = f"related-links heading: {why}"
            i = j
            continue
        inline = rules.inline.fullmatch(text)
        if inline and is_headline_like(inline.group("rest")):
            marks[i] = "inline related link: prefix followed by a headline"
        i += 1
    return drop_lines(lines, marks, RULE)
