"""HTML input: parse once, prune debris by structure, extract with trafilatura.

The page is parsed into one lxml tree. Metadata is read from the whole tree
first (:mod:`cleaner.meta`: head, JSON-LD, headings, authors, date); code
(scripts, styles, SVG) goes; :mod:`cleaner.html.prune` prunes what the structure
shows is not the story; and trafilatura extracts the main text from the
pruned tree (with trafilatura 2.3, its own steps run here without copying
the tree, see :func:`_sequence`). Never fetches anything: trafilatura gets a
tree, not a URL.
"""
from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Tuple

import lxml.etree
import lxml.html

from .. import meta
from ..article import Change, Removal
from ..errors import InputError
from ..meta import fold, read_metadata
from ..timing import Laps
from . import prune as dom
from .libxml import MAX_ATTRIBUTES, bound_attributes, close_foreign_content, without_xml_declaration
from .pagetext import PageText


@dataclass(frozen=True)
class ExtractOptions:
    """The trafilatura options, chosen for precision and one pass over the page."""

    fast: bool = True               # no readability/jusText fallback: the pre-pass did that job
    include_comments: bool = False  # comments are not the article
    include_tables: bool = True
    extensive_date_search: bool = False  # htmldate, when it runs, searches only the markup: its text search costs more than all the rest
    favor_precision: bool = False


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


def extract_html(html: str, rules: Optional["dom.DomRules"] = None,
                 options: ExtractOptions = ExtractOptions(),
                 timings: Optional[Dict[str, float]] = None,
                 meta_rules: Optional["meta.MetaRules"] = None,
                 repairs: Optional[List[Change]] = None) -> Tuple[str, Dict[str, Any], List[Removal]]:
    """(main text, metadata found in the page, structural removals).

    The text holds one paragraph per block, blank lines between them, and no
    headline: the title travels in ``metadata["title"]``, and the headline
    trafilatura kept goes (recorded), only as a whole paragraph.

    ``rules`` are the structural pre-pass's (none: no pre-pass), ``meta_rules`` the
    metadata readers' (none: the packaged rule files').

    ``timings``, if given, collects seconds per stage: "html-parse",
    "html-metadata", "html-dom", "html-extract" (for benchmarks); ``repairs``, if
    given, the Changes that made the markup parseable (see :func:`parse`).
    """
    clock = Laps(timings)
    tree = parse(html, repairs)
    clock.lap("html-parse")
    if tree is None:
        return "", {}, []
    meta = read_metadata(tree, meta_rules, extensive_date_search=options.extensive_date_search)
    title = meta.get("title")
    clock.lap("html-metadata")
    removed, credits = _prune(tree, rules)
    if credits:
        meta["image_credits"] = credits
    clock.lap("html-dom")
    page = PageText(tree)
    # when trafilatura's fast extraction takes a small part of the page's prose, its full
    # search (the fallback extractors compared) runs on the same cleaned tree
    text = _main_text(tree, options, options.fast, page.misses if options.fast else None)
    if title:
        meta["html_title"] = title
        text, headline = without_headline(text, title)
        removed.extend(headline)
    clock.lap("html-extract")
    return text, meta, removed


def _prune(tree, rules: Optional["dom.DomRules"]) -> Tuple[List[Removal], List[str]]:
    """The pre-pass on a parsed page: code, the structural rules (if any), boxes."""
    removed: List[Removal] = []
    credits: List[str] = []
    drop_code(tree)
    if rules is not None:
        removed, credits = dom.prune(tree, rules)
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


MAX_KICKER_CHARS = 60
HEADLINE_LINES = 3  # the headline is sought among the text's first lines (a kicker or a date may come first)


def without_headline(text: str, title: str) -> Tuple[str, List[Removal]]:
    """The text without the headline trafilatura kept, and its removal record.

    Only a whole paragraph goes: one among the first lines that is the title
    (case, punctuation and spacing folded, so a headline ending in "?" goes
    too), or a first paragraph that is the title with a kicker or a label
    before or after it ("Weekend guide Five walks along the old canal"). A
    paragraph that opens with the title's words ("Storms hit the coast" under
    "Storm"), or whose first line is the title, stays whole.
    """
    key = fold(title)
    if not key:
        return text, []
    paragraphs = text.split("\n\n")
    lines = 0
    for i, paragraph in enumerate(paragraphs):
        para_key = fold(paragraph)
        if para_key == key:
            why = "the headline (the title is in the metadata)"
        elif i == 0 and _kicker_and_title(paragraph, title, para_key, key):
            why = "the headline with its kicker (the title is in the metadata)"
        else:
            why = None
        if why:
            rest = "\n\n".join(paragraphs[:i] + paragraphs[i + 1:])
            return rest, [Removal("title", paragraph.strip(), why, stage="dom")]
        lines += paragraph.count("\n") + 1
        if lines >= HEADLINE_LINES:
            break
    return text, []


def _kicker_and_title(line: str, title: str, line_key: str, key: str) -> bool:
    return ("\n" not in line and len(line) <= len(title) + MAX_KICKER_CHARS
            and not line.lstrip()[:1].islower()  # "for the recipe Bee sting muffins" is a sentence, not a kicker
            and (line_key.startswith(key + " ") or line_key.endswith(" " + key)))


def _main_text(tree, options: ExtractOptions, fast: bool,
               misses: Optional[Callable[..., bool]] = None) -> str:
    """trafilatura's main text of ``tree``; the tree is the extractor's to change.

    ``misses``, given with ``fast``, judges the fast result: when it says the result
    misses much of the page, the full search runs and its result is the answer."""
    try:
        steps = _steps() if not options.include_comments and not options.favor_precision else None
        if steps is None:
            text = _bare_extraction(tree, options, fast)  # (bare_extraction copies the tree)
            if fast and misses is not None and misses(text):  # (no cleaned tree to weigh)
                text = _bare_extraction(tree, options, fast=False)
            return text
        extractor = _extractor(options, fast)
        full = _extractor(options, False) if fast and misses is not None else None
        try:
            body, text, extractor = _sequence(steps, tree, extractor, misses if full else None, full)
        except (TypeError, ValueError):  # what bare_extraction turns into "no document"
            return ""
        if len(text) < extractor.min_output_size:
            return ""
        return as_text(body, extractor.formatting)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(f"HTML could not be extracted: {type(exc).__name__}: {exc}") from exc


def _bare_extraction(tree, options: ExtractOptions, fast: bool) -> str:
    import trafilatura

    document = trafilatura.bare_extraction(
        tree, with_metadata=False, fast=fast, include_comments=options.include_comments,
        include_tables=options.include_tables, favor_precision=options.favor_precision)
    if document is None:
        return ""
    body = getattr(document, "body", None)
    return as_text(body) if body is not None else document.text or ""


# Blocks of trafilatura's output that make a paragraph each; a <br> (lb) inside one, a list's
# items and a table's rows stay lines of one paragraph.
_PARAGRAPHS = ("p", "head", "list", "quote", "table", "code")
_PARAGRAPH_END = "\u2424"  # what xmltotxt itself writes after a block in markdown, and turns into a blank line


def as_text(body, formatting: bool = False) -> str:
    """trafilatura's plain text of an extracted ``body``, one blank line between paragraphs.

    xmltotxt ends each block with one newline, a <br> too, so its text cannot
    tell a paragraph from a line break. Each paragraph is marked first with the
    sign xmltotxt turns into a blank line; the text is otherwise the same.
    """
    from trafilatura.xml import xmltotxt

    _mark_paragraphs(body)
    return xmltotxt(body, formatting) or ""


def _mark_paragraphs(parent) -> None:
    """Mark the outermost paragraphs under ``parent``, none inside a list item or a table cell."""
    for block in parent:
        if block.tag in _PARAGRAPHS:
            block.tail = _PARAGRAPH_END + (block.tail or "").lstrip()
        elif len(block) and block.tag not in ("item", "cell"):
            _mark_paragraphs(block)


# What the extraction steps below take from trafilatura.core, as of trafilatura 2.3.
_STEP_NAMES = ("_forum_thread_page", "prune_unwanted_nodes", "RAW_TREE_PRUNE_XPATH", "convert_tags",
               "REMOVE_COMMENTS_AND_LISTS_XPATH", "_prepare_tree", "_extract_and_compare", "baseline",
               "html2txt", "_recall_retry", "justext_rescue", "xmltotxt", "ESCALATION_MAX_LENGTH",
               "ESCALATION_PAGE_SHARE", "ESCALATION_ACCEPT_RATIO", "ESCALATION_JUSTEXT_RATIO")


@functools.lru_cache(maxsize=None)
def _steps():
    """trafilatura.core when it is the 2.3 series whose steps :func:`_sequence` follows, else None
    (then ``bare_extraction`` itself runs). A test checks both give the same text."""
    import importlib

    import trafilatura

    version = tuple(int(part) for part in re.findall(r"\d+", trafilatura.__version__)[:2])
    core = importlib.import_module("trafilatura.core")
    baseline = importlib.import_module("trafilatura.baseline")  # (the package's "baseline" is a function)
    if version != (2, 3) or not all(hasattr(core, name) for name in _STEP_NAMES) \
            or not hasattr(baseline, "_BLOCK_ELEMS"):
        return None
    if core.Extractor(output_format="python").max_tree_size:  # a check of bare_extraction's the steps skip
        return None
    return core


def _sequence(steps, tree, options, misses: Optional[Callable[[str, Any], bool]] = None,
              full=None) -> Tuple[Any, str, Any]:
    """trafilatura 2.3's ``trafilatura_sequence`` with comments off and balanced focus, as
    ``bare_extraction`` drives it, less two costs that buy nothing here:

    - ``bare_extraction`` copies the whole tree it is given: this tree is ours to spend;
    - the recall retry's test measures the page's text (``html2txt``: a copy of the tree,
      an XPath sweep) on every short result; an upper bound of that measure rules the
      retry out first on three results of four (328 of 428 on the dev set).

    With ``misses`` (a test of a fast result and the cleaned tree) and ``full`` (the
    settings of the full search), a fast result that ``misses`` finds short of the page is
    searched again in full. Returns the body, its text and the settings that made it.
    """
    is_forum = steps._forum_thread_page(tree)
    tree = steps.prune_unwanted_nodes(tree, steps.RAW_TREE_PRUNE_XPATH)
    if not is_forum:
        tree = steps.prune_unwanted_nodes(tree, steps.REMOVE_COMMENTS_AND_LISTS_XPATH)
    cleaned, backup = steps._prepare_tree(tree, options, None)
    body, text = _cascade(steps, cleaned, backup, tree, options)
    if misses is not None and misses(text, backup):
        # the full search on the same cleaned tree (the fast cascade left it and the page
        # as they were): the main extractor without teasers, compared with the fallback
        # extractors, as trafilatura's own fast=False runs it
        from copy import copy

        options = full
        body, text = _cascade(steps, steps.convert_tags(copy(backup), options, None), backup, tree, options)
    return body, text, options


def _cascade(steps, cleaned, backup, tree, options) -> Tuple[Any, str]:
    """The main extractor (and, when not fast, the comparison with the fallbacks), the
    baseline rescue, the recall retry: the stages of ``trafilatura_sequence`` after the
    tree's preparation."""
    body, text = steps._extract_and_compare(cleaned, backup, tree, options)
    if len(text) < options.min_extracted_size:  # rescue: the baseline on the whole tree
        b_body, b_text, b_len = steps.baseline(tree)
        if b_len > len(text):
            body, text = b_body, b_text
    share = steps.ESCALATION_PAGE_SHARE
    if (0 < len(text) < steps.ESCALATION_MAX_LENGTH and len(text) < share * _page_text_bound(tree)
            and len(text) < share * len(steps.html2txt(tree))):
        # a short result covering little of the page: retry in recall mode (and with
        # jusText when not fast), keep a clearly longer result
        from copy import copy

        recall = copy(options)
        recall.focus = "recall"
        r_text = j_text = ""
        try:
            r_body, r_text = steps._recall_retry(tree, recall, None)
        except Exception:  # as trafilatura: a failed retry keeps the first result
            pass
        if not options.fast:
            try:
                j_body, j_text = steps.justext_rescue(copy(tree), options)
            except Exception:
                pass
        if len(j_text) > len(r_text) and len(j_text) > steps.ESCALATION_JUSTEXT_RATIO * len(text):
            body, text = j_body, j_text
        elif len(r_text) >= options.min_extracted_size and len(r_text) > steps.ESCALATION_ACCEPT_RATIO * len(text):
            body, text = r_body, r_text
    return body, text


def _page_text_bound(tree) -> int:
    """At least ``len(html2txt(tree))``: its cleaning only deletes text, and its spacing adds
    at most one character at either side of each block element to the folded text."""
    from trafilatura.baseline import _BLOCK_ELEMS

    body = dom.page_body(tree)
    blocks = sum(1 for _ in body.iter(*_BLOCK_ELEMS))
    return dom.text_size(body) + 2 * blocks + 1


@functools.lru_cache(maxsize=None)
def _extractor(options: ExtractOptions, fast: bool):
    """The settings bare_extraction builds for our options, built once."""
    from trafilatura.settings import Extractor

    return Extractor(output_format="python", fast=fast, comments=options.include_comments,
                     tables=options.include_tables, precision=options.favor_precision)
