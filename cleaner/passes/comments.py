"""Pass `comment-form`: comment forms and comment-section chrome.

Whole lines only ("LEAVE A REPLY", "Please enter your comment!", "12 Comments").
Bare form-field labels ("Name*", "Website") count only next to such a line,
so that a lone word in the story is never taken for a form.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Sequence

from ..document import Line, PassResult, drop_lines
from ..rules import PhraseRule, RuleSet, phrase_key

RULE = "comment-form"
MAX_KEY_CHARS = 240
FIELD_REACH = 3  # a field label counts within this many lines of a form line


@dataclass(frozen=True)
class CommentRules:
    form: PhraseRule
    field: PhraseRule


def prepare(rules: RuleSet) -> CommentRules:
    return CommentRules(rules.boilerplate["comment-form"], rules.boilerplate["comment-form.field"])


def run(lines: Sequence[Line], rules: CommentRules, meta: dict) -> PassResult:
    keys = [phrase_key(line.text) if len(line.text) <= MAX_KEY_CHARS else "" for line in lines]
    marks: Dict[int, str] = {}
    for i, key in enumerate(keys):
        why = key and rules.form.match(key)
        if why:
            marks[i] = f"comment form line: {why}"
    if marks:
        for i, key in enumerate(keys):
            if i in marks or not key:
                continue
            why = rules.field.match(key)
            if why and any(abs(i - j) <= FIELD_REACH for j in marks):
                marks[i] = f"comment form field next to a comment form: {why}"
    return drop_lines(lines, marks, RULE)
