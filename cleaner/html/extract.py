"""Extract: trafilatura's main text of the pruned tree.

With trafilatura 2.3 its own steps run here, without copying the tree (see
:func:`_sequence`); with another version, ``bare_extraction`` runs.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Callable, Optional, Tuple

from ..errors import InputError
from .nodes import page_body, text_size


@dataclass(frozen=True)
class ExtractOptions:
    """The trafilatura options, chosen for precision and one pass over the page."""

    fast: bool = True               # no readability/jusText fallback: the pre-pass did that job
    include_comments: bool = False  # comments are not the article
    include_tables: bool = True
    extensive_date_search: bool = False  # htmldate, when it runs, searches only the markup: its text search costs more than all the rest
    favor_precision: bool = False


def main_text(tree, options: ExtractOptions, fast: bool,
               misses: Optional[Callable[..., bool]] = None) -> str:
    """trafilatura's main text of ``tree``; the tree is the extractor's to change.

    ``misses``, given with ``fast``, judges the fast result: when it says the result
    misses much of the page, the full search runs and its result is the answer."""
    return extraction(tree, options, fast, misses)[0]


class _Rescued(Exception):
    """The main extractor found too little text, and the caller wants no text then."""


def extraction(tree, options: ExtractOptions, fast: bool,
               misses: Optional[Callable[..., bool]] = None, until_rescued: bool = False) -> Tuple[str, bool]:
    """(:func:`main_text`, whether trafilatura's main extractor found too little text on
    ``tree`` and its baseline rescue was tried: always False when ``bare_extraction`` runs).

    ``until_rescued``: the caller has no use for a text once the rescue is tried, and the
    extraction stops there (the rest of the cascade, the full search), giving ("", True)."""
    try:
        steps = _steps() if not options.include_comments and not options.favor_precision else None
        if steps is None:
            text = _bare_extraction(tree, options, fast)  # (bare_extraction copies the tree)
            if fast and misses is not None and misses(text):  # (no cleaned tree to weigh)
                text = _bare_extraction(tree, options, fast=False)
            return text, False
        extractor = _extractor(options, fast)
        full = _extractor(options, False) if fast and misses is not None else None
        rescued: list = []
        try:
            body, text, extractor = _sequence(steps, tree, extractor, misses if full else None, full, rescued,
                                              until_rescued)
        except _Rescued:
            return "", True
        except (TypeError, ValueError):  # what bare_extraction turns into "no document"
            return "", bool(rescued)
        if len(text) < extractor.min_output_size:
            return "", bool(rescued)
        return as_text(body, extractor.formatting), bool(rescued)
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
               "REMOVE_COMMENTS_AND_LISTS_XPATH", "_prepare_tree", "tree_cleaning", "compare_extraction",
               "baseline", "html2txt", "justext_rescue", "xmltotxt", "ESCALATION_MAX_LENGTH",
               "ESCALATION_PAGE_SHARE", "ESCALATION_ACCEPT_RATIO", "ESCALATION_JUSTEXT_RATIO")


# What the main extraction (:func:`_main_extraction`) takes from trafilatura.main_extractor, as of 2.3.
_MAIN_NAMES = ("extract_content", "_extract", "recover_wild_text", "_elem_text", "MIN_DUPLICATE_LENGTH",
               "delete_element", "strip_elements", "strip_tags", "text_chars_test", "SPACING_PROTECTED")


@functools.lru_cache(maxsize=None)
def _main_steps():
    """trafilatura.main_extractor (its names checked by :func:`_steps`)."""
    import importlib

    return importlib.import_module("trafilatura.main_extractor")


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
            or not all(hasattr(_main_steps(), name) for name in _MAIN_NAMES) or not hasattr(baseline, "_BLOCK_ELEMS"):
        return None
    if core.Extractor(output_format="python").max_tree_size:  # a check of bare_extraction's the steps skip
        return None
    return core


def _sequence(steps, tree, options, misses: Optional[Callable[[str, Any], bool]] = None,
              full=None, rescued: Optional[list] = None, until_rescued: bool = False) -> Tuple[Any, str, Any]:
    """trafilatura 2.3's ``trafilatura_sequence`` with comments off and balanced focus, as
    ``bare_extraction`` drives it, less the costs that buy nothing here:

    - ``bare_extraction`` copies the whole tree it is given: this tree is ours to spend;
    - the recall retry's test measures the page's text (``html2txt``: a copy of the tree,
      an XPath sweep) on every short result; an upper bound of that measure rules the
      retry out first on three results of four (328 of 428 on the dev set);
    - ``extract_content`` copies the whole tree for its recovery of wild text, which runs
      on one page in eight: the copy is made then (:func:`_main_extraction`);
    - the full search repeats what the fast cascade found on the same trees: its main
      extraction and its recall retry's (unless their recovery ran), the baseline and the
      page measure (:class:`_PageMeasures`).

    With ``misses`` (a test of a fast result and the cleaned tree) and ``full`` (the
    settings of the full search), a fast result that ``misses`` finds short of the page is
    searched again in full. Returns the body, its text and the settings that made it; a
    ``rescued`` list gets an entry each time the main extractor's text falls short of its
    minimum (the baseline rescue is tried); with ``until_rescued``, :class:`_Rescued` is
    raised then instead.
    """
    is_forum = steps._forum_thread_page(tree)
    tree = steps.prune_unwanted_nodes(tree, steps.RAW_TREE_PRUNE_XPATH)
    if not is_forum:
        tree = steps.prune_unwanted_nodes(tree, steps.REMOVE_COMMENTS_AND_LISTS_XPATH)
    cleaned, backup = steps._prepare_tree(tree, options, None)
    page = _PageMeasures(steps, tree, until_rescued)
    body, text, found = _cascade(steps, cleaned, backup, page, options, rescued)
    if misses is not None and misses(text, backup):
        # the full search on the same cleaned tree (the fast cascade left it and the page
        # as they were): the main extractor, compared with the fallback extractors, as
        # trafilatura's own fast=False runs it. The main extractor's answer is the fast
        # cascade's, unless its recovery of wild text ran: the one step that reads `fast`
        # (it keeps teaser blocks in fast mode only)
        from copy import copy

        options = full
        cleaned = steps.convert_tags(copy(backup), options, None) if found[2] else None
        body, text, _ = _cascade(steps, cleaned, backup, page, options, rescued, None if found[2] else found)
    return body, text, options


def _main_extraction(steps, cleaned, backup, options) -> Tuple[Any, str, bool]:
    """trafilatura 2.3's ``extract_content(cleaned, options)``, and whether its recovery of
    wild text ran. It copies the whole tree up front for that recovery, which runs on one
    page in eight: the copy is made here only then, from ``backup`` (``cleaned`` before its
    tags were converted, as :func:`_sequence` has it), converted again."""
    main = _main_steps()
    order = list(cleaned.iter())  # source order before the main pass moves elements
    body, text, potential_tags = main._extract(cleaned, options)
    recovered = len(body) == 0 or len(text) < options.min_extracted_size
    if recovered:
        from copy import copy

        twin = steps.convert_tags(copy(backup), options, None)  # cleaned as it was
        # copies of what the main pass consumed are not recovered again
        consumed = {copied for el, copied in zip(order, twin.iter(), strict=True) if el.tag == "done"}
        body = main.recover_wild_text(twin, body, options, potential_tags, consumed)
        text = " ".join(body.itertext()).strip()
    _tidy(main, body)
    return body, text, recovered


def _tidy(main, body) -> None:
    """extract_content's last steps: a long block repeating the one before it goes, the
    consumed elements and the divs go, a line break's tail of nothing but spaces goes."""
    previous = None
    for el in list(body):
        current = main._elem_text(el)
        if current and current == previous and len(current) > main.MIN_DUPLICATE_LENGTH:
            main.delete_element(el, keep_tail=False)
        else:
            previous = current
    main.strip_elements(body, "done")
    main.strip_tags(body, "div")
    for linebreak in body.iter("lb"):
        if (linebreak.tail and not main.text_chars_test(linebreak.tail)
                and not any(anc.tag in main.SPACING_PROTECTED for anc in linebreak.iterancestors())):
            linebreak.tail = None


class _PageMeasures:
    """What trafilatura's baseline and its page measure (``html2txt``) make of the page's
    tree, each computed once, and the recall retry's main extraction (see
    :func:`_recall_retry`). Both copy the tree and leave it as it was, and neither
    cascade changes it (the extractors work on copies): the full search's cascade asks
    them again of the same tree, and gets the fast cascade's answers (16 of the 49
    ``html2txt`` and 6 of the 38 baselines on the wcxb-dev articles were such repeats,
    each a copy of the page and a sweep over it)."""

    def __init__(self, steps, tree, until_rescued: bool = False) -> None:
        self.steps, self.tree = steps, tree
        self.until_rescued = until_rescued  # the caller wants no text once the baseline rescue is tried
        self._baseline: Optional[Tuple[Any, str, int]] = None
        self._text: Optional[str] = None
        self.recall: Optional[Tuple[Any, str, bool]] = None  # the recall retry's main extraction

    def baseline(self) -> Tuple[Any, str, int]:
        """``baseline(tree)``: its body (a copy, when asked again: the first may be in use), text, length."""
        from copy import copy

        if self._baseline is None:
            self._baseline = self.steps.baseline(self.tree)
            return self._baseline
        body, text, length = self._baseline
        return copy(body), text, length

    def text(self) -> str:
        """``html2txt(tree)``."""
        if self._text is None:
            self._text = self.steps.html2txt(self.tree)
        return self._text


def _cascade(steps, cleaned, backup, page: _PageMeasures, options, rescued: Optional[list] = None,
             found: Optional[Tuple[Any, str, bool]] = None) -> Tuple[Any, str, Tuple[Any, str, bool]]:
    """The main extractor (and, when not fast, the comparison with the fallbacks), the
    baseline rescue, the recall retry: the stages of ``trafilatura_sequence`` after the
    tree's preparation, on ``page.tree``. ``found`` is the main extractor's answer when it
    is known (then ``cleaned`` is not read); it is returned with the result."""
    from copy import copy

    tree = page.tree
    if found is None:
        found = _main_extraction(steps, cleaned, backup, options)
    body, text, _ = found
    if not options.fast:
        body, text = steps.compare_extraction(backup, copy(tree), body, text, options)
    if len(text) < options.min_extracted_size:  # rescue: the baseline on the whole tree
        if rescued is not None:
            rescued.append(len(text))
        if page.until_rescued:
            raise _Rescued()
        b_body, b_text, b_len = page.baseline()
        if b_len > len(text):
            body, text = b_body, b_text
    share = steps.ESCALATION_PAGE_SHARE
    if (0 < len(text) < steps.ESCALATION_MAX_LENGTH and len(text) < share * _page_text_bound(tree)
            and len(text) < share * len(page.text())):
        body, text = _escalation(steps, page, options, body, text)
    return body, text, found


def _escalation(steps, page: _PageMeasures, options, body, text: str) -> Tuple[Any, str]:
    """A short result covering little of the page: retry in recall mode (and with jusText
    when not fast), keep a clearly longer result."""
    from copy import copy

    recall = copy(options)
    recall.focus = "recall"
    r_text = j_text = ""
    tree = page.tree
    try:
        r_body, r_text = _recall_retry(steps, page, recall)
    except Exception:  # as trafilatura: a failed retry keeps the first result
        pass
    if not options.fast:
        try:
            j_body, j_text = steps.justext_rescue(copy(tree), options)
        except Exception:
            pass
    if len(j_text) > len(r_text) and len(j_text) > steps.ESCALATION_JUSTEXT_RATIO * len(text):
        return j_body, j_text
    if len(r_text) >= options.min_extracted_size and len(r_text) > steps.ESCALATION_ACCEPT_RATIO * len(text):
        return r_body, r_text
    return body, text


def _recall_retry(steps, page: _PageMeasures, recall) -> Tuple[Any, str]:
    """trafilatura 2.3's ``_recall_retry(tree, recall, None)``: the main extraction in recall
    mode on the page prepared again (and, when not fast, the comparison with the fallbacks).
    Its main extraction is the same in both cascades unless its recovery ran (see
    :func:`_sequence`): the full search's is the fast cascade's, kept in ``page.recall``."""
    from copy import copy

    found = page.recall
    if found is not None and not found[2]:
        backup = steps.tree_cleaning(copy(page.tree), recall)  # what _prepare_tree keeps as the backup
    else:
        cleaned, backup = steps._prepare_tree(page.tree, recall, None)
        found = page.recall = _main_extraction(steps, cleaned, backup, recall)
    body, text, _ = found
    if not recall.fast:
        body, text = steps.compare_extraction(backup, copy(page.tree), body, text, recall)
    return body, text


def _page_text_bound(tree) -> int:
    """At least ``len(html2txt(tree))``: its cleaning only deletes text, and its spacing adds
    at most one character at either side of each block element to the folded text."""
    from trafilatura.baseline import _BLOCK_ELEMS

    body = page_body(tree)
    blocks = sum(1 for _ in body.iter(*_BLOCK_ELEMS))
    return text_size(body) + 2 * blocks + 1


@functools.lru_cache(maxsize=None)
def _extractor(options: ExtractOptions, fast: bool):
    """The settings bare_extraction builds for our options, built once."""
    from trafilatura.settings import Extractor

    return Extractor(output_format="python", fast=fast, comments=options.include_comments,
                     tables=options.include_tables, precision=options.favor_precision)
