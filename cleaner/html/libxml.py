"""Where libxml2 reads a page badly, worked around: an attribute flood bounded before it
parses (:func:`bound_attributes`), a leading XML declaration dropped
(:func:`without_xml_declaration`), an <svg> or <math> left open closed after it parses
(:func:`close_foreign_content`).

The bound: before libxml2 parses a page, the one shape it parses in super-linear time.

libxml2 appends each attribute of an element to a list it walks to the end,
so one start tag with n distinct attributes costs O(n²): 20,000 take 0.9 s,
40,000 14 s, a million hours. Everything else a page can hold (values of
16 MB, a million classes, 200,000 ids, the same attribute a million times)
parses in linear time. No real page comes near the bound: the most
attributes on one element in 2,800 dev-set pages is 151.

:func:`bound_attributes` keeps the first :data:`MAX_ATTRIBUTES` attributes
of each tag and drops the rest, in one linear scan that reads tags as
libxml2's HTML5 tokenizer does: comments (``<!-->`` too), raw text elements
(script, style, title, textarea, ...: no tags inside), quoted values (a
quote opens one only after ``=``) and HTML whitespace. On a page with no such
tag it costs one regex pass in C, whose sub-patterns cannot backtrack.
"""
from __future__ import annotations

import re
from typing import List, Tuple

MAX_ATTRIBUTES = 256
_CHUNK = 4096  # tokens per match: bounds the regex engine's stack, not the answer

_WS = r"[\t\n\f\r ]"
_DELIM = r"\t\n\f\r />"
# An attribute: a name (its first character may be "=" or a quote; it ends at a
# delimiter or "="), then maybe "=" and a value. Each part ends where it must
# (the lookaheads), so a failing match never tries another way to split a tag.
_NAME = rf"[^{_DELIM}][^{_DELIM}=]*(?![^{_DELIM}=])"
_VALUE = (r"""(?:"[^"]*(?:"|\Z)|'[^']*(?:'|\Z)|[^\t\n\f\r >"'][^\t\n\f\r >]*(?![^\t\n\f\r >])|(?=>|\Z))""")
_ATTRIBUTE = rf"[\t\n\f\r /]*{_NAME}(?:{_WS}*={_WS}*{_VALUE}|(?!{_WS}*=))"
_TAG_NAME = rf"[A-Za-z][^{_DELIM}]*"
_TAG_END = r"[\t\n\f\r /]*(?:>|\Z)"
# Elements whose content libxml2 reads as text up to their end tag (plaintext: to the end).
_RAW = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext")
_RAW_NAME = rf"(?i:{'|'.join(_RAW)})(?![^{_DELIM}])"
_NOT_RAW = "".join(sorted({c for name in _RAW for c in name[0] + name[0].upper()}))  # a quick "not raw" first
_BOUNDED = rf"(?:{_ATTRIBUTE}){{0,{MAX_ATTRIBUTES}}}{_TAG_END}"
_TOKEN = "|".join((
    r"[^<]+",
    r"<!--(?:-?>|[\s\S]*?(?:--!?>|\Z))",                  # comment
    r"<(?:[!?]|/(?![A-Za-z]))[^>]*>?",                    # doctype, bogus comment, </ >
    rf"(?:</|<(?![{_NOT_RAW}])|<(?!{_RAW_NAME})){_TAG_NAME}{_BOUNDED}",  # a tag (a raw text element's end tag too)
    r"<(?![A-Za-z!?/])",                                   # a "<" that is text
))
# Ordinary tokens, as many as come, then maybe a raw text element's start tag (its
# content is found apart): the match stops before a tag over the bound, or at the end.
_RUN = re.compile(rf"(?:{_TOKEN}){{0,{_CHUNK}}}(?:<(?P<raw>{_RAW_NAME}){_BOUNDED})?")
_OVER = re.compile(rf"</?(?P<name>{_TAG_NAME})(?:{_ATTRIBUTE}){{{MAX_ATTRIBUTES}}}")
_MORE = re.compile(rf"(?:{_ATTRIBUTE}){{1,{_CHUNK}}}")
_RAW_ENDS = {name: re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE) for name in _RAW if name != "plaintext"}


def _raw_end(html: str, name: str, pos: int) -> int:
    """Where the content of a raw text element that starts at ``pos`` ends."""
    if name == "plaintext":
        return len(html)
    found = _RAW_ENDS[name].search(html, pos)
    end = found.start() if found else len(html)
    if name == "script" and "<!--" in html[pos:end]:
        return _escaped_script_end(html, pos)
    return end


_SCRIPT_MARKS = re.compile(r"<!--|-->|<(/?)(?i:script)[\t\n\f\r />]")


def _escaped_script_end(html: str, pos: int) -> int:
    """The end of a script that holds "<!--": HTML5's escaped states, where
    "<!--<script>" hides the "</script>" that follows until "-->"."""
    state = "data"
    for mark in _SCRIPT_MARKS.finditer(html, pos):
        text = mark.group()
        if text == "<!--":
            if state == "data" and not html.startswith((">", "->"), mark.end()):
                state = "escaped"
        elif text == "-->":
            state = "data"
        elif mark.group(1):  # </script
            if state != "double":
                return mark.start()
            state = "escaped"
        elif state == "escaped":  # <script
            state = "double"
    return len(html)


def bound_attributes(html: str) -> Tuple[str, int]:
    """(``html`` with each tag cut to its first MAX_ATTRIBUTES attributes, how many tags were cut).

    >>> page = "<p " + " ".join(f"a{i}" for i in range(300)) + ">Story</p>"
    >>> bounded, cut = bound_attributes(page)
    >>> cut, bounded.count(" a"), bounded.endswith(" a255>Story</p>")
    (1, 256, True)
    >>> bound_attributes("<p class=x>Story</p>")
    ('<p class=x>Story</p>', 0)
    """
    pieces: List[str] = []
    kept = pos = cut = 0
    end = len(html)
    while pos < end:
        run = _RUN.match(html, pos)
        if run.end() > pos:
            pos = run.end() if run.group("raw") is None else _raw_end(html, run.group("raw").lower(), run.end())
            continue
        over = _OVER.match(html, pos)  # the run stopped at a tag with more attributes than the bound
        pieces.append(html[kept:over.end()])
        pos = over.end()
        while True:
            more = _MORE.match(html, pos)
            if more is None:
                break
            pos = more.end()
        kept, cut = pos, cut + 1
        name = over.group("name").lower()
        if name in _RAW and html[over.start() + 1] != "/":
            pos = _raw_end(html, name, pos)
    if not cut:
        return html, 0
    pieces.append(html[kept:])
    return "".join(pieces), cut


_XML_DECLARATION = re.compile(r"\A\ufeff?[\t\n\f\r ]*<\?xml\b[^>]*>[\t\n\f\r ]*")


def without_xml_declaration(html: str) -> str:
    """``html`` without a leading ``<?xml ...?>``: lxml then sees the DOCTYPE or <html> that
    follows and parses a document (it took the page for a fragment, head and all, and
    trafilatura's test for HTML, "html" in the first 50 characters, failed on it).

    >>> without_xml_declaration('<?xml version="1.0"?>\\n<!DOCTYPE html>')
    '<!DOCTYPE html>'
    """
    found = _XML_DECLARATION.match(html)
    return html[found.end():] if found else html


# HTML5's breakout tags: a start tag of one of these inside <svg> or <math> closes the
# foreign element (and what is open inside it) before it.
_BREAKOUT = ("b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
             "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "listing", "menu", "nobr", "ol", "p",
             "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var")
# Where HTML may stand inside foreign content.
_INTEGRATION_POINTS = frozenset({"foreignobject", "desc", "title", "annotation-xml", "mi", "mo", "mn", "ms", "mtext"})


def close_foreign_content(tree) -> int:
    """Close each <svg>/<math> before the first HTML block inside it, as browsers do;
    return how many were closed.

    libxml2 knows no foreign content: an unclosed <svg> icon in a header holds the
    rest of the page, and the code sweep that removes SVG took the story with it.
    """
    closed = 0
    for foreign in list(tree.iter("svg", "math")):
        if foreign.getparent() is None:
            continue
        first = next((e for e in foreign.iter(*_BREAKOUT) if not _integrated(e, foreign)), None)
        if first is not None:
            _move_after(foreign, _following(foreign, first))
            closed += 1
    return closed


def _integrated(element, foreign) -> bool:
    """Whether ``element`` stands in an HTML integration point (foreignObject, ...) of ``foreign``."""
    return any(a.tag in _INTEGRATION_POINTS for a in element.iterancestors() if a is not foreign
               and foreign in a.iterancestors())


def _following(foreign, first) -> list:
    """``first`` and all that follows it inside ``foreign``, in document order; the text
    after each element closed on the way (its tail) goes along, on the element before it."""
    moved: list = []
    node = first
    while node is not foreign:
        parent = node.getparent()
        if node is not first and node.tail:
            if moved:
                moved[-1].tail = (moved[-1].tail or "") + node.tail
                node.tail = None
        moved.extend(parent[parent.index(node) + (0 if node is first else 1):])
        node = parent
    return moved


def _move_after(foreign, moved: list) -> None:
    parent, at = foreign.getparent(), foreign.getparent().index(foreign)
    if foreign.tail:  # the text after </svg> comes after what is moved out of it
        moved[-1].tail = (moved[-1].tail or "") + foreign.tail
        foreign.tail = None
    for offset, element in enumerate(moved, start=1):
        parent.insert(at + offset, element)
