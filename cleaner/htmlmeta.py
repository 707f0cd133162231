"""Page metadata from the already-parsed tree: title, author, date, site, url, description, tags.

Cheap sources first, each read once: the head's meta tags and JSON-LD
(through trafilatura's readers), the ``<title>`` element, the visible
headings, and htmldate for the publication date. trafilatura's own
``extract_metadata`` is not used: its author and category searches copy and
scan the whole page again, which cost more than the extraction itself.
"""
from __future__ import annotations

import re
from copy import deepcopy
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Set, Tuple

from .pagedate import DateRules, block_of, publication_date, text_after

_FIELDS = ("author", "sitename", "url", "description", "categories", "tags")
# Applied to the title with its whitespace folded to single spaces: an unbounded
# \s+ on each side would backtrack quadratically on a long run of spaces.
# Chinese and Japanese titles join the site's name without spaces: "标题-新华网", "标题_百度百科".
_TITLE_SEPARATORS = re.compile(r"[ ][|–—\-:»›·•/]+[ ]|[ ]?[|»›•][ ]?"
                               r"|(?<=[\u2e80-\u9fff\uff00-\uffef])[-_–—](?=[\u2e80-\u9fff])")
_MARKED_XPATH = (".//*[@itemprop='headline']|.//article//h1|.//main//h1"
                 "|.//*[contains(concat(' ', @class, ' '), ' entry-title ')]"
                 "|.//*[contains(concat(' ', @class, ' '), ' post-title ')]")
# "By", "Posted by", "Veröffentlicht von" ... ahead of a name; alone, a label without a name.
_BYLINE_LABEL = re.compile(
    r"^(?:(?:posted|published|written|publié|publicado|pubblicato|eingestellt|veröffentlicht|geschrieben"
    r"|verfasst|publiziert|erstellt)(?: (?:by|par|por|da|von|on|am|le|el|il))?|by|von|par|por|di|da|door|av"
    r"|autor(?:in)?|author|auteur|autore|interview|text|(?:und|and) interview"
    r"|(?:artikel|beitrag|rezept|text|story|article|recipe) (?:von|by)|责任编辑|作者|编辑|记者)\b[:： ]*",
    re.IGNORECASE)
# Headings that are not the story's headline: the site's name in the masthead,
# or text hidden for screen readers. Whole class names / ids, and parts of them.
_NOT_HEADLINE_NAMES = frozenset({"site-title", "site-name", "sitename", "blog-title", "site-logo", "brand",
                                 "screen-reader-text", "sr-only", "visually-hidden", "visuallyhidden",
                                 "element-invisible", "aural", "hidden", "invisible"})
_NOT_HEADLINE_PARTS = frozenset({"logo", "branding", "masthead"})
_HOME_HREFS = frozenset({"/", "./", "index.html", "index.php", "/index.html", "/index.php"})
# a title part that is a host name ("example.de") names the site, not the story
_DOMAIN = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}", re.IGNORECASE)
_MAX_HEADINGS = 40
_MAX_KICKER_WORDS = 6
_MIN_PART_CHARS = 12   # a title part this short ("News", "Home") is too weak to pick out a heading
_LOOSE_SHARE = 0.8     # an h1 sharing this much of the shorter's words with a declared title says it


def fold(text: str) -> str:
    """Lower case, punctuation and soft hyphens out, spaces folded: how titles are compared.

    >>> fold("Kind krank? Was Arbeit\\u00adgeber wissen müssen")
    'kind krank was arbeitgeber wissen müssen'
    """
    return " ".join(re.sub(r"[^\w]+", " ", text.replace("\xad", "").casefold()).split())


def _clean(text: Optional[str]) -> str:
    return " ".join((text or "").split())


class _Marked(NamedTuple):
    """Elements the markup marks as a headline or an author, in document order."""

    headings: List[Any]   # h1, h2, itemprop=headline, class *entry-title* / *post-title* / *headline*
    bylines: List[Any]    # rel/itemprop author, class author / byline / *author-name*, a/span/address
    #                       *author*, links to a writer's page


# a link to the writer's page on the site: /author/name, /autoren/name, /autor/name
_AUTHOR_PAGE = re.compile(r"/(?:author|authors|autor|autoren|auteur|autore|autori)/[^/?#]+/?(?:$|[?#])",
                          re.IGNORECASE)


def _scan(tree) -> _Marked:
    """One walk over the page (cheaper than XPath's contains() on every class attribute)."""
    from lxml.etree import Element

    headings, bylines = [], []
    for el in tree.iter(Element):
        tag, cls = el.tag, el.get("class") or ""
        itemprop = el.get("itemprop")
        if (tag in ("h1", "h2") or itemprop == "headline"
                or cls and ("entry-title" in cls or "post-title" in cls or "headline" in cls)):
            headings.append(el)
        if (itemprop == "author" or el.get("rel") == "author" or cls in ("author", "byline")
                or cls and ("author-name" in cls or "authorName" in cls
                            or "author" in cls and (tag in ("a", "span", "address") or "comment" not in cls))
                or tag == "a" and _AUTHOR_PAGE.search(el.get("href") or "")):
            bylines.append(el)
    return _Marked(headings, bylines)


def read_metadata(tree, extensive_date_search: bool = True,
                  date_rules: Optional[DateRules] = None) -> Dict[str, Any]:
    """Metadata of the whole page (call before the page is pruned); ``date_rules`` read
    the visible dateline (by default, the packaged datelines.txt's)."""
    from trafilatura.metadata import examine_meta, extract_meta_json

    document = examine_meta(tree)
    if document.author and " " not in document.author:
        document.author = None  # a bare handle, not a name
    declared_title = document.title
    try:
        document = extract_meta_json(tree, document)
    except Exception:  # trafilatura's JSON-LD reader fails on odd but harmless data
        pass
    data = document.as_dict()
    meta: Dict[str, Any] = {key: data[key] for key in _FIELDS if data.get(key)}
    marked = _scan(tree)
    headline = _headline(marked.headings)
    if "author" in meta:
        meta["author"] = _names(meta["author"])
    if not meta.get("author") or _only_site(meta["author"], meta.get("sitename")):
        # nobody named, or only the site ("Tagesschau De"): the page's byline, if it shows one
        author = _names(_byline(marked.bylines) or "") or _visible_byline(headline)
        if author:
            meta["author"] = author
        elif not meta.get("author"):
            meta.pop("author", None)
    if "url" not in meta:
        canonical = tree.find(".//head/link[@rel='canonical']")
        href = canonical.get("href", "") if canonical is not None else ""
        if href.startswith(("http://", "https://")):
            meta["url"] = href
    if meta.get("author") and "; " in meta["author"]:
        meta["author"] = _without_site(meta["author"], meta.get("sitename"), meta.get("url"))
    date = publication_date(tree, meta.get("url"), extensive_date_search, headline, date_rules)
    if date:
        meta["date"] = date
    sources = [t for t in (data.get("title"), declared_title, _twitter_title(tree), _doc_title(tree)) if t]
    title = choose_title(tree, sources, meta.get("sitename"), marked)
    if title:
        title = title.replace("\xad", "")  # soft hyphens: invisible, but they split words
        title = _DATE_PART.sub("", title) or title
        meta["title"] = title
    return meta


# a date standing as a part of its own at either end of a title: "23.01.2022 - Story"
_DATE_PART = re.compile(r"^(?:\d{1,2}[./]){2}\d{2,4} [-–—|] (?=\S)|(?<=\S) [-–—|] (?:\d{1,2}[./]){2}\d{2,4}$")


def _headline(headings: List[Any]) -> Optional[Any]:
    """The page's first h1 with text that is not the site's name (else its first h1 with text)."""
    h1s = [el for el in headings if el.tag == "h1" and el.text_content().strip()]
    return next((el for el in h1s if not _names_site(el)), h1s[0] if h1s else None)


def _twitter_title(tree) -> Optional[str]:
    el = tree.find(".//head/meta[@name='twitter:title']")
    return _clean(el.get("content")) or None if el is not None else None


def _doc_title(tree) -> Optional[str]:
    el = tree.find(".//head/title")
    if el is None:
        el = tree.find(".//title")
    return _clean(el.text_content()) or None if el is not None else None


# the last word of a host name that trafilatura's name clean-up turned into "Facebook Com"
_TLD_WORD = re.compile(r"\s(?:com|net|org|de|at|ch|it|fr|es|nl|uk|io|info)$", re.IGNORECASE)


def _without_site(author: str, sitename: Optional[str], url: Optional[str]) -> str:
    """The names of a multi-author field without the site's own name ("Rob Picheta; CNN",
    "El Mostrador; Raúl Espina") or a host name ("Facebook Com"): author meta tags
    and JSON-LD name the publisher beside the writers. One name at least is kept."""
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:  # a malformed URL names no host
        host = ""
    keys = set()
    for name in (sitename or "", host[4:] if host.startswith("www.") else host):
        name = name.strip().casefold()
        if name:
            keys.add(_squashed(name))
            keys.add(_squashed(re.sub(r"\.[a-z]{2,6}$", "", name)))  # without its top-level domain
    keys.discard("")
    kept = [n for n in author.split("; ") if not _is_site(n, keys)]
    return "; ".join(kept) if kept else author


def _only_site(author: str, sitename: Optional[str]) -> bool:
    """Every name given is the site's: its name, or a host name ("Tagesschau De")."""
    keys = {_squashed(sitename or "")} - {""}
    return all(_is_site(n, keys) for n in author.split("; "))


def _squashed(text: str) -> str:
    """Folded without spaces: "Tages Schau" and "tagesschau" compare equal."""
    return fold(text).replace(" ", "")


def _is_site(name: str, keys: Set[str]) -> bool:
    """The name is one of the site's (``keys``, squashed, none empty) or a host name ("Facebook Com")."""
    return bool(_TLD_WORD.search(name)) or _squashed(name) in keys


# names that name nobody: CMS defaults and buttons caught as an author
_NO_NAMES = frozenset({"admin", "administrator", "wordpressadmin", "webmaster", "no author", "unknown",
                       "anonymous", "follow", "guest", "user", "editor", "author"})
# an academic degree or title standing as a name of its own ("Grant Tinsley, PhD" split at its comma)
_DEGREE = re.compile(r"(?:ph\.?d|m\.?d|msc|m\.?sc|ma|ba|bsc|mba|rd|rn|dr|prof|dipl\.?-\w+)\.?", re.IGNORECASE)
_GLUED_LABEL = re.compile(r"^(?:von|by)(?=[A-ZÄÖÜ][a-zäöüß])")  # "vonChris Jung": the label glued on
# what follows a name in a byline: a link to the writer's other stories, a photo credit
_AFTER_NAME = re.compile(r"(?<!\s)\s+(?:alle (?:artikel|beiträge)|all (?:articles|posts|stories)"
                         r"|(?:fotos?|photos?|bilder?|illustrations?)\s*:.*)$", re.IGNORECASE)


def _names(author: str) -> str:
    """The author field's names, each without a label ("Autor: ", "Erstellt von "), without
    degrees standing alone, initials that repeat another name ("TK" beside "Tina
    Klostermeier") and CMS placeholders ("admin", "No Author"). Empty: nobody named."""
    names = []
    for name in author.split("; "):
        name = _GLUED_LABEL.sub("", _BYLINE_LABEL.sub("", name.strip(" |,;:"))).strip(" |,;:")
        name = _AFTER_NAME.sub("", name)
        if name and fold(name) not in _NO_NAMES and not _DEGREE.fullmatch(name):
            names.append(name)
    initials = {"".join(w[0] for w in n.split()).upper() for n in names if len(n.split()) > 1}
    names = [n for n in names if not (n.isupper() and " " not in n and n in initials)]
    return "; ".join(names)


# lower-case words that names hold ("Ursula von der Leyen", "Jelko Djuren und Jutta Klaukien");
# any other one makes a text a sentence or a label, not a byline (a one-word handle may be lower case)
_NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "di", "del", "della", "du", "le", "la",
                             "y", "e", "zu", "ten", "ter", "bin", "al", "el", "dos", "das", "do", "und",
                             "and", "&"})


def _boxed(el) -> bool:
    """A block whose class only mentions the author (an author box, a meta line):
    it may hold more than a name, so its text must read as one."""
    return (el.tag not in ("a", "span", "address") and (el.get("class") or "") not in ("author", "byline")
            and el.get("itemprop") != "author" and el.get("rel") != "author")


def _name_like(words: List[str]) -> bool:
    """No label or credit ("Source: Statista", "PAP/ Rafał Guz") and no sentence."""
    if any(":" in w or "/" in w for w in words):
        return False
    return len(words) == 1 or all(w[0].isupper() or w.casefold() in _NAME_PARTICLES for w in words)


# A byline in the text under the headline: "Von Claudia Lindner", "By Ana Lopez | 5 March",
# "Posted on March 5, 2024 by Ana Lopez", "Text von Christian Seiler": the name, capitalised
# words (particles aside), then the line's end, a separator or a date.
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_NAME = (rf"[{_UPPER}][\w.'’-]*(?:(?:[ ](?:von|van|de|der|den|da|di|du|le|la|und|and|&)){{0,2}}"
         rf"[ ][{_UPPER}][\w.'’-]*){{0,4}}")
_VISIBLE_BYLINE = re.compile(
    r"(?i:(?:posted|published|written|veröffentlicht|geschrieben|erstellt|text|artikel|beitrag)"
    r"(?: (?:on|am) [^|]{4,40}?)? )?(?i:by|von|par|por|door) "
    rf"({_NAME})(?=$|[ ]?[,|•·–—(/]|[ ](?i:am|on|le|el|il|\d))")
_LOWER_WORD = re.compile(rf"(?<!\w)[^\W\d_{_UPPER}]\w+")
_MAX_WORDS_AFTER_NAME = 4
_BYLINE_REACH = 600   # characters of text under the headline searched for a byline
_MAX_BYLINE_CHARS = 120


def _visible_byline(headline) -> str:
    """The name in a byline standing in a block of its own near the top of the text
    under ``headline`` (not "von" inside a sentence: the block must start with it)."""
    if headline is None:
        return ""
    seen, block, pieces = 0, None, []
    for text, owner in text_after(headline):
        piece = " ".join(text.split())
        if not piece:
            continue
        here = block_of(owner)
        if here is not block and pieces:
            name = _byline_name(" ".join(pieces))
            if name:
                return name
            pieces = []
        block = here
        pieces.append(piece)
        seen += len(piece)
        if seen > _BYLINE_REACH:
            break
    return _byline_name(" ".join(pieces)) if pieces else ""


def _byline_name(line: str) -> str:
    if len(line) > _MAX_BYLINE_CHARS:
        return ""
    found = _VISIBLE_BYLINE.match(line)
    # a sentence goes on after the "name" ("By Monday, the council will ..."); a byline does not
    if not found or len(_LOWER_WORD.findall(line, found.end())) > _MAX_WORDS_AFTER_NAME:
        return ""
    return _names(found.group(1))


# "More by", "Alle Beiträge von" ahead of a name on a link to the writer's page; a copyright sign
_MORE_BY = re.compile(r"^(?:©\s*)?(?:(?:alles|mehr|alle (?:beiträge|artikel)|zeige alle beiträge|more|more stories|"
                      r"all (?:posts|articles|stories)|view all posts|posts|articles|stories) (?:von|by|from)\s+)?",
                      re.IGNORECASE)


def _byline(elements: List[Any]) -> Optional[str]:
    """A short element marked as the author: rel/itemprop/class author or byline, its label dropped."""
    for el in elements[:5]:
        text = _BYLINE_LABEL.sub("", _clean(el.get("content") or el.text_content())).strip(" |,;:")
        text = _AFTER_NAME.sub("", _MORE_BY.sub("", text).strip(" |,;:"))
        half = text[:len(text) // 2].strip()
        if half and text == f"{half} {half}":  # the name twice: an image's alt text, then the link's
            text = half
        words = text.split()
        if (1 <= len(words) <= 8 and not any(ch.isdigit() for ch in text) and "@" not in text
                and not _BYLINE_LABEL.fullmatch(text + " ") and (not _boxed(el) or _name_like(words))):
            return text
    return None


def _marked_not_headline(el) -> bool:
    names = f"{el.get('class', '')} {el.get('id', '')}".lower().split()
    if not names:
        return False
    return bool(_NOT_HEADLINE_NAMES.intersection(names)
                or any(part in _NOT_HEADLINE_PARTS for name in names for part in re.split(r"[-_]+", name)))


def _names_site(el) -> bool:
    """A heading that is the site's name: masthead/logo classes, hidden text, or a link home."""
    parent = el.getparent()
    if _marked_not_headline(el) or (parent is not None and _marked_not_headline(parent)):
        return True
    for a in el.iter("a"):
        href = (a.get("href") or "").strip()
        if a.get("rel") == "home" or href in _HOME_HREFS or re.fullmatch(r"https?://[^/]+/?", href):
            return True
    return False


def _headings(elements: List[Any]) -> List[Any]:
    """(element, text) of the page's headings: h1s first, then other headline-like elements."""
    found = []
    h1s = [el for el in elements if el.tag == "h1"][:_MAX_HEADINGS]
    others = [el for el in elements[:_MAX_HEADINGS] if el.tag != "h1"]
    for el in h1s + others:
        if _names_site(el):
            continue
        el = _without_code(el)
        text = _heading_text(el)
        if 3 <= len(text) <= 300:
            found.append((el, text))
    return found


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
    """The heading's text without ruby annotations (the furigana over Japanese kanji)."""
    if next(el.iter("rt"), None) is None:
        return _clean(el.text_content())
    copy = deepcopy(el)
    for note in list(copy.iter("rt", "rp")):
        note.drop_tree()
    return _clean(copy.text_content())


def _split(title: str) -> List[str]:
    return [p.strip() for p in _TITLE_SEPARATORS.split(_clean(title)) if p and p.strip()]


def _site_keys(sitename: Optional[str], headings_of_site: Iterable[str]) -> Set[str]:
    keys = {fold(s) for s in headings_of_site if s}
    if sitename:
        keys.add(fold(sitename))
    return {k for k in keys if k}


def choose_title(tree, sources: List[str], sitename: Optional[str] = None,
                 marked: Optional[_Marked] = None) -> Optional[str]:
    """The visible headline when it agrees with a declared title, else the declared title's main part.

    ``sources`` are the declared titles, best first (og:title / JSON-LD
    headline, then ``<title>``). Page titles carry the site name ("Story -
    Site"); the headline on the page does not, and may carry a kicker or a
    subtitle in an element of its own. A heading (or an element inside it)
    equal to a declared title or to one of its parts is the headline; the
    better the source it agrees with, the better the match.
    """
    headings = _headings((marked or _scan(tree)).headings)
    if not sources:
        return _without_marked_kicker(*headings[0]) if headings else None
    site_headings = [_clean(el.text_content()) for el in tree.iter("h1") if _names_site(el)][:5]
    site = _site_keys(sitename, site_headings)
    rank: Dict[str, int] = {}   # folded title -> rank (0 best)
    for i, source in enumerate(sources):
        rank.setdefault(fold(source), 2 * i)
        parts = _split(source)
        if len(parts) > 1:
            for part in parts:
                if len(part.split()) >= 2 and len(part) >= _MIN_PART_CHARS:
                    rank.setdefault(fold(part), 2 * i + 1)
    for key in site:
        rank.pop(key, None)
    best, best_rank, best_el = None, 2 * len(sources), None
    h1 = None  # the best (text, rank, element) among h1s
    for el, text in headings:
        key = fold(text)
        # the parts inside a heading matter only when it holds a wanted title and more
        inner = _inner_texts(el) if any(k in key and k != key for k in rank) else []
        if inner[:1] and inner[0][1] and fold(inner[0][0]) in rank:
            return inner[0][0]  # a kicker element, then the declared headline
        if inner[:1] and inner[0][1] and _marked_kicker(el) and fold(_kicker(el)) in rank:
            return inner[0][0]  # the declared title is the heading's marked kicker: the rest is the headline
        for candidate in [text] + [t for t, _ in inner]:
            r = rank.get(fold(candidate))
            # equal ranks: the longer text (a headline, not its kicker or the site's name)
            if r is not None and (r < best_rank or r == best_rank and best and len(candidate) > len(best)):
                best, best_rank = candidate, r
                best_el = el
            if r is not None and el.tag == "h1" and (h1 is None or r < h1[1]):
                h1 = (candidate, r, el)
    # The visible headline: an h1 that agrees with one declared title beats a lesser
    # heading that agrees with another (og:title written for social media, <title> = h1).
    if best and best_el.tag != "h1" and h1 is not None and h1[1] // 2 != best_rank // 2:
        best, best_rank, best_el = h1
    if best and best == _heading_text(best_el):
        headline = _without_marked_kicker(best_el, best)
        if headline != best:
            return headline
    if best:
        return _longer_headline(headings, best)
    loose = _loosely_agreeing(headings, rank, site)
    if loose:
        return loose
    for el, text in headings:
        key = fold(text)
        if len(key) >= _MIN_PART_CHARS and key not in site and any(
                key in w or el.tag == "h1" and len(w) >= _MIN_PART_CHARS and key.startswith(w) for w in rank):
            return _without_marked_kicker(el, text)
    marked = _marked_headline(tree, site | {fold(p) for s in sources for p in _split(s)[1:]})
    if marked:
        return marked
    first = sources[0]
    parts = [p for p in _split(first) if fold(p) not in site and not _DOMAIN.fullmatch(p)]
    if len(_split(first)) > 1 and parts:
        return _heading_with_part(headings, parts, site) or max(parts, key=len)
    return first


def _loosely_agreeing(headings: List[Any], rank: Dict[str, int], site: Set[str]) -> Optional[str]:
    """An h1 whose words are nearly all words of a declared title, or that holds nearly
    all of one's words: the headline a page title reworded for search engines."""
    keys = [set(k.split()) for k in rank if len(k.split()) >= 3]
    for el, text in headings:
        if el.tag != "h1":
            continue
        words = set(fold(text).split())
        if len(words) < 3 or fold(text) in site:
            continue
        for key in keys:
            shared = len(words & key)
            if shared >= 3 and shared >= _LOOSE_SHARE * min(len(words), len(key)):
                return _without_marked_kicker(el, text)
    return None


def _heading_with_part(headings: List[Any], parts: List[str], site: Set[str]) -> Optional[str]:
    """An h1 or h2 of two words or more that holds a part of the page title as whole
    words: the headline the page title shortened ("Feuerwehr Oldenburg - Ausbildung"
    over "Bootsdienst Ausbildung"), where neither part says which is the site."""
    keys = [f" {fold(p)} " for p in parts if fold(p)]
    for el, text in headings:
        key = fold(text)
        if el.tag in ("h1", "h2") and len(key.split()) >= 2 and key not in site:
            if any(k in f" {key} " for k in keys):
                return text
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
        if el.tag != "h1" or len(text) > 2 * len(title) or any(isinstance(c.tag, str) for c in el):
            continue
        if fold(text).startswith(key + " ") and not text[len(title):].lstrip()[:1].isdigit():
            return text
    return title


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


def _marked_headline(tree, not_headline: Set[str]) -> Optional[str]:
    """A heading the markup marks as the story's headline, unless it is the site's name."""
    candidates = tree.xpath(_MARKED_XPATH)[:10]
    h1s = tree.xpath(".//h1")
    if len(h1s) == 1:  # one h1 on the page is the headline, unless it names the site
        candidates.append(h1s[0])
    for el in candidates:
        if _names_site(el):
            continue
        el = _without_code(el)
        text = _heading_text(el)
        if 3 <= len(text) <= 300 and fold(text) and fold(text) not in not_headline:
            return _without_marked_kicker(el, text)
    return None
