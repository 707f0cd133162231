"""Decode and parse: the page's markup made parseable, then one lxml tree.

Control characters go (raw or as references: trafilatura drops a paragraph that holds
one), trafilatura's own markup repairs run, the shapes libxml2 parses badly are bounded
or closed (:mod:`~cleaner.html.libxml`), and the page is parsed once, with trafilatura's
parser settings and one element class (:func:`html_parser`).
"""
from __future__ import annotations

import re
import threading
from typing import List, Optional

import lxml.etree
import lxml.html

from ..article import Change
from ..errors import InputError
from .libxml import MAX_ATTRIBUTES, bound_attributes, close_foreign_content, without_xml_declaration


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# References to control characters other than tab, line feed, form feed and carriage
# return: decimal 0-8, 11, 14-31, 127 and hex 0-8, b, e-1f, 7f, leading zeros allowed.
# "&#8220;" and "&#039;" are not even matched, so no callback runs per match (the same
# answers as a callback that reads the code point, on all references up to 70,000).
_CHAR_REF = re.compile(r"&#(?:[xX]0*(?:[0-8bBeEfF]|1[0-9a-fA-F]|7[fF])(?![0-9a-fA-F])"
                       r"|0*(?:[0-8]|11|1[4-9]|2[0-9]|3[01]|127)(?![0-9]));?")


def strip_controls(html: str) -> str:
    """Control characters (form feeds too), raw or as character references,
    become spaces; the non-characters U+FFFE and U+FFFF go.

    One ``&#1;`` in a paragraph makes trafilatura drop the whole paragraph
    (lxml keeps the character, the extractor then refuses the text). This is
    also the character sweep of trafilatura's ``repair_faulty_html`` (which
    deletes the characters), done only when a cheap test finds one.

    >>> strip_controls("a&#1;b&#x41;&#10;\\x0cc\\uffff")
    'a b&#x41;&#10; c'
    """
    if "&#" in html:
        html = _CHAR_REF.sub(" ", html)
    if _has_control(html):
        html = _CONTROL.sub(" ", html)
    if "\ufffe" in html or "\uffff" in html:
        html = html.replace("\ufffe", "").replace("\uffff", "")
    return html


# The characters of _CONTROL as UTF-8 bytes: ASCII, so no multi-byte sequence holds one.
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20)) + b"\x7f"


def _has_control(text: str) -> bool:
    """Whether ``text`` holds a character of ``_CONTROL`` (a bytes scan: ~20x
    faster than the regex on a page, and most pages have none)."""
    raw = text.encode("utf-8", "surrogatepass")
    return len(raw.translate(None, _CONTROL_BYTES)) != len(raw)


def _repair(html: str, beginning: str) -> str:
    """The markup fixes of trafilatura's ``repair_faulty_html`` (its character
    sweep is :func:`strip_controls`): a doctype libxml2 misreads, a self-closing <html/>."""
    from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML

    if "doctype" in beginning:
        first, _, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", first, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            return FAULTY_HTML.sub(r"\1>", html, count=1)
    return html


# trafilatura's test for HTML looks for "html" in the first 50 characters, which a
# DOCTYPE with an internal subset (or a long comment) pushes further down.
_HTML_TAG = re.compile(r"<(?:html|head|body)[\t\n\f\r />]", re.IGNORECASE)


def parse(html: str, repairs: Optional[List[Change]] = None):
    """One lxml tree of the page, or None when there is nothing to parse.

    The steps of trafilatura's ``load_html`` for a string, with the parser of
    :func:`html_parser`; control characters become spaces (:func:`strip_controls`);
    a tag's attributes past :data:`~cleaner.html.libxml.MAX_ATTRIBUTES` go (libxml2 would
    take minutes over them), recorded in ``repairs`` as a Change of rule "input".
    """
    from trafilatura.utils import is_dubious_html

    html = without_xml_declaration(strip_controls(html))
    html, cut = bound_attributes(html)
    if cut and repairs is not None:
        repairs.append(Change("input", f"tag with over {MAX_ATTRIBUTES} attributes",
                              f"its first {MAX_ATTRIBUTES} attributes", cut))
    beginning = html[:50].lower()
    html = _repair(html, beginning)
    parser = html_parser()
    from_bytes = False
    try:
        tree = lxml.html.fromstring(html, parser=parser)
    except ValueError:  # a string that declares its encoding: lxml wants bytes
        tree, from_bytes = _parse_bytes(html, parser), True
    except Exception:  # lxml raises many kinds on broken markup
        tree = None
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = _parse_bytes(html, parser)
    # libxml2 stops at 256 levels of nesting and silently drops the rest of
    # the page: refuse the page rather than lose its text without a word.
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise InputError(f"HTML could not be parsed whole: {error.message}")
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2 and not _HTML_TAG.search(html, 0, 4096):
        return None  # not HTML at all: no "html" in its first characters, no <html>/<body>, almost nothing parsed
    if tree is not None:
        closed = close_foreign_content(tree)
        if closed and repairs is not None:
            repairs.append(Change("input", "<svg> or <math> left open around the page's markup",
                                  "closed before the first HTML block in it", closed))
    return tree


def _parse_bytes(html: str, parser):
    try:
        return lxml.html.fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except Exception:  # lxml raises many kinds on broken markup
        return None


_LOCAL = threading.local()  # one parser per thread: an lxml parser is not to be shared between threads


def html_parser():
    """This thread's parser: trafilatura's parser settings (``trafilatura.utils.HTML_PARSER``),
    with one element class for all elements.

    lxml.html picks each element's class in Python (``HtmlElementClassLookup``)
    every time an element is touched, over a million calls on 300 pages; one
    class for all elements is picked in C. Neither trafilatura nor the DOM
    pass uses the special classes (forms, inputs, labels). This cuts the HTML
    pipeline's time by about 8%.
    """
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = lxml.html.HTMLParser(
            collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True)
        parser.set_element_class_lookup(lxml.etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity))
    return parser
