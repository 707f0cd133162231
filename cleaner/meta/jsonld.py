"""The page's JSON-LD, parsed once: the article it describes and the site that publishes it.

Pages nest their schema.org data in every way the format allows: one object,
a list, an ``@graph``, the article as a WebPage's ``mainEntity``, authors by
``@id`` reference to a Person elsewhere in the graph (Yoast), a name as a
list. :func:`read_linked_data` flattens it all and picks the article: the
first object of an article type (NewsArticle, BlogPosting, ...), else a page
type that carries a headline or a date. Broken JSON (a trailing comma, an
HTML comment around it, a raw newline in a string) gets one lenient retry;
what still fails is skipped, never raised.
"""
from __future__ import annotations

import json
import re
from html import unescape
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Sequence

_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle", "liveblogposting",
    "techarticle", "scholarlyarticle", "medicalscholarlyarticle", "report", "socialmediaposting",
    "discussionforumposting", "advertisercontentarticle", "satiricalarticle", "howto", "recipe", "review",
})
_NOT_HEADLINED = frozenset({"recipe", "howto", "review"})
_PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "faqpage", "qapage", "medicalwebpage",
                         "collectionpage", "profilepage", "searchresultspage", "checkoutpage", "contactpage"})
_ORGANISATION_TYPES = frozenset({"organization", "organisation", "newsmediaorganization", "corporation",
                                 "educationalorganization", "collegeoruniversity", "governmentorganization",
                                 "localbusiness", "ngo", "medicalorganization", "onlinebusiness", "brand"})
_MAX_OBJECTS = 500         # objects read from one page (a product feed can hold thousands)
_MAX_DEPTH = 12
_TRAILING_COMMA = re.compile(r",\s*([\]}])")
_FIELD = r'"{}"\s*:\s*"((?:[^"\\]|\\.){{1,400}})"'


class Author(NamedTuple):
    name: str
    organisation: bool    # an Organization, not a Person


class LinkedData(NamedTuple):
    """What the page's JSON-LD says about its article (None / empty where it says nothing)."""

    headline: Optional[str]      # the article's headline, else its name
    page_name: Optional[str]     # the WebPage's name (a title of its own)
    authors: List[Author]
    published: Optional[str]     # datePublished as written
    modified: Optional[str]      # dateModified as written
    created: Optional[str]       # dateCreated as written
    site_name: Optional[str]     # the publisher's or the WebSite's name
    url: Optional[str]
    description: Optional[str]
    section: List[str]           # articleSection
    keywords: List[str]


EMPTY = LinkedData(None, None, [], None, None, None, None, None, None, [], [])


def read_linked_data(scripts: Sequence[str]) -> LinkedData:
    """The article the page's JSON-LD scripts describe (EMPTY when none)."""
    objects: List[Dict[str, Any]] = []
    for text in scripts:
        data = _load(text)
        if data is None:
            data = _fields_of_broken(text)
        objects.extend(_objects(data, 0))
        if len(objects) >= _MAX_OBJECTS:
            break
    if not objects:
        return EMPTY
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    article = _first_of(objects, _ARTICLE_TYPES, lambda o: True)
    page = _first_of(objects, _PAGE_TYPES, lambda o: True)
    main = article or _first_of(objects, _PAGE_TYPES, lambda o: "datePublished" in o or "headline" in o)
    if main is None:
        main = next((o for o in objects if "datePublished" in o and not _types(o) & _ORGANISATION_TYPES), None)
    if main is None:
        return LinkedData(None, _text(page.get("name")) if page else None, [], None, None, None,
                          _site_name(objects, None, by_id), None, None, [], [])
    named = main is article and not _types(main) & _NOT_HEADLINED  # a recipe's name is not the page's headline
    headline = _text(main.get("headline")) or (_text(main.get("name")) if named else None)
    return LinkedData(
        headline=headline,
        page_name=_text(page.get("name")) if page is not None and page is not main else None,
        authors=_authors(main.get("author"), by_id) or _authors(main.get("creator"), by_id),
        published=_text(main.get("datePublished")),
        modified=_text(main.get("dateModified")),
        created=_text(main.get("dateCreated")),
        site_name=_site_name(objects, main, by_id),
        url=_text(main.get("url")) if isinstance(main.get("url"), str) else None,
        description=_text(main.get("description")),
        section=_texts(main.get("articleSection")),
        keywords=_keywords(main.get("keywords")),
    )


def _load(text: str) -> Any:
    text = text.strip()
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    # the usual breakage: an HTML comment or CDATA around it, a trailing comma
    repaired = text.replace("<!--", "").replace("-->", "").replace("<![CDATA[", "").replace("]]>", "")
    repaired = _TRAILING_COMMA.sub(r"\1", repaired)
    try:
        return json.loads(repaired, strict=False)
    except ValueError:
        return None


def _fields_of_broken(text: str) -> Optional[Dict[str, Any]]:
    """The plain string fields of JSON that does not parse, read one by one."""
    found: Dict[str, Any] = {}
    for key in ("headline", "datePublished", "dateModified"):
        match = re.search(_FIELD.format(key), text)
        if match:
            try:
                found[key] = json.loads(f'"{match.group(1)}"')
            except ValueError:
                found[key] = match.group(1)
    if found:
        found["@type"] = "Article"
    return found or None


def _objects(data: Any, depth: int) -> Iterator[Dict[str, Any]]:
    """Every object in ``data``, outer ones first: lists, @graph, mainEntity and the like."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data[:_MAX_OBJECTS]:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart", "itemListElement", "about"):
            value = data.get(key)
            if isinstance(value, (list, dict)):
                yield from _objects(value, depth + 1)


def _types(obj: Dict[str, Any]) -> frozenset:
    kind = obj.get("@type")
    if isinstance(kind, str):
        return frozenset({kind.lower().rsplit("/", 1)[-1]})
    if isinstance(kind, list):
        return frozenset(k.lower().rsplit("/", 1)[-1] for k in kind if isinstance(k, str))
    return frozenset()


def _first_of(objects: List[Dict[str, Any]], types: frozenset, test) -> Optional[Dict[str, Any]]:
    return next((o for o in objects if _types(o) & types and test(o)), None)


def _text(value: Any) -> Optional[str]:
    """A string value, entities decoded and spaces folded (JSON-LD is often HTML-escaped)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = " ".join(unescape(unescape(value)).split()) if "&" in value else " ".join(value.split())
    return text or None


def _texts(value: Any) -> List[str]:
    values = value if isinstance(value, list) else [value]
    return [t for t in (_text(v) for v in values) if t]


def _keywords(value: Any) -> List[str]:
    if isinstance(value, str):
        return [k.strip() for k in value.split(",") if k.strip()]
    return _texts(value)


def _authors(value: Any, by_id: Dict[str, Dict[str, Any]]) -> List[Author]:
    """The names of an author property: a string, an object, a reference, a list of them."""
    found: List[Author] = []
    for item in (value if isinstance(value, list) else [value])[:50]:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            item = by_id.get(item["@id"], item)
        if isinstance(item, str):
            name = _text(item)
            if name:
                found.append(Author(name, False))
        elif isinstance(item, dict):
            organisation = bool(_types(item) & _ORGANISATION_TYPES)
            names = item.get("name")
            for name in (names if isinstance(names, list) else [names]):
                name = _text(name)
                if name:
                    found.append(Author(name, organisation))
    return found


def _site_name(objects: List[Dict[str, Any]], main: Optional[Dict[str, Any]], by_id) -> Optional[str]:
    publisher = main.get("publisher") if main is not None else None
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    if isinstance(publisher, dict):
        if "name" not in publisher and isinstance(publisher.get("@id"), str):
            publisher = by_id.get(publisher["@id"], publisher)
        name = _text(publisher.get("name"))
        if name:
            return name
    site = _first_of(objects, frozenset({"website"}), lambda o: bool(_text(o.get("name"))))
    return _text(site.get("name")) if site is not None else None
