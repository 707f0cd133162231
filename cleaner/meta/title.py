"""The page's title: the visible headline that agrees with a declared title.

Declared titles (og:title, JSON-LD's headline, twitter:title, ``<title>`` and
its parts) say what the page calls itself; the headings say what a reader
sees. A heading (or an element inside it) equal to a declared title or to
one of its parts is the headline; the better the source it agrees with, the
better the match (see :func:`choose_title` for the tie-breaks).
"""
from __future__ import annotations

import re
from copy import deepcopy
from html import unescape
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Set, Tuple

# Applied to the title with its whitespace folded to single spaces: an unbounded
# \s+ on each side would backtrack quadratically on a long run of spaces.
# Chinese and Japanese titles join the site's name without spaces: "标题-新华网", "标题_百度百科".
_TITLE_SEPARATORS = re.compile(r"[ ][|–—\-:»›·•/]+[ ]|[ ]?[|»›•][ ]?"
                               r"|(?<=[\u2e80-\u9fff\uff00-\uffef])[-_–—](?=[\u2e80-\u9fff])")

# or text hidden for screen readers. Whole class names / ids, and parts of them.
_NOT_HEADLINE_NAMES = frozenset({"site-title", "site-name", "sitename", "blog-title", "site-logo", "brand",
                                 "screen-reader-text", "sr-only", "visually-hidden", "visuallyhidden",
                                 "element-invisible", "aural", "hidden", "invisible"})
_NOT_HEADLINE_PARTS = frozenset({"logo", "branding", "masthead"})
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});", re.IGNORECASE)
# UTF-8 read as Latin-1 or Windows-1252: "Investorâ\x80\x99s" for "Investor’s"
_MOJIBAKE = re.compile("[\u0080-\u009f]|[ÃÂâ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")
_ANCHOR_SIGNS = " ¶#§🔗"  # a heading's permalink, shown after it
_HOME_HREFS = frozenset({"/", "./", "index.html", "index.php", "/index.html", "/index.php"})
# a title part that is a host name ("example.de") names the site, not the story
_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)  # anchored: linear
_NON_WORD = re.compile(r"[^\w]+")
_NAME_PARTS = re.compile(r"[-_]+")  # the parts of a class name ("site-logo")
_SITE_ROOT = re.compile(r"https?://[^/]+/?")  # a link to the site's home page
_MAX_HEADINGS = 40
_MAX_KICKER_WORDS = 6
_HEADLINE_WORDS = 4    # a title part this long is a headline of its own
_MIN_PART_CHARS = 12   # a title part this short ("News", "Home") is too weak to pick out a heading
_LOOSE_SHARE = 0.8     # an h1 sharing this much of the shorter's words with a declared title says it
_SECTION_SHARE = 0.25  # a heading sharing less of its words with every declared title is about something else
_SECTION_WORDS = 4     # ... and short
_MAX_HEADLINE_WORDS = 30  # ... or a paragraph, when it has more words
_TOPIC_WORDS = 2       # an h1 sharing this many words of four letters or more with a declared title is on its story


def fold(text: str) -> str:
    """Lower case, punctuation and soft hyphens out, spaces folded: how titles are compared.

    >>> fold("Kind krank? Was Arbeit\\u00adgeber wissen müssen")
    'kind krank was arbeitgeber wissen müssen'
    """
    return " ".join(_NON_WORD.sub(" ", text.replace("\xad", "").casefold()).split())


def _clean(text: Optional[str]) -> str:
    return " ".join((text or "").split())

# a date standing as a part of its own at either end of a title: "23.01.2022 - Story"
_DATE_PART = re.compile(r"^(?:\d{1,2}[./]){2}\d{2,4} [-–—|] (?=\S)|(?<=\S) [-–—|] (?:\d{1,2}[./]){2}\d{2,4}$")


def headline_element(headings: List[Any]) -> Optional[Any]:
    """The page's first h1 with text that is not the site's name (else its first h1 with text)."""
    h1s = [el for el in headings if el.tag == "h1" and el.text_content().strip()]
    return next((el for el in h1s if not _names_site(el)), h1s[0] if h1s else None)



def _marked_not_headline(el) -> bool:
    names = f"{el.get('class', '')} {el.get('id', '')}".lower().split()
    if not names:
        return False
    return bool(_NOT_HEADLINE_NAMES.intersection(names)
                or any(part in _NOT_HEADLINE_PARTS for name in names for part in _NAME_PARTS.split(name)))


def _names_site(el) -> bool:
    """A heading that is the site's name: masthead/logo classes, hidden text, or a link home."""
    parent = el.getparent()
    if _marked_not_headline(el) or (parent is not None and _marked_not_headline(parent)):
        return True
    return _links_home(el)


def _links_home(el) -> bool:
    for a in el.iter("a"):
        href = (a.get("href") or "").strip()
        if a.get("rel") == "home" or href in _HOME_HREFS or _SITE_ROOT.fullmatch(href):
            return True
    return False


def _headings(elements: List[Any], declared: Set[str] = frozenset()) -> List[Any]:
    """(element, text) of the page's headings: h1s first, then other headline-like elements;
    not the site's name, unless the heading says a ``declared`` title ("blog-title" is the
    post's headline on some platforms, the blog's name on others)."""
    found = []
    h1s = [el for el in elements if el.tag == "h1"][:_MAX_HEADINGS]
    others = [el for el in elements[:_MAX_HEADINGS] if el.tag != "h1"]
    for el in h1s + others:
        if _names_site(el) and (_links_home(el) or fold(_clean(el.text_content())) not in declared):
            continue
        if _wraps_heading(el):
            continue
        el = _without_code(el)
        text = _heading_text(el)
        if 3 <= len(text) <= 300:
            found.append((el, text))
    return found


def _wraps_heading(el) -> bool:
    """A block marked as the title (a <header class="post-title">) that holds the h1 or h2
    itself, with the byline and the date beside it: the heading inside is the headline."""
    return el.tag not in _HEADING_TAGS and next(el.iter("h1", "h2"), None) is not None


_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _without_code(el):
    """The heading, or a copy of it without the styles, scripts and SVG icons inside
    (a CSS-in-JS <style> ahead of a kicker reads as text)."""
    if next(el.iter("style", "script", "svg"), None) is None:
        return el
    from lxml.etree import strip_elements

    copy = deepcopy(el)
    copy.tail = None
    strip_elements(copy, "style", "script", "svg", with_tail=False)
    return copy


def _heading_text(el) -> str:
    """The heading's text without ruby annotations (the furigana over Japanese kanji) or
    a <time> ("Dec 18 2025 Preparing a transition"), a line break read as a space ("Weekend<br>Coding Agent"), without a permalink sign at
    its end ("Night buses extended ¶")."""
    if next(el.iter("rt", "br", "time"), None) is not None:
        el = deepcopy(el)
        for note in list(el.iter("rt", "rp", "time")):  # and the date shown in the heading
            note.drop_tree()
        for br in el.iter("br"):
            br.tail = " " + (br.tail or "")
    text = _clean(el.text_content()).rstrip(_ANCHOR_SIGNS)
    return _clean(unescape(text)) if _ENTITY.search(text) else text  # escaped twice: "SQL &#x26; AI"


def _split(title: str) -> List[str]:
    return [p.strip() for p in _TITLE_SEPARATORS.split(_clean(title)) if p and p.strip()]


def _site_keys(sitename: Optional[str], headings_of_site: Iterable[str]) -> Set[str]:
    keys = {fold(s) for s in headings_of_site if s}
    if sitename:
        keys.add(fold(sitename))
    return {k for k in keys if k}



class _Context(NamedTuple):
    """What the title rules weigh: the headings, the declared titles ranked, the site's names."""

    elements: List[Any]           # the headline-like elements, in page order
    headings: List[Tuple[Any, str]]  # (element, text): h1s first, the site's own left out
    sources: List[str]            # the declared titles, best first
    rank: Dict[str, int]          # folded declared title or part -> rank (0 best; parts odd)
    site: Set[str]                # folded names of the site
    confirmed: bool               # two independent sources declare the same title


class _Agreement(NamedTuple):
    early: Optional[str]          # a headline read off a kicker element (see _agreement)
    best: Optional[Tuple[str, int, Any]]   # (text, rank, element) of the best-ranked agreeing heading
    h1: Optional[Tuple[str, int, Any]]     # the same among h1s


def choose_title(elements: List[Any], sources: List[str], sitename: Optional[str] = None,
                 confirmed: bool = False) -> Optional[str]:
    """The visible headline when it agrees with a declared title, else the declared title's main part.

    ``sources`` are the declared titles, best first (og:title, JSON-LD
    headline, twitter:title, ``<title>``). Page titles carry the site name
    ("Story - Site"); the headline on the page does not, and may carry a
    kicker or a subtitle in an element of its own. The rules of
    :data:`TITLE_RULES` are tried in order; the first that finds a title
    gives it, completed where a heading was cut short. ``confirmed``: the
    best declared title is confirmed by an independent source (JSON-LD's
    headline beside og:title, not a copy of one tag in another).
    """
    if not sources:
        headings = _headings(elements)
        return _without_marked_kicker(*headings[0]) if headings else None
    site_headings = [_clean(el.text_content()) for el in elements if el.tag == "h1" and _names_site(el)][:5]
    site = _site_keys(sitename, [])
    mains = {fold(_split(s)[0]) for s in sources if _split(s)} - site  # the declared titles' main parts
    headings = _headings(elements, mains)
    site = _site_keys(sitename, [t for t in site_headings if fold(t) not in mains])
    rank: Dict[str, int] = {}
    for i, source in enumerate(sources):
        rank.setdefault(fold(source), 2 * i)
        parts = _split(source)
        if len(parts) > 1:
            for part in parts:
                if len(part.split()) >= 2 and len(part) >= _MIN_PART_CHARS:
                    rank.setdefault(fold(part), 2 * i + 1)
    for key in site:
        rank.pop(key, None)
    context = _Context(elements, headings, sources, rank, site, confirmed)
    agreement = _agreement(context)
    for _, rule in TITLE_RULES:
        title = rule(context, agreement)
        if title:
            return _counted(_whole(title, sources), sources)
    return _without_leading_domain(sources[0], site)


_COUNT = re.compile(r"^\d{1,3} (?=\S)")  # anchored: linear
_YEAR_AFTER = re.compile(r"(?<=\S) (?:19|20)\d\d$")


def _counted(title: str, sources: List[str]) -> str:
    """The declared title (or part) that is the headline with the list's count before it or
    the year after it ("8 Recent Trends in Photography" over the h1 "Recent Trends in
    Photography"): the whole title, of which the page shows a shorter form."""
    key = fold(title)
    for source in sources:
        for part in _split(source):
            for extra in (_COUNT.search(part), _YEAR_AFTER.search(part)):
                if extra and fold(part[:extra.start()] + part[extra.end():]) == key:
                    return part
    return title


def _without_leading_domain(title: str, site: Set[str]) -> str:
    """The title without the site's host name at its start, written with no separator
    ("example.com Night buses extended", under the h1 "example.com" linking home)."""
    first, _, rest = title.partition(" ")
    if rest.strip() and _DOMAIN.fullmatch(first) and fold(first) in site:
        return rest.strip()
    return title


def _agreement(ctx: _Context) -> _Agreement:
    """The headings (or elements inside them) equal to a declared title or part."""
    best: Optional[Tuple[str, int, Any]] = None
    h1: Optional[Tuple[str, int, Any]] = None
    for el, text in ctx.headings:
        key = fold(text)
        # the parts inside a heading matter only when it holds a wanted title and more
        inner = _inner_texts(el) if any(k in key and k != key for k in ctx.rank) else []
        if inner[:1] and inner[0][1] and fold(inner[0][0]) in ctx.rank:
            return _Agreement(inner[0][0], None, None)  # a kicker element, then the declared headline
        if inner[:1] and inner[0][1] and _marked_kicker(el) and fold(_kicker(el)) in ctx.rank:
            # the declared title is the heading's marked kicker: the rest is the headline
            return _Agreement(inner[0][0], None, None)
        for candidate in [text] + [t for t, _ in inner]:
            r = ctx.rank.get(fold(candidate))
            if r is None:
                continue
            # equal ranks: the longer text (a headline, not its kicker or the site's name)
            if best is None or r < best[1] or r == best[1] and len(candidate) > len(best[0]):
                best = (candidate, r, el)
            if el.tag == "h1" and (h1 is None or r < h1[1]):
                h1 = (candidate, r, el)
    return _Agreement(None, best, h1)


def _kicker_rule(ctx: _Context, agreement: _Agreement) -> Optional[str]:
    """A heading that opens with a kicker element: the rest, which a declared title says."""
    return agreement.early


def _agreeing_heading(ctx: _Context, agreement: _Agreement) -> Optional[str]:
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
    if text == _heading_text(el):
        headline = _without_marked_kicker(el, text)
        if headline != text:
            return headline
    return _longer_headline(ctx.headings, text)


def _loose_h1(ctx: _Context, agreement: _Agreement) -> Optional[str]:
    return _loosely_agreeing(ctx.headings, ctx.rank, ctx.site, ctx.sources)


def _heading_inside_declared(ctx: _Context, agreement: _Agreement) -> Optional[str]:
    """A heading that is a piece of a declared title, or an h1 that begins with one; not a
    section's heading below an h1 that is the story's headline in other words (the page
    title names the story by a part that is one of its sections: "7 Key Methodologies"
    over the h1 "Methodologies Compared" and its h2 "Key Methodologies")."""
    headline_h1 = _h1_on_declared_topic(ctx)
    for el, text in ctx.headings:
        if headline_h1 and el.tag != "h1":
            continue
        key = fold(text)
        if len(key) >= _MIN_PART_CHARS and key not in ctx.site and any(
                key in w or el.tag == "h1" and len(w) >= _MIN_PART_CHARS and key.startswith(w) for w in ctx.rank):
            return _without_marked_kicker(el, text)
    return None


def _h1_on_declared_topic(ctx: _Context) -> bool:
    """An h1 (not the site's name) that shares two words of four letters or more with a
    declared title: the story's headline, worded otherwise."""
    declared = [_content_words(s) for s in ctx.sources]
    return any(el.tag == "h1" and fold(text) not in ctx.site
               and any(len(_content_words(text) & words) >= _TOPIC_WORDS for words in declared)
               for el, text in ctx.headings)


def _marked_rule(ctx: _Context, agreement: _Agreement) -> Optional[str]:
    not_headline = ctx.site | {fold(p) for s in ctx.sources for p in _split(s)[1:]}
    return _marked_headline(ctx.elements, not_headline, ctx.sources, ctx.confirmed)


def _declared_main_part(ctx: _Context, agreement: _Agreement) -> Optional[str]:
    """The main part of the best declared title ("Story" of "Story | Site"), or the heading
    that holds a part of it as whole words when no part says which is the site."""
    first = ctx.sources[0]
    parts = [p for p in _split(first) if fold(p) not in ctx.site and not _DOMAIN.fullmatch(p)]
    if len(_split(first)) > 1 and parts:
        return _heading_with_part(ctx.headings, parts, ctx.site) or max(parts, key=len)
    return None


# The title rules, in the order they are tried (see choose_title).
TITLE_RULES = (
    ("kicker-then-declared", _kicker_rule),
    ("heading-equals-declared", _agreeing_heading),
    ("h1-in-nearly-the-same-words", _loose_h1),
    ("heading-inside-declared", _heading_inside_declared),
    ("marked-headline", _marked_rule),
    ("declared-main-part", _declared_main_part),
)


def _whole(title: str, sources: List[str]) -> str:
    """The title, or the declared title it begins when it was cut short: a heading ending
    in a colon ("Night buses extended:" of "Night buses extended: from March")."""
    if not title.rstrip().endswith(":"):
        return title
    key = fold(title)
    for source in sources:
        for candidate in _split(source):
            if len(candidate) > len(title) and fold(candidate).startswith(key + " "):
                return candidate
    return title


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
                return _declared_for_lost_signs(text, key, sources) or _without_marked_kicker(el, text)
    return None


_LOST_SIGN = re.compile(r"(?<=\w)[?\ufffd](?= \w)|\ufffd")  # "Beginner? Guide": a sign the encoding lost


def _declared_for_lost_signs(text: str, key: Set[str], sources: List[str]) -> Optional[str]:
    """The declared title (or part) of ``key``'s words, for an h1 whose text lost a
    character to a wrong encoding ("Beginner? Guide" for "Beginner's Guide")."""
    if not _LOST_SIGN.search(text):
        return None
    for source in sources:
        for candidate in [source] + _split(source):
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


_KICKER_NAMES = re.compile(r"kicker|overline|dachzeile|roofline|eyebrow|topline|topic|rubric|label", re.IGNORECASE)


def _without_marked_kicker(heading, text: str) -> str:
    """The heading's text without the kicker the markup marks at its start, if any."""
    core = _unwrapped(heading)
    if _marked_kicker(core):
        inner = _inner_texts(core)
        if inner[:1] and inner[0][1]:
            return inner[0][0]
    return text


def _unwrapped(heading):
    """The heading, or the one element that holds all of it (``<h1><a href=...>...</a></h1>``)."""
    while True:
        children = [c for c in heading if isinstance(c.tag, str)]
        if (len(children) != 1 or (heading.text or "").strip() or (children[0].tail or "").strip()
                or children[0].tag in ("br", "img")):
            return heading
        heading = children[0]


def _kicker(heading) -> str:
    return _clean(next(c for c in heading if isinstance(c.tag, str)).text_content())


def _marked_kicker(heading) -> bool:
    """The heading opens with an element the markup marks as a kicker: by its class, or
    by a separator after it hidden from sighted readers ("Klimaschutz" + hidden ": ")."""
    children = [c for c in heading if isinstance(c.tag, str)]
    if not children or (heading.text or "").strip():
        return False
    first = children[0]
    if _KICKER_NAMES.search(f"{first.get('class', '')} {first.get('id', '')}"):
        return True
    separator = children[1] if len(children) > 1 else None
    return (separator is not None and _marked_not_headline(separator)
            and not _clean(separator.text_content()).strip(":-–—|/ "))


def _longer_headline(headings: List[Any], title: str) -> str:
    """The h1 that carries on where a declared title stops (titles get cut for search
    engines: "Zitronenkuchen vom Blech" over "Zitronenkuchen vom Blech: einfach köstlich!")."""
    key = fold(title)
    for el, text in headings:
        if not (el.tag == "h1" or _marked_as_headline(el)) or len(text) > 2 * len(title) \
                or any(isinstance(c.tag, str) for c in el):
            continue
        if fold(text).startswith(key + " ") and not text[len(title):].lstrip()[:1].isdigit():
            return text
    return title


_HEADLINE_CLASS = re.compile(r"headline|(?<![\w-])h1(?![\w-])", re.IGNORECASE)


def _marked_as_headline(el) -> bool:
    """An element other than an h1 whose class says it is the headline ("article-headline",
    a <p class="stage-headline">, an <h2 class="h1">)."""
    return bool(_HEADLINE_CLASS.search(el.get("class") or ""))


def _inner_texts(el) -> List[Tuple[str, bool]]:
    """The headline beside its kicker, subtitle or byline, as (text, after a kicker).

    First the heading's text without its first child element when that child
    is a short kicker ("Energiewende", "Kolumne") ahead of more text; then the
    texts of the elements inside the heading, and the heading without each of
    its other child elements.
    """
    texts: List[Tuple[str, bool]] = []
    children = [c for c in el if isinstance(c.tag, str)]
    if len(children) <= 4:
        for i, skip in enumerate(children):
            pieces = [el.text or ""]
            for child in el:
                if child is not skip and isinstance(child.tag, str):
                    pieces.append(child.text_content())
                pieces.append(child.tail or "")
            text = _clean(" ".join(pieces)).strip(" -–—|:»›·•/")  # no separator left at an edge
            if len(text) >= _MIN_PART_CHARS:
                kicker = i == 0 and not (el.text or "").strip() and len(skip.text_content().split()) <= _MAX_KICKER_WORDS
                texts.append((text, kicker))
    texts.sort(key=lambda t: not t[1])
    for sub in el.iterdescendants():
        if isinstance(sub.tag, str):
            text = _clean(sub.text_content())
            if len(text) >= _MIN_PART_CHARS:
                texts.append((text, False))
    return texts[:10]


def _marked(el) -> bool:
    """itemprop headline, an h1 inside <article> or <main>, class entry-title or post-title."""
    if el.get("itemprop") == "headline":
        return True
    if el.tag == "h1" and next(el.iterancestors("article", "main"), None) is not None:
        return True
    names = (el.get("class") or "").split()
    return "entry-title" in names or "post-title" in names


def _marked_headline(elements: List[Any], not_headline: Set[str], sources: List[str],
                     confirmed: bool) -> Optional[str]:
    """A heading the markup marks as the story's headline, unless it is the site's name
    or a section's heading (see :func:`_section_heading`)."""
    candidates = [el for el in elements if _marked(el)][:10]
    h1s = [el for el in elements if el.tag == "h1"]
    if len(h1s) == 1:  # one h1 on the page is the headline, unless it names the site
        candidates.append(h1s[0])
    for el in candidates:
        if _names_site(el) or _wraps_heading(el):
            continue
        el = _without_code(el)
        text = _heading_text(el)
        if (3 <= len(text) <= 300 and fold(text) and fold(text) not in not_headline
                and not _section_heading(text, sources, confirmed)
                and not (confirmed and _off_topic(text, sources))):
            return _without_marked_kicker(el, text)
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


def title_of(elements: List[Any], sources: List[str], sitename: Optional[str], confirmed: bool = False) -> Optional[str]:
    """The title chosen from the headings and the declared titles, best first, without
    soft hyphens or a date standing as a part of its own ("23.01.2022 - Story")."""
    title = choose_title(elements, sources, sitename, confirmed)
    if not title:
        return None
    title = _repaired(title.replace("\xad", ""))  # soft hyphens: invisible, but they split words
    return _without_site_part(_DATE_PART.sub("", title) or title, sitename)


def _without_site_part(title: str, sitename: Optional[str]) -> str:
    """The title without the site's name as its last part ("Best exhibitions of 2025 –
    Artlyst", an h1 that carries it as the page title does)."""
    parts = _split(title)
    if sitename and len(parts) > 1 and fold(parts[-1]) == fold(sitename):
        return title[:title.rfind(parts[-1])].rstrip(" |–—-:»›·•/") or title
    return title


def _repaired(text: str) -> str:
    """The text with UTF-8 read as Latin-1 or Windows-1252 undone, where that decodes cleanly."""
    if not _MOJIBAKE.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text
