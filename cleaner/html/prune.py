"""The prune stage: remove what the page's markup shows is not the story.

Code goes first (:func:`drop_code`), asides and footers last (:func:`drop_boxes`);
between them the structural pass (:func:`prune`), whose figure and widget tests are
:mod:`~cleaner.html.widgets`.

Before trafilatura extracts the main text, elements are removed when their
tag, ARIA role or class/id tokens name a concept of ``rules/dom.txt``
(figure captions and credits, comment sections and forms, related-story
widgets, newsletter, share, cookie, paywall and ad blocks), or when a short
heading reads like the title of such a widget ("You may also like",
"Kommentare"). Every removal is recorded under the rule name the text passes
use for the same concept, with ``stage="dom"``.

Being conservative is the point: an element holding much of the page's text
or the page's headline is never removed by a class token; a figure stays when
it looks like part of the story (a numbered chart or table, a caption the body
text repeats, content beyond a picture).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

import lxml.etree

from ..article import Removal
from ..passes import captions
from ..rules import DOM_CONCEPTS, PhraseRule, RuleSet, alternation, phrase_key
from .nodes import (HEADINGS, NAME_SEPARATORS, attached, drop_keeping_tail, flat_text, name_tokens, next_element, page_body,
                    text_size)
from .widgets import (MAX_WIDGET_PROSE, NEVER_REMOVED, in_running_text, keep_story_block, leave_figure, looks_like_widget,
                      remove_figure, remove_widget_after, says_what_it_is, story_paragraph)


CONCEPTS = DOM_CONCEPTS
MAX_SHARE_BY_CLASS = 0.4       # of the page's text: more is likely the story itself
MAX_SHARE_COMMENTS = 0.6
MAX_TRIGGER_CHARS = 60
FORUM_POSTING = "DiscussionForumPosting"  # the schema.org type of a forum thread's JSON-LD
_TRIGGER_TAGS = HEADINGS | {"p", "strong", "b", "span", "div", "header", "dt", "label", "legend", "em"}


@dataclass(frozen=True)
class DomRules:
    tags: Dict[str, str]                  # tag -> rule
    roles: Dict[str, str]                 # role -> rule
    classes: Dict[str, Tuple[str, str]]   # class token -> (rule, source)
    class_patterns: Tuple[Tuple[str, re.Pattern, str], ...]
    triggers: Tuple[Tuple[str, PhraseRule], ...]
    figure_keep: Optional[re.Pattern]
    credits: captions.CreditRules
    figures: bool = True                  # `photo-credit` on: figures and captions may go
    hidden: FrozenSet[str] = frozenset()  # class tokens of text not shown to readers
    credit_names: FrozenSet[str] = frozenset()  # class/id tokens of a figure's credit element
    author_box: FrozenSet[str] = frozenset()    # class/id tokens of an author's box (see widgets.says_what_it_is)
    self_named: FrozenSet[str] = frozenset()    # class/id tokens of a box whose words say its name
    # answers for class/id strings and short heading texts, kept across pages (sites repeat their
    # markup from page to page): functions of these rules alone, so they never go stale
    class_memo: "Answers" = field(default_factory=lambda: Answers(), compare=False, repr=False)
    trigger_memo: "Answers" = field(default_factory=lambda: Answers(), compare=False, repr=False)


_UNSEEN = object()
MAX_MEMO = 200_000  # entries per memo; a long run over many sites starts afresh beyond it


class Answers:
    """Answers to one question of the rules ("what rule do these class names name?"), each
    computed once: a cache of a pure function, bounded at MAX_MEMO entries (beyond it, a long
    run over many sites starts afresh), so what it holds changes how fast, never what."""

    def __init__(self) -> None:
        self._found: Dict[str, Optional[Tuple[str, str]]] = {}

    def get(self, key: str, compute: Callable[["DomRules", str], Optional[Tuple[str, str]]],
            rules: "DomRules") -> Optional[Tuple[str, str]]:
        """``compute(rules, key)``, from the cache when asked before (called for every element
        of every page: no closure is made per call)."""
        found = self._found.get(key, _UNSEEN)
        if found is _UNSEEN:
            if len(self._found) >= MAX_MEMO:
                self._found.clear()
            found = self._found[key] = compute(rules, key)
        return found

    def __contains__(self, key: str) -> bool:
        return key in self._found

    def __len__(self) -> int:
        return len(self._found)


def prepare(rules: RuleSet, disabled: Iterable[str] = ()) -> DomRules:
    """Compile the dom.txt sections the rule set loaded (packaged and user copies), once per Cleaner.

    A concept whose rule name is in ``disabled`` (``Config.disabled``) is left out: its tags,
    roles, class tokens and headings remove nothing, as its text pass removes nothing. With
    `photo-credit` off, every figure stays whole (as a figure that belongs to the story does).
    """
    s = rules.dom
    disabled = frozenset(disabled)
    concepts = tuple(c for c in CONCEPTS if c not in disabled)
    tags = {e.value.lower(): c for c in concepts for e in s.get(f"{c}.tag", [])}
    roles = {e.value.lower(): c for c in concepts for e in s.get(f"{c}.role", [])}
    classes: Dict[str, Tuple[str, str]] = {}
    class_patterns = []
    for c in concepts:
        for e in s.get(f"{c}.class", []):
            if e.is_regex:
                class_patterns.append((c, re.compile(e.value, re.IGNORECASE), e.source))
            else:
                classes.setdefault(e.value.lower(), (c, e.source))
    hidden = frozenset(e.value.lower() for e in s.get("hidden.class", [])) if "promo" in concepts else frozenset()
    for token in hidden:
        classes.setdefault(token, ("promo", "text not shown to readers"))
    triggers = tuple((c, PhraseRule.build(s[f"{c}.trigger"], f"{c}.trigger")) for c in concepts
                     if s.get(f"{c}.trigger"))
    keep = s.get("figure.keep", [])
    figure_keep = re.compile(alternation(keep, "figure.keep", escape=False), re.IGNORECASE) if keep else None
    credit_names = frozenset(e.value.lower() for e in s.get("figure.credit", []))
    author_box, self_named = (frozenset(e.value.lower() for e in s.get(f"{name}.class", []) if not e.is_regex)
                              for name in ("author-box", "self-named"))
    return DomRules(tags, roles, classes, tuple(class_patterns), triggers, figure_keep, captions.prepare(rules),
                    figures="photo-credit" in concepts, hidden=hidden, credit_names=credit_names,
                    author_box=author_box, self_named=self_named)


class _Page:
    """What the guards need to know about the whole page."""

    def __init__(self, root, authors: Sequence[str] = ()) -> None:
        self.body = page_body(root)
        self.authors = tuple(authors)  # the page's byline names (its metadata), read before the prune
        self.size = max(1, text_size(self.body))
        self._text: Optional[str] = None
        self.headline = next(self.body.iter("h1"), None)
        # a forum thread (schema.org DiscussionForumPosting, as trafilatura tells one): its posts,
        # in containers named like comment sections, are the page's content
        self.forum = any(FORUM_POSTING in (s.text or "") for s in root.iter("script")
                         if s.get("type") == "application/ld+json")

    @property
    def text(self) -> str:
        """The page's text, read only for the rare figure check (whatever pruning removed before it is gone)."""
        if self._text is None:
            self._text = flat_text(self.body)
        return self._text


class PrunePass:
    """One page's structural pass: its rules, the page, what it removed and the credits it found."""

    def __init__(self, rules: DomRules, page: _Page) -> None:
        self.rules, self.page = rules, page
        self.removed: List[Removal] = []
        self.credits: List[str] = []

    def remove(self, el, rule: str, reason: str, text: Optional[str] = None, figure: bool = False) -> None:
        """Remove ``el`` (its tail stays) and record its text; with ``figure``, a removed
        <figure> leaves an empty one in its place (:func:`leave_figure`)."""
        text = flat_text(el) if text is None else text
        parent = el.getparent()
        if parent is None:
            return
        if not (figure and leave_figure(el)):
            drop_keeping_tail(el)
            _drop_empty_shells(parent)
        if text:
            self.removed.append(Removal(rule, text, reason, stage="dom"))

    def guarded(self, el, rule: str, text_len: int) -> bool:
        """True when ``el`` may hold the story: too big, it holds the headline, or a forum
        thread's posts (under a comment section's name)."""
        if el.tag in NEVER_REMOVED:
            return True
        if rule == "comment-form" and self.page.forum and text_len > MAX_WIDGET_PROSE:
            return True  # a forum thread's posts, not comments on a story
        limit = MAX_SHARE_COMMENTS if rule == "comment-form" else MAX_SHARE_BY_CLASS
        if text_len > limit * self.page.size and text_len > 500:
            return True
        h1 = self.page.headline
        if h1 is not None and rule != "photo-credit":
            for anc in h1.iterancestors():
                if anc is el:
                    return True
        if rule != "comment-form" and el.tag == "article":
            return True
        return False


_SHELLS = frozenset({"div", "span", "p", "section", "aside", "figure", "header", "footer", "nav", "li", "ul", "ol"})


def _drop_empty_shells(el) -> None:
    """Containers a removal left empty go too (nothing to record): an empty box ahead of
    story text in its tail can make the extractor drop that text with it."""
    while (el is not None and el.tag in _SHELLS and not len(el) and not (el.text or "").strip()
           and el.getparent() is not None):
        parent = el.getparent()
        drop_keeping_tail(el)
        el = parent


def _class_rule(rules: DomRules, tokens: FrozenSet[str]) -> Optional[Tuple[str, str]]:
    """The first concept (in CONCEPTS order) one of the tokens names."""
    found = [(CONCEPTS.index(rules.classes[t][0]), t) for t in tokens if t in rules.classes]
    if found:
        token = min(found)[1]
        rule, source = rules.classes[token]
        return rule, f"class/id token {token!r} ({source})"
    for rule, pattern, source in rules.class_patterns:
        for token in tokens:
            if pattern.fullmatch(token):
                return rule, f"class/id token {token!r} matches /{pattern.pattern}/ ({source})"
    return None


def _trigger_rule(rules: DomRules, text: str) -> Optional[Tuple[str, str]]:
    key = phrase_key(text)
    if not key:
        return None
    for rule, phrases in rules.triggers:
        why = phrases.match(key)
        if why:
            return rule, f"widget heading {text!r}: {why}"
    return None


_KEPT = "kept"  # _visit's answer for a figure that stays whole, caption included


def _visit(p: PrunePass, el):
    """Decide on one element: True when it was removed, _KEPT when its subtree stays as is."""
    rules = p.rules
    tag = el.tag
    if tag == "figure":
        if not rules.figures:  # `photo-credit` is off: the figure stays whole, as a story's figure does
            keep_story_block(el)
            return _KEPT
        return remove_figure(p, el, "<figure> with its caption") or _KEPT
    rule = rules.tags.get(tag)
    if rule == "photo-credit":
        return remove_figure(p, el, f"<{tag}> element")
    if rule:
        # a form control or frame: but broken markup can leave one open around the story
        text = flat_text(el)
        if looks_like_widget(el, rule, len(text)) and not p.guarded(el, rule, len(text)) \
                and not in_running_text(el):
            p.remove(el, rule, f"<{tag}> element", text)
            return True
        return False
    role = (el.get("role") or "").lower()
    if role and role in rules.roles:
        rule = rules.roles[role]
        text = flat_text(el)
        if not p.guarded(el, rule, len(text)) and not in_running_text(el):
            p.remove(el, rule, f"ARIA role {role!r}", text)
            return True
    names, found = _named_rule(rules, el)
    if found:
        rule, why = found
        if rule == "photo-credit":
            return remove_figure(p, el, why) or _KEPT
        text = flat_text(el)
        evidence = None if looks_like_widget(el, rule, len(text)) else says_what_it_is(p, el, rule, names, text)
        if (evidence is None or evidence) and not p.guarded(el, rule, len(text)) \
                and not (in_running_text(el) and not name_tokens(names) & rules.hidden):
            p.remove(el, rule, f"{why}; {evidence}" if evidence else why, text)
            return True
    if tag in _TRIGGER_TAGS and len(el) <= 2:
        raw = el.text_content() if len(el) else el.text or ""  # a leaf's text without an XPath call
        text = " ".join(raw.split()) if len(raw) <= 4 * MAX_TRIGGER_CHARS else ""
        if 0 < len(text) <= MAX_TRIGGER_CHARS:
            # menus and share rows repeat the same short texts
            found = rules.trigger_memo.get(text, _trigger_rule, rules)
            if found and not in_running_text(el):
                remove_widget_after(p, el, *found)
                return not attached(el, p.page.body)
    return False


def _named_rule(rules: DomRules, el) -> Tuple[str, Optional[Tuple[str, str]]]:
    """The element's class and id, and the concept they name (or None). A heading's id made
    of the heading's own words is its anchor ("what-share-of-adults-vote" over "What share of
    adults vote?"): it names the text, not a widget, and is left out. A heading right above a
    paragraph of prose (:func:`story_paragraph`) heads a section of the story: its names
    (a table of contents' target, "toc-heading-3") name no widget."""
    names = f"{el.get('class', '')} {el.get('id', '')}"
    found = _memo_rule(rules, names) if names != " " else None
    if found and el.tag in HEADINGS and story_paragraph(next_element(el)):
        return names, None  # a heading over a paragraph of prose heads the story's section
    if found and el.tag in HEADINGS and _is_anchor(el.get("id"), el):
        names = f"{el.get('class', '')} "
        found = _memo_rule(rules, names) if names != " " else None
    return names, found


def _memo_rule(rules: DomRules, names: str) -> Optional[Tuple[str, str]]:
    return rules.class_memo.get(names, _names_rule, rules)


def _names_rule(rules: DomRules, names: str) -> Optional[Tuple[str, str]]:
    return _class_rule(rules, name_tokens(names))


MIN_ANCHOR_WORDS = 3  # of a heading's own words in its id: the id is the heading's anchor


def _is_anchor(ident: Optional[str], el) -> bool:
    """Whether ``ident`` is made of ``el``'s own words: MIN_ANCHOR_WORDS of them or more,
    and three in four of its parts (a slug may drop an apostrophe: "what-s-next", "h-")."""
    parts = [t for t in NAME_SEPARATORS.split((ident or "").lower()) if len(t) > 1]
    if len(parts) < MIN_ANCHOR_WORDS:
        return False
    words = set(_WORDS.findall(el.text_content().lower()))
    inside = sum(part in words for part in parts)
    return inside >= MIN_ANCHOR_WORDS and 4 * inside >= 3 * len(parts)


_WORDS = re.compile(r"\w+")


def prune(root, rules: DomRules, authors: Sequence[str] = ()) -> Tuple[List[Removal], List[str]]:
    """Remove debris from the parsed page in place; return (removals, image credits).
    ``authors`` are the page's byline names (an author's box names one)."""
    page = _Page(root, authors)
    p = PrunePass(rules, page)
    stack = [c for c in reversed(page.body) if isinstance(c.tag, str)]
    while stack:
        el = stack.pop()
        decision = _visit(p, el)
        if decision is _KEPT:
            continue
        if decision:
            # a widget may take following siblings along: skip what left the page
            while stack and not attached(stack[-1], page.body):
                stack.pop()
            continue
        stack.extend(el.iterchildren(reversed=True, tag=lxml.etree.Element))
    return p.removed, p.credits


def prune_page(tree, rules: Optional[DomRules], authors: Sequence[str] = ()) -> Tuple[List[Removal], List[str]]:
    """The prune stage on a parsed page: code, the structural rules (if any), boxes."""
    removed: List[Removal] = []
    credits: List[str] = []
    drop_code(tree)
    if rules is not None:
        removed, credits = prune(tree, rules, authors)
    drop_boxes(tree)
    return removed, credits


# Elements trafilatura deletes before it reads a word (its tree cleaning and its page-size
# measure both do): gone before it copies and XPath-searches the tree, they cost it nothing.
_CODE_TAGS = ("style", "svg", "link", "meta")
_BOXES = ("aside", "footer")


def drop_code(tree) -> None:
    """Remove scripts, styles, inline SVG, <link> and <meta>, keeping their tails.

    Done once the metadata is read (dates hide in scripts and meta tags) and
    before the structural pass, whose guards weigh a page by its text: code
    is no text, and no removal to record. JSON-LD scripts stay: the extractor
    reads them (a forum thread's markup).
    """
    for script in tree.iter("script"):
        if script.get("type") != "application/ld+json":
            script.tag = "style"
    lxml.etree.strip_elements(tree, *_CODE_TAGS, with_tail=False)


def drop_boxes(tree) -> None:
    """Remove <aside> and <footer>, keeping their tails, after the structural pass
    has recorded the widgets inside them. They stay when every paragraph of the
    page is inside one: trafilatura's recall mode then takes them back.
    """
    if any(next(p.iterancestors(*_BOXES), None) is None for p in tree.iter("p")):
        lxml.etree.strip_elements(tree, *_BOXES, with_tail=False)
