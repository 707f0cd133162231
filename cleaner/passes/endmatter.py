"""Pass `end-matter`: author boxes and contact blocks appended after the story.

Decided on the end of the document as a whole, never on one line: the pass
walks back from the last line over the trailing lines that are not story
prose -- short label-like lines, author-bio sentences, contact lines -- and
stops at the first prose paragraph. Only inside that tail, and only from its
first author-bio or contact line on, is anything removed; the story must have
prose before it. An author-bio sentence ("Jane Doe is a reporter at ...")
counts only when the person it names appears nowhere earlier in the text: the
last sentence of a story may well say who its subject is, but an author box
describes someone the story does not mention.
"""
from __future__ import annotations

import re
from typing import Dict, Optional, Sequence

from ..document import Line, PassResult, drop_lines
from ..letters import CAPITAL
from ..rules import alternation
from .shape import ends_like_sentence, is_name_line, word_count

RULE = "end-matter"
MAX_TAIL_LINES = 25       # a longer tail is not an appended box
MAX_SHORT_WORDS = 10      # a label, a name, a job title
MAX_BIO_WORDS = 80
MAX_NAME_LINES = 2        # name and job title above a bio or contact block
MAX_NAME_WORDS = 6        # a name line's words, its job title's with it
MAX_CONTACT_LINES = 5     # more e-mail lines than this: a directory the story lists, not an appended box

_VERBS = r"is|was|ist|war|es|fue|est|était|è|era|é|foi|является|работает"
# "Jane Doe is a reporter at ...": a name, a verb, then a trade of [bio.roles]
# (metadata.txt) in the sentence.
_BIO_HEAD = rf"(?P<name>(?:[{CAPITAL}][\w'’.-]{{1,30}} ){{1,3}})(?i:{_VERBS}) (?:[^.!?]{{0,60}}?\b)?"
# German author boxes often open without the name: "Schreibt seit 2008 für ..."
_BIO_NAMELESS = re.compile(r"(?:schreibt|arbeitet) (?:seit (?:19|20)\d\d )?(?:als \w+ )?(?:für|bei) ", re.IGNORECASE)
_CONTACT_LABEL = re.compile(
    r"(?:presse|medien|media |press )?(?:kontakt|contact|contacto|contatto|contato|контакты|ansprechpartner(?:in)?"
    r"(?: zum thema)?|pressesprecher(?:\*?in)?|press office|pressestelle)(?: (?:für|for|pour|para|per) [\w ]{1,30})?:?",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{2,63}")
# A phone number alone does not make a box (a travel guide gives the shop's
# number as part of the story); it belongs to one that a label or an e-mail opens.
_PHONE = re.compile(
    r"(?:tel|telefon|phone|fax|mobil|téléphone|teléfono|telefono|телефон)\.?:?\s*\+?[\d(]|\+\d{1,3}[\s\d()/-]{6,30}",
    re.IGNORECASE,
)


def prepare(rules, config=None, site_rules=None) -> "re.Pattern[str]":
    """The author-bio sentence, its trades from [bio.roles]."""
    return re.compile(rf"{_BIO_HEAD}(?i:{alternation(rules.metadata['bio.roles'], 'bio.roles')})\b")


def _kind(text: str, bio: "re.Pattern[str]") -> Optional[str]:
    """'bio' or 'contact' for a line that opens an appended box, 'short' for one a box
    may hold (a name, an address, a phone number); None for story prose."""
    text = text.strip()
    words = word_count(text)
    if words <= MAX_BIO_WORDS and (bio.match(text) or _BIO_NAMELESS.match(text)):
        return "bio"
    if len(text) <= 120 and (_CONTACT_LABEL.fullmatch(text) or _EMAIL.search(text)):
        return "contact"
    if len(text) <= 120 and _PHONE.search(text):
        return "short"
    if words <= MAX_SHORT_WORDS and (not ends_like_sentence(text) or text.endswith(":")):
        return "short"
    return None


def _named_before(lines: Sequence[Line], k: int, bio: "re.Pattern[str]") -> bool:
    """The person a bio line names appears in the story's sentences before it.

    Short lines do not count: the box's own name line stands above its bio.
    """
    m = bio.match(lines[k].text.strip())
    if not m:
        return False
    surname = m.group("name").split()[-1]
    before = " ".join(line.text for line in lines[:k] if word_count(line.text) > MAX_SHORT_WORDS)
    return re.search(rf"\b{re.escape(surname)}\b", before) is not None


def run(lines: Sequence[Line], bio: "re.Pattern[str]", meta: dict) -> PassResult:
    n = len(lines)
    kinds: Dict[int, str] = {}
    i = n - 1
    while i >= 0 and n - i <= MAX_TAIL_LINES:
        kind = _kind(lines[i].text, bio)
        if kind is None or (kind == "bio" and _named_before(lines, i, bio)):
            break
        kinds[i] = kind
        i -= 1
    if i < 0 or n - i > MAX_TAIL_LINES:
        return PassResult(list(lines))  # no story prose before the tail, or the tail is too long
    boxed = [k for k in sorted(kinds) if kinds[k] != "short"]
    if not boxed or sum(1 for k in boxed if kinds[k] == "contact") > MAX_CONTACT_LINES:
        return PassResult(list(lines))  # no box; or a directory ("Local: metro@... or 202...", a line a desk)
    start = boxed[0]
    while start - 1 in kinds and boxed[0] - (start - 1) <= MAX_NAME_LINES \
            and is_name_line(lines[start - 1].text, MAX_NAME_WORDS):
        start -= 1
    marks = {k: _reason(kinds[k]) for k in range(start, n)}
    return drop_lines(lines, marks, RULE)


def _reason(kind: str) -> str:
    return {
        "bio": "author box after the story: a sentence on someone the story does not name",
        "contact": "contact block after the story: label, e-mail or phone number",
        "short": "short line inside an author or contact box after the story",
    }[kind]
