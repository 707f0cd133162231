"""Pass `promo`: newsletter sign-ups, share and follow rows, app prompts, lone
advertisement labels, copyright and all-rights-reserved footers.

Whole lines only, matched on their folded form against the phrase data.
Button labels that are also ordinary words of a story ("Facebook" as the
subheading of a how-to, "Email" in a list) count only in a run: next to
another promo line, as in a share row "Share / Facebook / Twitter / Email".
"""
from __future__ import annotations

from typing import Sequence, Tuple

from ..document import Line, PassResult, drop_lines
from ..rules import PhraseRule, RuleSet
from .phrases import mark_lines

RULE = "promo"
MAX_LINE_CHARS = 300


def prepare(rules: RuleSet, config=None, site_rules=None) -> Tuple[PhraseRule, PhraseRule]:
    return rules.boilerplate["promo"], rules.boilerplate["promo.label"]


def run(lines: Sequence[Line], rules: Tuple[PhraseRule, PhraseRule], meta: dict) -> PassResult:
    line_rule, label_rule = rules
    marks = mark_lines(lines, line_rule, label_rule, max_chars=MAX_LINE_CHARS, reach=1, rooted=False,
                       strong_why="promo line", weak_why="button label in a row of promo lines")
    return drop_lines(lines, marks, RULE)
