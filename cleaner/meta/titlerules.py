"""The title rules: which visible heading is the headline a declared title names.

A declared title is split into its parts (:func:`split_title`: "Story | Site");
the headings (or elements inside them) equal to a declared title or to one of
its parts agree with it (:func:`agreement_of`), and the rules of
:data:`TITLE_RULES`, tried in order by :func:`apply_rules`, each name one way a
headline shows itself: a kicker element before the declared title, a heading
equal to the best-ranked declared title, an h1 in nearly the same words, a
heading inside a declared title, the markup's marked headline, the declared
title's main part.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, NamedTuple, Optional, Set, Tuple

from .headings import (MIN_PART_CHARS, clean, fold, heading_text, inner_texts, kicker_text, marked_as_headline,
                       marked_kicker, marked_story_headline, names_site, without_code, without_marked_kicker,
                       wraps_heading)

# Applied to the title with its whitespace folded to single spaces: an unbounded
# \s+ on each side would backtrack quadratically on a long run of spaces.
# Chinese and Japanese titles join the site's name without spaces: "标题-新华网", "标题_百度百科".
_TITLE_SEPARATORS = re.compile(r"[ ][|–—\-:»›·•/]+[ ]|[ ]?[|»›•][ ]?"
                               r"|(?<=[\u2e80-\u9fff\uff00-\uffef])[-_–—](?=[\u2e80-\u9fff])")

# a title part that is a host name ("example.de") names the site, not the story
_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)  # anchored: linear

_HEADLINE_WORDS = 4    # a title part this long is a headline of its own
_LOOSE_SHARE = 0.8     # an h1 sharing this much of the shorter's words with a declared title says it
_SECTION_SHARE = 0.25  # a heading sharing less of its words with every declared title is about something else
_SECTION_WORDS = 4     # ... and short
_MAX_HEADLINE_WORDS = 30  # ... or a paragraph, when it has more words
_TOPIC_WORDS = 2       # an h1 sharing this many words of four letters or more with a declared title is on its story


def split_title(title: str) -> List[str]:
    """A title's parts, split at its separators ("Story | Site": "Story", "Site")."""
    return [p.strip() for p in _TITLE_SEPARATORS.split(clean(title)) if p and p.strip()]


def is_host_name(part: str) -> bool:
    """A title part that is a host name ("example.de"): it names the site, not the story."""
    return _DOMAIN.fullmatch(part) is not None


class TitleContext(NamedTuple):
    """What the title rules weigh: the headings, the declared titles ranked, the site's names."""

    elements: List[Any]           # the headline-like elements, in page order
    headings: List[Tuple[Any, str]]  # (element, text): h1s first, the site's own left out
    sources: List[str]            # the declared titles, best first
    rank: Dict[str, int]          # folded declared title or part -> rank (0 best; parts odd)
    site: Set[str]                # folded names of the site
    confirmed: bool               # two independent sources declare the same title


class Agreement(NamedTuple):
    early: Optional[str]          # a headline read off a kicker element (see agreement_of)
    best: Optional[Tuple[str, int, Any]]   # (text, rank, element) of the best-ranked agreeing heading
    h1: Optional[Tuple[str, int, Any]]     # the same among h1s


def agreement_of(ctx: TitleContext) -> Agreement:
    """The headings (or elements inside them) equal to a declared title or part."""
    best: Optional[Tuple[str, int, Any]] = None
    h1: Optional[Tuple[str, int, Any]] = None
    for el, text in ctx.headings:
        key = fold(text)
        # the parts inside a heading matter only when it holds a wanted title and more
        inner = inner_texts(el) if any(k in key and k != key for k in ctx.rank) else []
        if inner[:1] and inner[0][1] and fold(inner[0][0]) in ctx.rank:
            return Agreement(inner[0][0], None, None)  # a kicker element, then the declared headline
        if inner[:1] and inner[0][1] and marked_kicker(el) and fold(kicker_text(el)) in ctx.rank:
            # the declared title is the heading's marked kicker: the rest is the headline
            return Agreement(inner[0][0], None, None)
        for candidate in [text] + [t for t, _ in inner]:
            r = ctx.rank.get(fold(candidate))
            if r is None:
                continue
            # equal ranks: the longer text (a headline, not its kicker or the site's name)
            if best is None or r < best[1] or r == best[1] and len(candidate) > len(best[0]):
                best = (candidate, r, el)
            if el.tag == "h1" and (h1 is None or r < h1[1]):
                h1 = (candidate, r, el)
    return Agreement(None, best, h1)


def _kicker_rule(ctx: TitleContext, agreement: Agreement) -> Optional[str]:
    """A heading that opens with a kicker element: the rest, which a declared title says."""
    return agreement.early


def _agreeing_heading(ctx: TitleContext, agreement: Agreement) -> Optional[str]:
    """The heading equal to the best-ranked declared title; an h1 that agrees with one
    declared title beats a lesser heading that agrees with another (og:title written
    for social media, <title> = h1); its marked kicker left out; an h1 that carries on
    where the declared title was cut short instead."""
    best = agreement.best
    if best is None:
        return None
    h1 = agreement.h1
    if best[2].tag != "h1" and h1 is not None and h1[1] // 2 != best[1] // 2:
        best = h1
    text, _, el = best
    if text == heading_text(el):
        headline = without_marked_kicker(el, text)
        if headline != text:
            return headline
    return _longer_headline(ctx.headings, text)


def _loose_h1(ctx: TitleContext, agreement: Agreement) -> Optional[str]:
    return _loosely_agreeing(ctx.headings, ctx.rank, ctx.site, ctx.sources)


def _heading_inside_declared(ctx: TitleContext, agreement: Agreement) -> Optional[str]:
    """A heading that is a piece of a declared title, or an h1 that begins with one; not a
    section's heading below an h1 that is the story's headline in other words (the page
    title names the story by a part that is one of its sections: "7 Key Methodologies"
    over the h1 "Methodologies Compared" and its h2 "Key Methodologies")."""
    headline_h1 = _h1_on_declared_topic(ctx)
    for el, text in ctx.headings:
        if headline_h1 and el.tag != "h1":
            continue
        key = fold(text)
        if len(key) >= MIN_PART_CHARS and key not in ctx.site and any(
                key in w or el.tag == "h1" and len(w) >= MIN_PART_CHARS and key.startswith(w) for w in ctx.rank):
            return without_marked_kicker(el, text)
    return None


def _h1_on_declared_topic(ctx: TitleContext) -> bool:
    """An h1 (not the site's name) that shares two words of four letters or more with a
    declared title: the story's headline, worded otherwise."""
    declared = [_content_words(s) for s in ctx.sources]
    return any(el.tag == "h1" and fold(text) not in ctx.site
               and any(len(_content_words(text) & words) >= _TOPIC_WORDS for words in declared)
               for el, text in ctx.headings)


def _marked_rule(ctx: TitleContext, agreement: Agreement) -> Optional[str]:
    not_headline = ctx.site | {fold(p) for s in ctx.sources for p in split_title(s)[1:]}
    return _marked_headline(ctx.elements, not_headline, ctx.sources, ctx.confirmed)


def _declared_main_part(ctx: TitleContext, agreement: Agreement) -> Optional[str]:
    """The main part of the best declared title ("Story" of "Story | Site"), or the heading
    that holds a part of it as whole words when no part says which is the site."""
    first = ctx.sources[0]
    parts = [p for p in split_title(first) if fold(p) not in ctx.site and not is_host_name(p)]
    if len(split_title(first)) > 1 and parts:
        return _heading_with_part(ctx.headings, parts, ctx.site) or max(parts, key=len)
    return None


# The title rules, in the order they are tried (see apply_rules).
TITLE_RULES = (
    ("kicker-then-declared", _kicker_rule),
    ("heading-equals-declared", _agreeing_heading),
    ("h1-in-nearly-the-same-words", _loose_h1),
    ("heading-inside-declared", _heading_inside_declared),
    ("marked-headline", _marked_rule),
    ("declared-main-part", _declared_main_part),
)


def _loosely_agreeing(headings: List[Any], rank: Dict[str, int], site: Set[str],
                      sources: List[str] = ()) -> Optional[str]:
    """An h1 whose words are nearly all words of a declared title, or that holds nearly
    all of one's words: the headline a page title reworded for search engines."""
    keys = [set(k.split()) for k in rank if len(k.split()) >= 3]
    for el, text in headings:
        if el.tag != "h1":
            continue
        words = set(fold(text).split())
        if len(words) < 3 or fold(text) in site:
            continue
        content = _content_words(text)
        for key in keys:
            shared = len(words & key)
            # and not by short words alone ("where to ... in Houston" of another story)
            if (shared >= 3 and shared >= _LOOSE_SHARE * min(len(words), len(key))
                    and len(content & key) >= min(3, len(content))):
                return _declared_for_lost_signs(text, key, sources) or without_marked_kicker(el, text)
    return None


_LOST_SIGN = re.compile(r"(?<=\w)[?\ufffd](?= \w)|\ufffd")  # "Beginner? Guide": a sign the encoding lost


def _declared_for_lost_signs(text: str, key: Set[str], sources: List[str]) -> Optional[str]:
    """The declared title (or part) of ``key``'s words, for an h1 whose text lost a
    character to a wrong encoding ("Beginner? Guide" for "Beginner's Guide")."""
    if not _LOST_SIGN.search(text):
        return None
    for source in sources:
        for candidate in [source] + split_title(source):
            if set(fold(candidate).split()) == key and not _LOST_SIGN.search(candidate):
                return candidate
    return None


def _heading_with_part(headings: List[Any], parts: List[str], site: Set[str]) -> Optional[str]:
    """An h1 or h2 of two words or more that holds a part of the page title as whole
    words: the headline the page title shortened ("Feuerwehr Oldenburg - Ausbildung"
    over "Bootsdienst Ausbildung"), where neither part says which is the site."""
    keys = {f" {fold(p)} ": p for p in parts if fold(p)}
    for el, text in headings:
        key = fold(text)
        if el.tag in ("h1", "h2") and len(key.split()) >= 2 and key not in site:
            for k, part in keys.items():
                if k in f" {key} ":
                    # a part long enough to be a headline is one ('15 Replies to “Night buses ...”')
                    return part if len(part.split()) >= _HEADLINE_WORDS else text
    return None


def _longer_headline(headings: List[Any], title: str) -> str:
    """The h1 that carries on where a declared title stops (titles get cut for search
    engines: "Zitronenkuchen vom Blech" over "Zitronenkuchen vom Blech: einfach köstlich!")."""
    key = fold(title)
    for el, text in headings:
        if not (el.tag == "h1" or marked_as_headline(el)) or len(text) > 2 * len(title) \
                or any(isinstance(c.tag, str) for c in el):
            continue
        if fold(text).startswith(key + " ") and not text[len(title):].lstrip()[:1].isdigit():
            return text
    return title


def _marked_headline(elements: List[Any], not_headline: Set[str], sources: List[str],
                     confirmed: bool) -> Optional[str]:
    """A heading the markup marks as the story's headline, unless it is the site's name
    or a section's heading (see :func:`_section_heading`)."""
    candidates = [el for el in elements if marked_story_headline(el)][:10]
    h1s = [el for el in elements if el.tag == "h1"]
    if len(h1s) == 1:  # one h1 on the page is the headline, unless it names the site
        candidates.append(h1s[0])
    for el in candidates:
        if names_site(el) or wraps_heading(el):
            continue
        el = without_code(el)
        text = heading_text(el)
        if (3 <= len(text) <= 300 and fold(text) and fold(text) not in not_headline
                and not _section_heading(text, sources, confirmed)
                and not (confirmed and _off_topic(text, sources))):
            return without_marked_kicker(el, text)
    return None


def _off_topic(text: str, sources: List[str]) -> bool:
    """A heading that shares no word of four letters or more with any declared title: where
    two sources confirm the declared title, another story's headline (an entry of a list
    of other posts), not this page's."""
    words = _content_words(text)
    return bool(words) and not any(words & _content_words(s) for s in sources)


def _section_heading(text: str, sources: List[str], confirmed: bool) -> bool:
    """A heading that names the page's section, not its story ("The Blog", "M&A Updates"):
    it shares under a quarter of its words with every declared title, it is short, and
    the declared title is ``confirmed`` (JSON-LD's headline says it too); or it is a
    paragraph of its own (a description set as the page's h1)."""
    words = _content_words(text)
    if not words:
        return False
    shared = max(len(words & _content_words(s)) / len(words) for s in sources)
    if shared >= _SECTION_SHARE:
        return False
    words = len(text.split())
    return confirmed and words <= _SECTION_WORDS or words > _MAX_HEADLINE_WORDS


def _content_words(text: str) -> Set[str]:
    """The words of four letters or more: the ones that say what a title is about."""
    return {w for w in fold(text).split() if len(w) >= 4}


def apply_rules(context: TitleContext) -> Optional[str]:
    """The title the first of :data:`TITLE_RULES` that finds one gives, else None."""
    agreement = agreement_of(context)
    for _, rule in TITLE_RULES:
        title = rule(context, agreement)
        if title:
            return title
    return None
