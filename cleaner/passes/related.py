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

from dataclasses import dataclass
from typing import Dict, Sequence

from ..document import Line, PassResult, drop_lines
from ..rules import PhraseRule, RuleSet
from .shape import has_letters, is_headline_like

RULE = "related-links"
MAX_TRIGGER_CHARS = 80
MAX_ITEMS = 30          # headlines taken after one trigger
MAX_META_CHARS = 40     # "Feb 8, 2022", "3 min read", "08.02.2022 | 14:03"


@dataclass(frozen=True)
class RelatedRules:
    trigger: PhraseRule
    inline: object  # compiled regex with a "rest" group


def prepare(rules: RuleSet, config=None, site_rules=None) -> RelatedRules:
    return RelatedRules(rules.boilerplate["related-links.trigger"], rules.related_inline_re)


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


def run(lines: Sequence[Line], rules: RelatedRules, meta: dict) -> PassResult:
    marks: Dict[int, str] = {}
    i = 0
    while i < len(lines):
        text = lines[i].text.strip()
        why = _is_trigger(lines[i], rules)
        if why:
            j = i + 1
            while j < len(lines) and j - i <= MAX_ITEMS and not _is_trigger(lines[j], rules) \
                    and _is_item(lines[j].text):
                marks[j] = f"headline under the related-links heading {text!r}"
                j += 1
            if j < len(lines) and j - i > 2 and _may_be_subheading(lines, j - 1) \
                    and not _is_trigger(lines[j], rules):
                del marks[j - 1]
            if j > i + 1 or j == len(lines) or _is_trigger(lines[j], rules):
                marks[i] = f"related-links heading: {why}"
            i = j
            continue
        inline = rules.inline.fullmatch(text)
        if inline and is_headline_like(inline.group("rest")):
            marks[i] = "inline related link: prefix followed by a headline"
        i += 1
    return drop_lines(lines, marks, RULE)
