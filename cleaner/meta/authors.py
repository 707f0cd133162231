"""The page's authors: names in byline order, from the declared data or the visible byline.

The candidates, best first: the authors JSON-LD gives the article, the
author meta tags, an element the markup marks as the author (rel/itemprop
author, class author/byline, a link to the writer's page) near the headline,
and a byline a reader sees under the headline ("Von Ana Lopez | 5. März").
Each is read into names (:mod:`cleaner.meta.names`); names that only repeat
the site's own name, or that name nobody, do not count. Elements in menus,
footers, comment threads and "more from" boxes are not the story's byline.
"""
from __future__ import annotations

import re
from itertools import chain
from typing import Any, List, NamedTuple, Optional, Sequence, Set
from urllib.parse import urlsplit

from .dates import block_of, text_after
from .facts import PageFacts, Positioned
from .jsonld import LinkedData
from .names import (AFTER_NAME, NameRules, UPPER, dedupe, fold_name, full_name, is_name_like,
                    names_of, without_label)

# meta tags that name the author (not twitter:creator: a handle)
_AUTHOR_META = ("author", "authors", "article:author", "og:article:author", "og:author", "byl", "dc.creator",
                "dc:creator", "dcterms.creator", "parsely-author", "sailthru.author", "rbauthors",
                "atc-metaauthor", "dcsext.author", "shareaholic:article_author_name", "creator")
_CITATION_META = ("citation_author", "dc.creator.aut")
# the last word of a host name that a name clean-up turned into "Facebook Com"
_TLDS = r"(?:com|net|org|de|at|ch|it|fr|es|nl|uk|io|info|eu|pl|br|cl|uy|ar|co|pe|mx|tv|me|ai|news|media|online)"
_TLD_WORD = re.compile(rf"\s{_TLDS}$", re.IGNORECASE)
_HOST = re.compile(rf"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.{_TLDS}$", re.IGNORECASE)

# the label of a twitter:dataN tag that names the writer
_WRITER_LABEL = re.compile(r"(?:written|posted|verfasst|geschrieben) (?:by|von)|by|author|autor(?:in)?|auteur|von",
                           re.IGNORECASE)
# "More by", "Alle Beiträge von" ahead of a name on a link to the writer's page; a copyright sign
_MORE_BY = re.compile(r"^(?:©\s*)?(?:(?:alles|mehr|alle (?:beiträge|artikel)|zeige alle beiträge|more|more stories|"
                      r"all (?:posts|articles|stories)|view all posts|posts|articles|stories) (?:von|by|from)\s+)?",
                      re.IGNORECASE)
_HANDLE = re.compile(r"(?<![a-z\d])[a-z\d]+[._][a-z\d._]+")  # a login: "andrew.keaveney", "web_desk"
_LABELLED_HANDLE = re.compile(r"(?i:by|von|par|por|door):? ([^\W\d_][\w.-]{1,30})")
_PIECE_SEPARATOR = re.compile(r" [|•·] ")
_LOWER_WORD = re.compile(rf"(?<!\w)[^\W\d_{UPPER}]\w+")
_MAX_WORDS_AFTER_NAME = 4
_BYLINE_REACH = 600   # characters of text under the headline searched for a byline
_MAX_BYLINE_CHARS = 120
_MAX_AROUND_DATE = 25  # a block of the date alone: the date and at most this many characters
_SEPARATORS = " |·•-–—,;/"
_MAX_MARKED = 5       # marked author elements weighed
# containers whose names are not the story's byline
_NOT_BYLINE_TAGS = frozenset({"nav", "footer"})
_WRAPPERS = frozenset({"html", "body", "main", "article"})
_NOT_BYLINE_NAMES = re.compile(r"comment|related|recommend|more-from|morefrom",
                               re.IGNORECASE)


class Site(NamedTuple):
    """What names the site: its name and its host, folded without spaces."""

    keys: Set[str]

    @classmethod
    def of(cls, sitename: Optional[str], url: Optional[str], publisher: Optional[str] = None) -> "Site":
        try:
            host = urlsplit(url or "").hostname or ""
        except ValueError:  # a malformed URL names no host
            host = ""
        keys = set()
        for name in (sitename or "", publisher or "", host[4:] if host.startswith("www.") else host):
            name = name.strip().casefold()
            if name:
                keys.add(_squashed(name))
                keys.add(_squashed(re.sub(r"\.[a-z]{2,6}$", "", name)))  # without its top-level domain
        keys.discard("")
        return cls(keys)

    def names(self, name: str) -> bool:
        """The name is the site's (its name or host) or a host name ("Facebook Com", "example.de")."""
        return bool(_TLD_WORD.search(name) or _HOST.match(name)) or _squashed(name) in self.keys

    def in_name(self, name: str) -> bool:
        """The name holds the site's as a word ("Redacción Trome", "NOTICIAS TROME")."""
        return any(_squashed(w) in self.keys for w in name.split())

    def without_name(self, name: str) -> str:
        """The name without the site's name written after it ("Adam Aaronson PhillyVoice")."""
        words = name.split()
        while len(words) > 2 and _squashed(words[-1]) in self.keys:
            words.pop()
        return " ".join(words)


def _squashed(text: str) -> str:
    """Folded without spaces: "Tages Schau" and "tagesschau" compare equal."""
    return fold_name(text).replace(" ", "")


def read_authors(facts: PageFacts, linked: LinkedData, headline, site: Site, rules: NameRules,
                 date_pattern: Optional[re.Pattern] = None) -> List[str]:
    """The authors' names, in byline order; empty when the page names nobody."""
    declared = declared_authors(facts, linked, site, rules)
    people = [site.without_name(n) for n in declared if not site.names(n)]
    organisations = _organisations(linked, rules)
    if any(full_name(n, rules) and n not in organisations for n in people):
        # beside people, the publisher and the site are no authors
        people = [n for n in people if n not in organisations and not site.in_name(n)]
    only_organisations = bool(linked.authors) and all(a.organisation for a in linked.authors)
    if people and not only_organisations:
        if not linked.authors or all(_HANDLE.fullmatch(n) for n in people):
            # a meta tag (often the CMS account that posted the story), or JSON-LD naming a
            # login ("andrew.keaveney"): the byline the reader sees, if it names someone else
            shown = visible_byline(headline, rules, date_pattern) or (
                marked_byline(facts.bylines, rules, date_pattern) if linked.authors else [])
            keys = {fold_name(n) for n in people}
            if shown and not keys & {fold_name(n) for n in shown}:
                return shown
        return people
    # nobody named, only the site ("Tagesschau De") or an organisation: the byline, if the page shows one
    shown = marked_byline(facts.bylines, rules, date_pattern) or visible_byline(headline, rules, date_pattern)
    return shown or people or declared


def _organisations(linked: LinkedData, rules: NameRules) -> Set[str]:
    """The names JSON-LD gives as an Organization among the authors."""
    return {n for a in linked.authors if a.organisation for n in names_of(a.name, rules, organisation=True)}


def declared_authors(facts: PageFacts, linked: LinkedData, site: Site, rules: NameRules) -> List[str]:
    """The names JSON-LD gives the article, with those of the author meta tags. A value
    that names the site keeps only the people beside it ("L-MAG – Das Magazin für
    Lesben" is the site and its motto)."""
    names: List[str] = []
    for author in linked.authors:
        names.extend(names_of(author.name, rules, organisation=author.organisation))
    if names:  # JSON-LD names the writers; an author meta tag beside it often the publisher
        return dedupe(names)
    for value in facts.meta_values(*_AUTHOR_META) + _labelled_author(facts):
        found = names_of(value, rules)
        if len(found) > 1 and any(site.names(n) for n in found):
            found = [n for n in found if site.names(n) or full_name(n, rules)]
        names.extend(found)
    for value in facts.meta_values(*_CITATION_META):
        names.extend(names_of(value, rules, inverted=True))
    return dedupe(names)


def _labelled_author(facts: PageFacts) -> List[str]:
    """The value of a labelled twitter data tag whose label says it names the writer
    (twitter:label1 "Written by", twitter:data1 "Ana Lopez"; Yoast writes them)."""
    labels = {key[len("twitter:label"):]: value for key, value in facts.meta if key.startswith("twitter:label")}
    wanted = {n for n, label in labels.items() if _WRITER_LABEL.fullmatch(label.strip())}
    return [value for key, value in facts.meta if key.startswith("twitter:data") and key[len("twitter:data"):] in wanted]


def marked_byline(bylines: Sequence[Positioned], rules: NameRules,
                  date_pattern: Optional[re.Pattern] = None) -> List[str]:
    """A short element marked as the author (rel/itemprop/class author or byline, a link to
    the writer's page), its label dropped, and a date after the name ("Ana Lopez<br>4 August
    2010"); in a box holding more (a name and a job title, an author box), its first piece
    of text that reads as a name. Not in menus, footers, comment threads or lists of other
    stories."""
    weighed = 0
    for _, el in bylines:
        if weighed >= _MAX_MARKED:
            break
        if el.tag in _WRAPPERS or not (el.get("content") or el.text_content()).strip() or _in_listing(el):
            continue
        weighed += 1
        names = _names_in(el, rules, date_pattern)
        if names:
            return names
    return []


def _names_in(el, rules: NameRules, date_pattern: Optional[re.Pattern] = None) -> List[str]:
    content = el.get("content")
    text = _name_text(" ".join(content.split()) if content else _before_date(el, date_pattern), rules)
    words = text.split()
    # digits after a whole name's comma are a credential's ("Holly Wilgus, E-RYT 200"); names_of drops
    # them. Not after a word alone: "Sat, 20 Dec, 2025" is a date
    first = text.split(",", 1)[0]
    digits = any(ch.isdigit() for ch in (first if full_name(first, rules) else text))
    if (1 <= len(words) <= 8 and not digits and "@" not in text
            and not rules.label.fullmatch(text + " ") and (not _boxed(el) or is_name_like(words, rules))):
        names = names_of(text, rules)
        if names:
            return names
    if _boxed(el):
        for sub in el.iter():
            piece = _name_text(" ".join((sub.text or "").split()), rules) if isinstance(sub.tag, str) else ""
            if 2 <= len(piece.split()) <= 4 and is_name_like(piece.split(), rules) and not any(
                    ch.isdigit() for ch in piece):
                names = names_of(piece, rules)
                if names:
                    return names
    return []


def _before_date(el, date_pattern: Optional[re.Pattern]) -> str:
    """The element's text (its spaces folded), or its one piece of text before a piece that
    opens with a date ("Ana Lopez<br>4 August 2010": "Ana Lopez"; not a headline and a
    "Date:" label before it, in a post's box whose class names its author)."""
    pieces = [p for p in el.itertext() if p.strip()] if date_pattern is not None else []
    if len(pieces) > 1 and date_pattern.match(pieces[1].strip()):
        return " ".join(pieces[0].split())
    return " ".join(el.text_content().split())


def _name_text(text: str, rules: NameRules) -> str:
    """The text without its label and "more by" words; a name written twice once."""
    text = AFTER_NAME.sub("", _MORE_BY.sub("", without_label(text, rules)).strip(" |,;:"))
    half = text[:len(text) // 2].strip()
    if half and text == f"{half} {half}":  # the name twice: an image's alt text, then the link's
        text = half
    return text


def _boxed(el) -> bool:
    """A block whose class only mentions the author (an author box, a meta line):
    it may hold more than a name, so its text must read as one."""
    return (el.tag not in ("a", "span", "address") and (el.get("class") or "") not in ("author", "byline")
            and el.get("itemprop") != "author" and el.get("rel") != "author")


def visible_byline(headline, rules: NameRules, date_pattern: Optional[re.Pattern] = None) -> List[str]:
    """The name in a byline a reader sees under ``headline``, in the blocks of text of its
    first few hundred characters: a block that opens with a label ("Von Ana Lopez |
    5. März", not "von" inside a sentence); a label standing alone ("Written by") and the
    name in the next block; else a name standing alone beside the date ("Ana Lopez ·
    05.03.2024")."""
    if headline is None:
        return []
    sections: Set[str] = set()
    blocks = _blocks_after(headline, sections)
    for i, text in enumerate(blocks):
        names = _byline_names(_without_leading_date(text, date_pattern), rules)
        if names:
            return names
        if i + 1 < len(blocks) and _only_label(text, rules):
            names = _lone_name(blocks[i + 1], rules, after_label=True)
            if names:
                return names
    if date_pattern is None:
        return []
    # a meta line's pieces stand for blocks of their own ("Ana Lopez | Senior Writer | 5 March 2024")
    filled = [p for t in blocks for p in _PIECE_SEPARATOR.split(t) if p.strip(_SEPARATORS)]
    for i, text in enumerate(filled):
        if _lone_date(text, date_pattern):
            # the name beside the date, or before the job title beside it ("Ana Lopez | Senior Writer | date")
            near = (i - 1, i + 1, i - 2) if i >= 2 and _is_role(filled[i - 1], rules) else (i - 1, i + 1)
            for j in near:
                names = _lone_name(filled[j], rules) if 0 <= j < len(filled) else []
                if names and fold_name(filled[j]) not in sections:  # not the section's name beside the date
                    return names
    return []


def _is_role(text: str, rules: NameRules) -> bool:
    """A job title alone ("Senior Writer"): a few words without digits, a role word among them."""
    words = fold_name(text).split()
    return 0 < len(words) <= 4 and not any(ch.isdigit() for ch in text) and any(w in rules.roles for w in words)


def _blocks_after(headline, sections: Optional[Set[str]] = None) -> List[str]:
    """The texts of the blocks after ``headline`` (paragraphs, divisions, list items), up
    to :data:`_BYLINE_REACH` characters; ``sections``, if given, gathers the (folded)
    texts of the links there that name the story's section (see :func:`_names_section`)."""
    seen, block, pieces, blocks = 0, None, [], []
    for text, owner in text_after(headline):
        piece = " ".join(text.split())
        if not piece:
            continue
        here = block_of(owner)
        if sections is not None and _names_section(owner, here):
            sections.add(fold_name(piece))  # the link to the story's section ("Wellness & Prevention")
        if here is not block and pieces:
            blocks.append(" ".join(pieces))
            pieces = []
        block = here
        pieces.append(piece)
        seen += len(piece)
        if seen > _BYLINE_REACH:
            break
    if pieces:
        blocks.append(" ".join(pieces))
    return blocks


# class words of the byline line's section, category or topic link
_SECTION_NAMES = re.compile(r"categor|(?<![a-z])(?:section|topic|tags?|rubri[ck]|ressort)(?![a-z])", re.IGNORECASE)


def _names_section(owner, block) -> bool:
    """A link's text in an element, inside its block, whose class names the section or
    category (a link to the section's page, not "Posted by Ana Lopez" in a reused class)."""
    if owner.tag != "a":
        return False
    for el in chain((owner,), owner.iterancestors()):
        if _SECTION_NAMES.search(el.get("class") or ""):
            return True
        if el is block:
            return False
    return False


def _only_label(text: str, rules: NameRules) -> bool:
    text = text.strip(_SEPARATORS)
    return bool(text) and not rules.label.sub("", text, count=1).strip(_SEPARATORS)


def _lone_name(text: str, rules: NameRules, after_label: bool = False) -> List[str]:
    """A block that is a name and nothing else: two to four capitalised words (one word,
    a handle too, right after a label), no digits, no job title."""
    text = text.strip(_SEPARATORS)
    words = text.split()
    if not words or len(words) > 4 or any(ch.isdigit() for ch in text) or any(c in text for c in ":@/"):
        return []
    if not after_label and (len(words) < 2 or not is_name_like(words, rules)):
        return []
    if after_label and len(words) > 1 and not is_name_like(words, rules):
        return []
    if any(fold_name(w) in rules.roles for w in words):
        return []
    return names_of(text, rules)


def _lone_date(text: str, pattern: re.Pattern) -> bool:
    found = pattern.search(text)
    return bool(found) and len(text) - len(found.group(0)) <= _MAX_AROUND_DATE


def _without_leading_date(text: str, pattern: Optional[re.Pattern]) -> str:
    """The block without the date it opens with ("03/01/2017 by Ana Lopez")."""
    found = pattern.match(text) if pattern is not None and text[:1].isalnum() else None
    return text[found.end():].lstrip(_SEPARATORS) if found else text


def _byline_names(line: str, rules: NameRules) -> List[str]:
    if len(line) > _MAX_BYLINE_CHARS:
        return []
    handle = _LABELLED_HANDLE.fullmatch(line)
    if handle:  # "by ibby": a block of the label and one word, a user name
        return names_of(handle.group(1), rules)
    found = rules.byline.match(line)
    # a sentence goes on after the "name" ("By Monday, the council will ..."); a byline does not
    if not found or len(_LOWER_WORD.findall(line, found.end())) > _MAX_WORDS_AFTER_NAME:
        return []
    return names_of(found.group(1), rules)


def _in_listing(el: Any) -> bool:
    """Inside a menu, a footer, a comment thread or a list of other stories (the page's
    and the story's own wrappers aside: WordPress writes "comments-open" on <body>)."""
    for a in chain((el,), el.iterancestors()):
        if a.tag in _WRAPPERS:
            continue
        if a.tag in _NOT_BYLINE_TAGS and not _story_part(a) or _NOT_BYLINE_NAMES.search(
                f"{a.get('class', '')} {a.get('id', '')}"):
            return True
    return False


def _story_part(box: Any) -> bool:
    """A <footer> inside an <article> is the story's own (HTML5: its author, its date); a
    <nav> or <footer> that holds an h1 is one left open, around the rest of the page."""
    return (box.tag == "footer" and next(box.iterancestors("article"), None) is not None
            or next(box.iter("h1"), None) is not None)
