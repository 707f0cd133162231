"""Pass `dateline`: parse the wire dateline that opens the body into
``metadata["dateline"]`` = {date, place, agency}. The text keeps it.

Forms: "Feb. 8 (UPI) —", "KYIV, Ukraine (AP) —", "KYIV, Nov 3 (Reuters) -",
"Berlin (dpa) -", "MADRID, 8 Feb. (EUROPA PRESS) -", "WASHINGTON —",
"МОСКВА, 8 февраля. /ТАСС/.", "(ANSA) - ROMA, 08 FEB -".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Optional, Sequence

from ..document import Line, PassResult
from ..letters import CAPITAL
from ..rules import RuleSet, alternation

RULE = "dateline"
HEAD_CHARS = 160  # a dateline sits in the first characters of the body

_UPPER = CAPITAL
_WORD = rf"[{_UPPER}][\w'’.\-]*"
_PLACE = rf"{_WORD}(?:[ /-]{_WORD}){{0,3}}(?:,[ ]{_WORD}(?:[ ]{_WORD}){{0,2}})?"
_CAPS_PLACE = rf"[{_UPPER}][{_UPPER}'’.\-]+(?:[ /-][{_UPPER}][{_UPPER}'’.\-]+){{0,3}}(?:,[ ]{_WORD}(?:[ ]{_WORD}){{0,2}})?"
_DASH = r"[ ]?(?:[—–]|--?)[ ]"


@dataclass(frozen=True)
class DatelineRules:
    patterns: tuple


def prepare(rules: RuleSet, config=None, site_rules=None) -> DatelineRules:
    # An abbreviation may carry its dot ("Feb. 8"); after a full name a dot
    # ends the dateline ("8 февраля. /ТАСС/.") and is not part of the date.
    entries = rules.datelines["months"]
    full = alternation([e for e in entries if len(e.value) > 4], "months")
    short = alternation([e for e in entries if len(e.value) <= 4], "month abbreviations")
    months = rf"(?i:(?:{full})(?!\w)|(?:{short})(?!\w)\.?)"
    agency = alternation(rules.datelines["agencies"], "dateline agencies")
    date = rf"(?:{months}[ ]\d{{1,2}}(?:,[ ]\d{{4}})?|\d{{1,2}}\.?[ ](?:de[ ])?{months}(?:[ ]\d{{4}})?)"
    any_agency = rf"(?:{agency}|[{_UPPER}][\w&.'’\-]{{1,14}}(?:[ ][{_UPPER}][\w&.'’\-]{{1,14}}){{0,2}})"
    patterns = (
        # (ANSA) - ROMA, 08 FEB -
        re.compile(rf"\((?P<agency>{any_agency})\){_DASH}(?P<place>{_CAPS_PLACE})(?:,[ ](?P<date>{date}))?{_DASH}"),
        # PLACE, DATE (AGENCY) —   /  DATE (AGENCY) —   /  PLACE (AGENCY) —
        re.compile(rf"(?:(?P<place>{_PLACE})(?:,[ ]|[ ]))??(?:(?P<date>{date})[ ]?)?\((?P<agency>{any_agency})\){_DASH}"),
        # МОСКВА, 8 февраля. /ТАСС/.
        re.compile(rf"(?P<place>{_CAPS_PLACE}),[ ](?P<date>{date})\.?[ ]/(?P<agency>{any_agency})/\.?[ ]"),
        # WASHINGTON —   /  KYIV, Ukraine, Nov. 3 —
        re.compile(rf"(?P<place>{_CAPS_PLACE})(?:,[ ](?P<date>{date}))?{_DASH}"),
    )
    return DatelineRules(patterns)


def parse_dateline(text: str, rules: DatelineRules) -> Optional[Dict[str, Optional[str]]]:
    """The dateline fields at the start of ``text``, or None.

    Agencies are accepted from the rule data or, in parentheses, as a short
    capitalised name ("(CNN)"); a place without parentheses must be in capitals.
    """
    head = text[:HEAD_CHARS]
    for pattern in rules.patterns:
        m = pattern.match(head)
        if m:
            fields = m.groupdict()
            return {k: (fields.get(k) or None) for k in ("date", "place", "agency")}
    return None


def run(lines: Sequence[Line], rules: DatelineRules, meta: dict) -> PassResult:
    found = None
    for line in lines[:2]:
        found = parse_dateline(line.text.strip(), rules)
        if found:
            break
    return PassResult(list(lines), metadata={"dateline": found})
