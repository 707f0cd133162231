"""Pass `promo`: newsletter sign-ups, share and follow rows, app prompts, lone
advertisement labels, copyright and all-rights-reserved footers.

Whole lines only, matched on their folded form against the phrase data.
"""
from __future__ import annotations

from typing import Dict, Sequence

from ..document import Line, PassResult, drop_lines
from ..rules import PhraseRule, RuleSet, phrase_key

RULE = "promo"
MAX_KEY_CHARS = 300


def prepare(rules: RuleSet) -> PhraseRule:
    return rules.boilerplate["promo"]


def run(lines: Sequence[Line], rule: PhraseRule, meta: dict) -> PassResult:
    marks: Dict[int, str] = {}
    for i, line in enumerate(lines):
        if len(line.text) > MAX_KEY_CHARS:
            continue
        key = phrase_key(line.text)
        why = key and rule.match(key)
        if why:
            marks[i] = f"promo line: {why}"
    return drop_lines(lines, marks, RULE)
