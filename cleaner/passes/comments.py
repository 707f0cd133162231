"""Pass `comment-form`: comment forms and comment-section chrome.

Whole lines only ("LEAVE A REPLY", "Please enter your comment!", "12 Comments").
Bare form-field labels ("Name*", "Website") count only in a run that starts
at such a line, so that a lone word in the story is never taken for a form.
"""
from __future__ import annotations

from typing import Sequence, Tuple

from ..document import Line, PassResult, drop_lines
from ..rules import PhraseRule, RuleSet
from .phrases import mark_lines

RULE = "comment-form"
MAX_LINE_CHARS = 240
FIELD_REACH = 3  # a field label counts within this many lines of the form's run


def prepare(rules: RuleSet) -> Tuple[PhraseRule, PhraseRule]:
    return rules.boilerplate["comment-form"], rules.boilerplate["comment-form.field"]


def run(lines: Sequence[Line], rules: Tuple[PhraseRule, PhraseRule], meta: dict) -> PassResult:
    form, field = rules
    marks = mark_lines(lines, form, field, max_chars=MAX_LINE_CHARS, reach=FIELD_REACH, rooted=True,
                       strong_why="comment form line", weak_why="comment form field next to a comment form")
    return drop_lines(lines, marks, RULE)
