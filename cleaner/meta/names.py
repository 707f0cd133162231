"""Authors' names from what pages write in an author field or a byline.

One raw value ("By Dylan Bailey, MS, RD, FAND", "Jared Newman and Sam
Singleton", "Center for Drug Evaluation and Research", "Roy, Aniruddha")
becomes a list of names: labels go, degrees and job titles written after a
name go, several people are split apart, an organisation stays whole. The
word lists are rule data (``metadata.txt``); what is decided here is shape.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import FrozenSet, Iterable, List, Optional

from ..letters import CAPITAL
from ..rules import Entry, Sections, alternation

UPPER = CAPITAL
_NON_WORD = re.compile(r"[\W_]+")
_HANDLE = re.compile(r"(?<!\S)@\w+")
# a URL or an e-mail address, read from the start of a token only (linear on any text)
_URL = re.compile(r"(?<!\S)(?:https?://|www\.)\S*|(?<!\S)[^\s/]+\.(?:com|net|org|de|uk|io)/\S*", re.IGNORECASE)
_EMAIL = re.compile(r"(?<!\S)[^\s@]+@\S+")
# between the names of several people: ";", "|", "•", a spaced slash, a line break
_HARD_SEPARATOR = re.compile(r"[ ]?(?:;|\||•|·|[ ]/[ ]|[ ][-–—][ ])[ ]?")  # on text with its spaces folded
# "and" between two people ("Jared Newman and Sam Singleton", "Ana Lopez und Ben Okafor")
_AND = re.compile(r"[ ](?:and|und|&|et|y|e|i|en|og|och|im gespräch mit|in conversation with)[ ]", re.IGNORECASE)
_LEADING_AND = re.compile(r"^(?:and|und|&|et|y)\s+", re.IGNORECASE)
_CAPITALS = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž][A-ZÀ-ÖØ-ÞĀ-Ž.\-]{1,7}(?: \d{3})?")  # "MS", "FAND", "E-RYT 200"
_GLUED_LABEL = re.compile(r"^(?:von|by|author|autor|autorin|auteur|written by)(?=[A-ZÄÖÜ][a-zäöüß])",
                          re.IGNORECASE)  # "vonChris Jung": the label glued on
# what follows a name in a byline: a link to the writer's other stories, a photo credit
AFTER_NAME = re.compile(r"(?<!\s)\s+(?:alle (?:artikel|beiträge)|all (?:articles|posts|stories)"
                         r"|(?:fotos?|photos?|bilder?|illustrations?)\s*:.*)$", re.IGNORECASE)
_HAS_LETTER = re.compile(r"[^\W\d_]")
_MAX_NAME_WORDS = 8
# words no name holds: a CMS account ("NOC Admin") or a template's placeholder ("page.head.extra.author")
_ADMIN_WORDS = frozenset({"admin", "administrator", "webmaster", "wordpressadmin", "author"})
_EDGES = " |,;:-–—·•*\"'“”„«»()[]"
JOINERS = frozenset({"und", "and", "&"})  # between two names in one byline


@dataclass(frozen=True)
class NameRules:
    """The word lists of metadata.txt that shape names, compiled."""

    label: re.Pattern              # a byline label at the start of a text ("Posted by ", "Autor: ")
    credentials: FrozenSet[str]    # folded
    roles: FrozenSet[str]          # folded job-title words
    particles: FrozenSet[str]      # lower-case words inside names
    placeholders: FrozenSet[str]   # folded names that name nobody
    byline: re.Pattern             # a byline in the text under the headline; group 1 the names


def prepare(sections: Sections) -> NameRules:
    verbs = alternation(sections["byline.verbs"], "byline.verbs")
    connectors = alternation(sections["byline.connectors"], "byline.connectors")
    labels = alternation(sections["byline.labels"], "byline.labels")
    label = re.compile(rf"^(?:(?:{verbs})(?: (?:{connectors}))?|{labels})(?![\w-])[:： ]*", re.IGNORECASE)

    def folded(name: str) -> FrozenSet[str]:
        return frozenset(fold_name(e.value.replace(".", "")) for e in sections[name])

    particles = frozenset(e.value.casefold() for e in sections["name.particles"])
    return NameRules(label, folded("name.credentials"), folded("name.roles"), particles,
                     folded("author.placeholders"), _visible_byline(particles))


# A byline in the text under the headline: "Von Claudia Lindner", "By Ana Lopez | 5 March",
# "Posted on March 5, 2024 by Ana Lopez", "Text von Christian Seiler": the name, capitalised
# words (particles aside), then the line's end, a separator or a date.
_BYLINE_LEAD = (r"(?i:(?:posted|published|written|veröffentlicht|geschrieben|erstellt|text|artikel|beitrag)"
                r"(?: (?:on|am) [^|]{4,40}?)? )?(?i:by|von|par|por|door):? ")
_BYLINE_END = r"(?=$|[ ]?[,|•·–—(/]|[ ](?i:am|on|le|el|il|at|um|\d))"


def _visible_byline(particles: FrozenSet[str]) -> "re.Pattern[str]":
    """The byline pattern, its names' lower-case words those of [name.particles] (and "and")."""
    inside = alternation([Entry(w, "name.particles") for w in sorted(particles | JOINERS)], "name.particles")
    name = rf"[{UPPER}][\w.'’-]*(?:(?:[ ](?:{inside})){{0,2}}[ ][{UPPER}][\w.'’-]*){{0,4}}"
    return re.compile(rf"{_BYLINE_LEAD}({name}){_BYLINE_END}")


def fold_name(text: str) -> str:
    """Case, punctuation and spacing folded: how names are compared.

    >>> fold_name("JEFFREY  Gettleman") == fold_name("Jeffrey Gettleman")
    True
    """
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def without_label(text: str, rules: NameRules) -> str:
    """The text without the byline label it opens with ("By", "Posted by", "Autor:")."""
    text = text.strip(_EDGES)
    stripped = rules.label.sub("", text, count=1).strip(_EDGES)
    return _GLUED_LABEL.sub("", stripped)


def names_of(raw: Optional[str], rules: NameRules, organisation: bool = False,
             inverted: bool = False) -> List[str]:
    """The names in one author value, in order (see the module's docstring).

    ``organisation``: the value names an organisation (JSON-LD says so), kept
    whole. ``inverted``: "Surname, Given name" (scholarly citation tags).

    >>> from cleaner.rules import load_rules
    >>> rules = prepare(load_rules().metadata)
    >>> names_of("By Dylan Bailey, MS, RD, FAND", rules)
    ['Dylan Bailey']
    >>> names_of("Danielle DeSiato, Donna Enzmann, and Natalie Nguyen", rules)
    ['Danielle DeSiato', 'Donna Enzmann', 'Natalie Nguyen']
    >>> names_of("Center for Drug Evaluation and Research", rules)
    ['Center for Drug Evaluation and Research']
    """
    if not raw:
        return []
    text = unescape(raw) if "&" in raw else raw
    text = " ".join(_HANDLE.sub(" ", _EMAIL.sub(" ", _URL.sub(" ", text.replace("\u200b", "")))).split())
    if not text.strip(_EDGES + " "):
        return []
    if organisation:
        name = " ".join(without_label(text, rules).split())
        return [name] if _plausible(name, rules) else []
    if inverted:
        surname, comma, given = text.partition(",")
        if comma and given.strip() and "," not in given:
            text = f"{given.strip()} {surname.strip()}"
    found: List[str] = []
    for part in _HARD_SEPARATOR.split(text):
        found.extend(_split_part(part, rules, after_name=bool(found)))
    return dedupe(found)


def _split_part(part: str, rules: NameRules, after_name: bool) -> List[str]:
    part = without_label(" ".join(part.split()), rules)
    part = AFTER_NAME.sub("", part)
    names: List[str] = []
    for piece in part.split(","):
        piece = _LEADING_AND.sub("", piece.strip(_EDGES)).strip(_EDGES)
        follows = after_name or bool(names)
        if not piece or _is_credential(piece, rules, after_name=follows) or (follows and _is_role(piece, rules)):
            continue
        piece = _without_trailing_role(without_label(piece, rules), rules)
        for name in _people(piece, rules):
            if _plausible(name, rules):
                names.append(name)
    return names


def _without_trailing_role(text: str, rules: NameRules) -> str:
    """"Christoph Hein Chefredakteur", "Rasmus Barslund Founder": the name without its job."""
    words = text.split()
    while len(words) > 2 and fold_name(words[-1]) in rules.roles:
        words.pop()
    return " ".join(words)


def _people(text: str, rules: NameRules) -> List[str]:
    """"Jared Newman and Sam Singleton" as two people; an organisation ("Center for
    Drug Evaluation and Research", "Mac & I") or two first names ("Linny and Peter")
    as one."""
    pieces = _AND.split(text)
    if len(pieces) > 1 and all(full_name(p, rules) for p in pieces):
        return [p.strip(_EDGES) for p in pieces]
    return [text]


def _capitalised(words: Iterable[str], rules: NameRules, joiners: FrozenSet[str] = frozenset()) -> bool:
    """Every word capitalised, a name's particles ("von", "de") and ``joiners`` aside."""
    return all(w[:1].isupper() or w.casefold() in rules.particles or w in joiners for w in words)


def full_name(text: str, rules: NameRules) -> bool:
    """Two to five capitalised words, particles aside: a person's whole name."""
    words = text.split()
    return 2 <= len(words) <= 5 and _capitalised(words, rules)


def _is_credential(text: str, rules: NameRules, after_name: bool = False) -> bool:
    """A degree or credential ("PhD", "MS RD"); after a name, any short run of capitals
    ("FOMA", "E-RYT 200"), which alone may be an agency's name ("AFP")."""
    folded = fold_name(text.replace(".", ""))
    if folded and (folded in rules.credentials or all(w in rules.credentials for w in folded.split())):
        return True
    return after_name and bool(_CAPITALS.fullmatch(text)) and len(text.replace(".", "").replace("-", "")) <= 6


def _is_role(text: str, rules: NameRules) -> bool:
    return any(w in rules.roles for w in fold_name(text).split())


def _plausible(name: str, rules: NameRules) -> bool:
    """A name, not a placeholder ("admin", "No Author", "NOC Admin"), a credential or a
    list of credits ("design: Scott McDaniel")."""
    folded = fold_name(name)
    return (bool(folded) and bool(_HAS_LETTER.search(name)) and folded not in rules.placeholders
            and not any(w in _ADMIN_WORDS for w in folded.split()) and ":" not in name
            and not (" " in name.strip() and any(ch.isdigit() for ch in name))
            and len(name.split()) <= _MAX_NAME_WORDS and not _is_credential(name, rules))


def dedupe(names: Iterable[str]) -> List[str]:
    """Each name once, under case folding; initials repeating a name ("TK" beside
    "Tina Klostermeier") go."""
    seen, kept = set(), []
    for name in names:
        key = fold_name(name).replace(" ", "")
        if key and key not in seen:
            seen.add(key)
            kept.append(name)
    initials = {"".join(w[0] for w in n.split()).upper() for n in kept if len(n.split()) > 1}
    return [n for n in kept if not (n.isupper() and " " not in n and n in initials)]


def is_name_like(words: List[str], rules: NameRules) -> bool:
    """No label or credit ("Source: Statista", "PAP/ Rafał Guz") and no sentence."""
    if any(":" in w or "/" in w for w in words):
        return False
    return len(words) == 1 or _capitalised(words, rules, JOINERS)
