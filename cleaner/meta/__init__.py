"""Page metadata from the already-parsed tree: title, authors, date, site, url, description, tags.

One walk over the page gathers what every field needs (:mod:`.facts`); the
JSON-LD is parsed once (:mod:`.jsonld`); then each field is read by its own
module: :mod:`.title` (with :mod:`.headings`), :mod:`.authors` (with :mod:`.names`), :mod:`.dates`.
trafilatura's ``extract_metadata`` is not used: its author and category
searches copy and scan the whole page again, and htmldate runs only when the
page states no date in any of the places read here.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from typing import Any, Dict, List, Optional

from ..rules import METADATA_SECTIONS, PACKAGE_RULES, RuleSet, parse_rule_file
from . import dates, days, names
from .authors import Site, read_authors
from .days import DateRules
from .facts import PageFacts, gather
from .jsonld import LinkedData, read_linked_data
from .headings import fold, headline_element
from .title import title_of

__all__ = ["MetaRules", "fold", "prepare", "read_metadata"]

_TITLE_META = ("og:title", "headline", "citation_title", "dc.title", "dcterms.title", "parsely-title",
               "sailthru.title", "title")
_SITE_META = ("og:site_name", "application-name", "publisher", "dc.publisher", "dcterms.publisher",
              "citation_journal_title", "twitter:site", "apple-mobile-web-app-title")
_DESCRIPTION_META = ("og:description", "description", "dc.description", "dcterms.description",
                     "twitter:description")
_TAG_META = ("article:tag", "keywords", "parsely-tags", "citation_keywords", "dcterms.subject", "tags")
_SECTION_META = ("article:section",)


@dataclass(frozen=True)
class MetaRules:
    """The compiled rules of the metadata readers."""

    names: names.NameRules
    dates: DateRules


def prepare(rules: RuleSet) -> MetaRules:
    return MetaRules(names.prepare(rules.metadata), days.prepare(rules))


@lru_cache(maxsize=1)
def packaged_rules() -> MetaRules:
    """The packaged rule files alone, read once: for callers without a rule set."""
    sections = parse_rule_file(PACKAGE_RULES / "metadata.txt", METADATA_SECTIONS)
    return MetaRules(names.prepare(sections), days.packaged_rules())


def read_metadata(tree, rules: Optional[MetaRules] = None, latest: Optional[str] = None,
                  extensive_date_search: bool = False) -> Dict[str, Any]:
    """Metadata of the whole page (call before the page is pruned).

    ``rules`` by default are the packaged rule files'; ``latest`` is the
    latest day a publication date may be (the crawl day), if known;
    ``extensive_date_search`` lets htmldate, when it runs, search the text too.
    """
    rules = rules or packaged_rules()
    facts = gather(tree)
    linked = read_linked_data(facts.scripts)
    meta: Dict[str, Any] = {}
    _put(meta, "sitename", site_name(facts, linked))
    _put(meta, "url", page_url(facts, linked))
    _put(meta, "description", facts.best_meta(*_DESCRIPTION_META) or linked.description)
    _put(meta, "categories", _unique(facts.meta_values(*_SECTION_META) + linked.section))
    _put(meta, "tags", _tags(facts, linked))
    headings = [p.element for p in facts.headings]
    headline = headline_element(headings)
    site = Site.of(meta.get("sitename"), meta.get("url"), linked.site_name)
    # no h1: the first heading, on a page that declares itself an article (a listing's first
    # heading is some other story's)
    anchor = headline if headline is not None or not _declares_article(facts, linked) else next(iter(headings), None)
    authors = read_authors(facts, linked, anchor, site, rules.names, rules.dates.pattern)
    if authors:
        meta["authors"] = authors
        meta["author"] = "; ".join(authors)
    found = dates.page_dates(tree, facts, linked, headline, meta.get("url"), rules.dates, latest,
                               extensive_date_search)
    _put(meta, "date", found.date)
    _put(meta, "date_source", found.source)
    _put(meta, "date_modified", found.modified)
    declared = declared_titles(facts, linked)
    _put(meta, "title", title_of(headings, declared, meta.get("sitename"), _confirmed(facts, linked)))
    return meta


def _declares_article(facts: PageFacts, linked: LinkedData) -> bool:
    """og:type article, or JSON-LD describing an article with a headline or a date."""
    return (facts.best_meta("og:type") or "").lower() == "article" or bool(linked.headline or linked.published)


def declared_titles(facts: PageFacts, linked: LinkedData) -> List[str]:
    """What the page calls itself, best first: og:title and the like, JSON-LD's headline,
    twitter:title, then the <title> element (the same title twice is kept: the sources
    agree)."""
    found = [facts.best_meta(*_TITLE_META), linked.headline, facts.best_meta("twitter:title"), facts.title]
    return [_unescaped(t) for t in found if t]


def _confirmed(facts: PageFacts, linked: LinkedData) -> bool:
    """JSON-LD's headline and og:title (or <title>) say the same: the editor's title."""
    tag = facts.best_meta(*_TITLE_META) or facts.title
    return bool(linked.headline and tag) and fold(_unescaped(linked.headline)) in fold(_unescaped(tag))


def site_name(facts: PageFacts, linked: LinkedData) -> Optional[str]:
    name = facts.best_meta(*_SITE_META) or linked.site_name
    if name and name.startswith("@"):  # a twitter:site handle
        name = name[1:]
    return _unescaped(name) if name else None


def page_url(facts: PageFacts, linked: LinkedData) -> Optional[str]:
    for url in facts.meta_values("og:url", "twitter:url") + [facts.canonical or "", linked.url or ""]:
        url = url.strip()
        if url.startswith("//"):
            url = f"https:{url}"
        if url.startswith(("http://", "https://")):
            return url
    return None


def _tags(facts: PageFacts, linked: LinkedData) -> List[str]:
    tags: List[str] = []
    for value in facts.meta_values(*_TAG_META):
        tags.extend(t.strip() for t in value.split(","))
    return _unique(tags + linked.keywords)


def _unescaped(text: str) -> str:
    return " ".join(unescape(text).split()) if "&" in text else text


def _unique(values: List[str]) -> List[str]:
    seen, kept = set(), []
    for v in values:
        if v and v.casefold() not in seen:
            seen.add(v.casefold())
            kept.append(v)
    return kept


def _put(meta: Dict[str, Any], key: str, value: Any) -> None:
    if value:
        meta[key] = value
