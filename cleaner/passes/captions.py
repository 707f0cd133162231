"""Pass `photo-credit`: photo captions that end in a credit, bare credit lines,
caption-label lines, and the alt text repeated just before a caption.

A credit is recognised by its form, never by a name alone:

* ``... File photo by Emmanuel Dunand/UPI``     ("by" phrase + credit)
* ``... Chris McGrath/Getty Images``            (name / agency)
* ``... (AP Photo/Efrem Lukatsky)``             (agency photo / name)
* ``... REUTERS/Gleb Garanich/File Photo``      (agency / name)
* ``... Foto: Max Mustermann/dpa``              (label + colon + credit)
* ``Getty Images``, ``© Reuters``               (a bare agency line)
* ``... rally. Photo, Jane Doe``                 (label + comma + credit, the label opening
  the line or after a stop: "Bigger Photos, Faster Loading" and "4K video, ProRes" are
  a heading and a spec line)

The whole line must be short enough to be a caption, and the credit must look
like one (names and agencies, no lowercase prose), so that a sentence that
mentions "Getty Images" stays.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Optional, Sequence

from ..document import Line, PassResult, drop_lines
from ..letters import CAPITAL
from ..rules import Entry, RuleSet, alternation
from .shape import ends_like_sentence

RULE = "photo-credit"
MAX_CAPTION_CHARS = 400
MAX_ALT_CHARS = 200
CREDIT_TAIL_CHARS = 200    # where in a caption line its credit can start
MAX_PLAIN_LABEL_WORDS = 6
MAX_CAPTION_SENTENCES = 3  # a line with this many sentences before its credit is prose, kept whole
_FIRST_NAME = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]{1,15}")  # "Kevin": a capital, then lower case only
MAX_CREDIT_CHARS = 90      # a credit element's text beyond this holds a caption too  # "Photo: press office of the mayor" at the start of a line

_UPPER = CAPITAL
_TOKEN = rf"[{_UPPER}][\w'’.\-]*"
# A photographer's name: capitalised words and between them the lower-case ones of
# [name.particles] (metadata.txt: "de", "van", "bin"), as bylines and authors read them.
def _name(particles: str) -> str:
    return rf"{_TOKEN}(?:[ ]+(?:{particles}[ ]+)*{_TOKEN}){{0,3}}"


_CONNECTORS = {"via", "for", "and", "&", "/", "|", "-", "–", "—", "von", "by", "de", "di", "van", "der", "du",
               "da", "del", "le", "la", "y", "e", "et", "und", "photo", "foto", "file"}
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class CreditRules:
    ending: re.Pattern       # a credit at the end of a line (caption + credit)
    bare: re.Pattern         # a line that is only a credit
    caption_label: re.Pattern
    # The longest word of every agency, label and "by" phrase, lower-cased: a
    # line's tail without one of them (or "©") cannot hold a credit. (The first word
    # was "the" for "The Associated Press": 93% of the lines searched in vain held it.)
    # None when a rule is a regex and no such word list can be made.
    words: Optional[FrozenSet[str]] = None
    not_credits: FrozenSet[str] = frozenset()  # folded ad labels and badges ("inRead")
    months: FrozenSet[str] = frozenset()  # folded month names (datelines.txt): "Photos: 24 July 2012" is a date

    def may_end_in_credit(self, tail: str) -> bool:
        return self.words is None or "©" in tail or not self.words.isdisjoint(_WORD.findall(tail.lower()))


def prepare(rules: RuleSet, config=None, site_rules=None) -> CreditRules:
    c = rules.credits
    forms: List[Entry] = []
    for e in c["agencies"]:
        forms += [e, Entry(e.value.upper(), e.source)]
    agency = f"(?:{alternation(forms, 'agencies')})"
    label = f"(?i:{alternation(c['labels'], 'labels')})"
    by = f"(?i:{alternation(c['by'], 'by')})"
    agencies = rf"{agency}(?:[ ]?/[ ]?{agency})*(?:[ ]+(?:via|for|für)[ ]+{agency})?"
    name = _name(f"(?:{alternation(rules.metadata['name.particles'], 'name.particles')})")
    start = r"(?:^|(?<=[.!?:;,|(\[–—-])[ ]?|(?<=[ ]))"
    ending = re.compile(
        rf"{start}(?:"
        rf"(?:{by})[ ]+(?P<by>[^\s(][^()]{{1,80}}?)"
        rf"|(?P<agency_photo>{agency}[ ](?i:photos?|fotos?|images?)[ ]?/[ ]?[^()]{{2,60}}?)"
        rf"|(?:{label})[ ]?[:][ ]?(?P<label>[^\s:][^:]{{1,80}}?)"
        rf"|(?<![\w)][ ])(?:{label})[ ]?,[ ](?P<label_comma>{agencies}|{name}(?:[ ]?/[ ]?{agencies})?)"
        rf"|(?P<agency_name>{agency}[ ]?/[ ]?{name}(?:[ ]?/[ ]?(?:{agency}|(?i:file photo|file|pool|handout)))*)"
        rf"|(?P<name_agency>{name}[ ]?/[ ]?{agencies})"
        rf"|(?<=[.!?|(\[–—-])[ ]?(?P<agency_only>{agencies})"
        rf"|©[ ]?(?P<copyright>[^©]{{2,60}}?)"
        rf")[ ]?\)?[ ]?\]?$"
    )
    bare = re.compile(rf"[(\[]?(?:©[ ]?)?(?:{agencies})(?:[ ]?/[ ]?{name})?[)\]]?")
    caption_label = re.compile(rf"(?i:{alternation(c['captions'], 'captions')})[ ]?[:,][ ]\S.*")
    entries = [e for section in ("agencies", "labels", "by") for e in c[section]]
    words = None if any(e.is_regex or not _WORD.search(e.value) for e in entries) else \
        frozenset(max(_WORD.findall(e.value.lower()), key=len) for e in entries)
    not_credits = frozenset(e.value.casefold() for e in c.get("not-credits", []))
    months = frozenset(e.value.casefold().rstrip(".") for e in rules.datelines.get("months", []))
    return CreditRules(ending, bare, caption_label, words, not_credits, months)


def looks_like_credit(credit: str) -> bool:
    """Names, agencies and connectors only: no run of lowercase prose words.

    >>> looks_like_credit("Emmanuel Dunand/UPI")
    True
    >>> looks_like_credit("soldiers near the front line")
    False
    """
    credit = credit.strip(" .()[]")
    if not credit or len(credit) > 90 or credit[0].islower():
        return False
    words = credit.split()
    if len(words) > 12:
        return False
    plain = [w for w in words if w.lower() not in _CONNECTORS]
    # "Kappeler/dpa": what follows a slash is an agency, often lower-case.
    capital = sum(1 for w in plain if w[0].isupper() or w[0].isdigit() or w[0] in "©@" or "/" in w)
    return bool(plain) and capital / len(plain) >= 0.75


def _is_date(credit: str, months: FrozenSet[str]) -> bool:
    """The "credit" is a date: numbers and month names only, a year among them
    ("Day in pictures: 24 July 2012" names no one)."""
    words = _WORD.findall(credit.casefold())
    return bool(_YEAR.search(credit)) and all(w.isdigit() or w in months for w in words)


def _credit_of(match: re.Match, caption: str, alt: Optional[str], months: FrozenSet[str]) -> Optional[str]:
    kind = match.lastgroup
    credit = match.group(kind).strip()
    if kind == "copyright" and (_YEAR.search(credit) or "right" in credit.lower()):
        return None  # a copyright footer, the promo pass's business
    if kind in ("by", "label") and _is_date(credit, months):
        return None
    if kind in ("label", "by") and match.start() == 0 and len(credit.split()) <= MAX_PLAIN_LABEL_WORDS \
            and not ends_like_sentence(credit):
        pass  # "Фото: пресс-служба мэрии": a line that opens with a label is a credit line
    elif kind in ("by", "label", "copyright") and not looks_like_credit(credit):
        return None
    if kind == "name_agency" and alt and caption.startswith(alt):
        rest = caption[len(alt):].strip()
        if rest and rest != caption:
            return rest.rstrip(" .)]")
    if kind == "name_agency" and "/" in credit:
        name, _, agencies = credit.partition("/")
        return f"{_photographer(name.split())}/{agencies.strip()}"
    return credit.rstrip(" .)]")


def _photographer(tokens: List[str]) -> str:
    """The photographer's name at the end of a caption that runs into it.

    "Emmanuel Macron Chris McGrath" -> "Chris McGrath" (most bylines are two
    names long); "Paris SAMEER AL-DOUMY" -> "SAMEER AL-DOUMY" (agencies that
    write names in capitals).
    """
    if tokens and tokens[-1].isupper() and len(tokens[-1]) > 1:
        caps = len(tokens)
        while caps > 0 and tokens[caps - 1].isupper():
            caps -= 1
        if caps > 0:
            return " ".join(tokens[caps:])
    return " ".join(tokens[-2:] if len(tokens) > 3 else tokens)


def find_credit(text: str, rules: CreditRules, alt: Optional[str] = None) -> Optional[str]:
    """The credit of a caption line, or None if the line is not a caption.

    A line that is only a credit counts; so does text followed by a credit.
    """
    text = text.strip()
    if len(text) > MAX_CAPTION_CHARS:
        return None
    if rules.bare.fullmatch(text):
        return text.strip("()[] ").lstrip("© ")
    # A credit ends the line and is at most ~110 characters long: start the
    # search near the end instead of at every character of the line.
    tail = max(0, len(text) - CREDIT_TAIL_CHARS)
    if not rules.may_end_in_credit(text[tail:]):
        return None
    match = rules.ending.search(text, tail)
    if match is None:
        return None
    if match.lastgroup == "agency_only" and _INITIAL.search(text[:match.start()]):
        return None  # "- Chai T. Rex": a person's name that ends in an agency's ("Rex"), not a credit
    if len(_SENTENCE_END.findall(text[:match.start()] + " ")) >= MAX_CAPTION_SENTENCES:
        # paragraphs of prose that end in a credit (a teaser, an FAQ answer): not a caption to drop;
        # the sentence that ends right before the credit counts too ("... in the mid-60s. Photo: X")
        return None
    return _credit_of(match, text, alt, rules.months)


_SENTENCE_END = re.compile(r"\w[.!?][\"'”’)]?\s")
_INITIAL = re.compile(r"(?:^|\s)[A-Z]\.\s?$")  # "Chai T." before "Rex": a name's initial, not a sentence's end


def credit_value(credit: Optional[str], rules: CreditRules) -> bool:
    """Whether a credit found on a caption or credit line names who made the picture:
    not an ad label ("inRead"), not a first name alone ("Photo by Kevin": one word,
    capitalised, that is no agency of credits.txt; a brand alone goes with it). The
    line is a credit line all the same."""
    if not credit or credit.casefold().strip(" .:") in rules.not_credits:
        return False
    return len(credit.split()) > 1 or bool(rules.bare.fullmatch(credit)) or not _FIRST_NAME.fullmatch(credit)


def credit_in(text: str, rules: CreditRules) -> Optional[str]:
    """The credit an element marked as one holds: its text, or the credit at its end when
    a caption runs into it ("The depot at night. Photo: Ana Lopez")."""
    text = " ".join(text.split()).strip(" ©()")
    if not credit_value(text, rules):
        return None
    if len(text) > MAX_CREDIT_CHARS or not looks_like_credit(text):
        return find_credit(text, rules) or (None if len(text) > MAX_CREDIT_CHARS else text)
    return text


def run(lines: Sequence[Line], rules: CreditRules, meta: dict) -> PassResult:
    marks: Dict[int, str] = {}
    credits: List[str] = []
    for i, line in enumerate(lines):
        text = line.text.strip()
        if rules.caption_label.fullmatch(text) and len(text) <= MAX_CAPTION_CHARS:
            marks[i] = "caption line opened by a caption label"
            continue
        alt = lines[i - 1].text.strip() if i and (i - 1) not in marks else None
        credit = find_credit(text, rules, alt)
        if credit is None:
            continue
        marks[i] = f"caption or credit line ending in the credit {credit!r}"
        if credit_value(credit, rules):
            credits.append(credit)
        if alt and len(alt) <= MAX_ALT_CHARS and text.startswith(alt) and text != alt:
            marks[i - 1] = "alt text repeated just before its caption"
    result = drop_lines(lines, marks, RULE)
    if credits:
        result.metadata["image_credits"] = list(dict.fromkeys(meta.get("image_credits", []) + credits))
    return result
