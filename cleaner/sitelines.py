"""What a site is and what its pages' lines are, read cheaply for site learning.

A document's site is its URL's host (else its input folder); a page's lines are
its text's lines, or the texts of its HTML blocks found by a tokenizer (no parse);
a line's key (:func:`fold`) is its words, case-folded.
"""
from __future__ import annotations

import html as htmllib
import re
from functools import lru_cache
from typing import Dict, List, Optional
from urllib.parse import urlsplit

from .letters import fold_words


def host_of(url: Optional[str]) -> str:
    """The host of a URL, lower case, without "www." and port; "" when there is none.

    >>> host_of("https://WWW.Example.com:8080/a/b?c")
    'example.com'
    >>> host_of("not a url")
    ''
    """
    if not url or "//" not in url:
        return ""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def site_of(url: Optional[str] = None, folder: Optional[str] = None) -> str:
    """A document's site: its URL's host, else its input folder (as given), else "".

    >>> site_of("http://www.bbc.co.uk/news/1", "/crawl/x")
    'bbc.co.uk'
    >>> site_of(None, "crawl/blog")
    'crawl/blog'
    """
    return host_of(url) or (folder or "")


# --- folding and lines ---------------------------------------------------------

# A line's key: its words, case-folded. Digits stay: a date or a count that differs
# from page to page is the page's own, not the site's.
fold = fold_words


_CODE_OPEN = re.compile(r"<(script|style|noscript|template|svg|math|head|select)\b|<!--", re.IGNORECASE)
# The block tags, grouped by their first letter (one test of a tag's first letter, not one
# per tag name; the same tags as p|div|br|li|ul|ol|dl|dt|dd|h[1-6]|tr|td|th|table|...)
_BLOCK_TAGS = ("a(?:ddress|rticle|side)|b(?:lockquote|utton|ody|r)|c(?:aption|enter)|d(?:etails|iv|d|l|t)|"
               "f(?:igcaption|ieldset|igure|ooter|orm)|h(?:[1-6]|eader|tml|r)|iframe|l(?:egend|abel|i)|"
               "m(?:ain|enu)|nav|o(?:ption|l)|pre|p|s(?:ection|ummary)|t(?:able|body|head|itle|d|h|r)|ul")
# [^<>] (not [^>]): a run of unclosed "<p<p<p" is read in linear time, not quadratic
_BLOCK = re.compile(rf"<\s*/?\s*(?:{_BLOCK_TAGS})\b[^<>]*>?", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>?")
_INLINE_TAG = re.compile(r"<[^<>\0]*>?")  # _TAG that stops at a NUL: a block's end (html_lines)


@lru_cache(maxsize=None)
def _closer(target: str) -> "re.Pattern[str]":
    """A closing tag ("</script") in any ASCII case: searched for, not the page lower-cased
    (which costs as much as the rest of phase 1 on a page that is not ASCII)."""
    return re.compile(re.escape(target), re.IGNORECASE | re.ASCII)


def _without_code(html: str) -> str:
    """The page without scripts, styles, comments and the like (each jumped over once).
    An element left open is skipped alone, its opening tag: the text after it stays.
    Every search remembers where it found its target (or that there is none), so a
    page of thousands of unclosed ``<script>`` tags is read in linear time."""
    found_at: Dict[str, int] = {}

    def next_at(target: str, start: int) -> int:
        at = found_at.get(target)
        if at is None or (0 <= at < start):
            if target.startswith("</"):
                found = _closer(target).search(html, start)
                at = found.start() if found else -1
            else:
                at = html.find(target, start)
            found_at[target] = at
        return at

    parts, pos = [], 0
    while True:
        found = _CODE_OPEN.search(html, pos)
        if not found:
            parts.append(html[pos:])
            return " ".join(parts)
        parts.append(html[pos:found.start()])
        closer = "</" + found.group(1).lower() if found.group(1) else "-->"
        close = next_at(closer, found.end())
        if close >= 0:
            end = next_at(">", close + 2) if found.group(1) else close + 2
            pos = end + 1 if end >= 0 else len(html)
        else:  # left open: only its opening tag goes
            end = next_at(">", found.end()) if found.group(1) else -1
            pos = end + 1 if end >= 0 else found.end()


def html_lines(html: str) -> List[str]:
    """The texts of a page's blocks, as a text extractor gives them one a line (cheaply, no parse).

    Every block tag becomes a NUL, every other tag a space, the entities are read, and
    the text is cut at the NULs: in one pass over the page each, not one per block (a
    page that holds a NUL itself is read block by block, the same way).

    >>> html_lines("<div>Menu</div><p>A <b>bold</b> story.<br>Second</p><script>x()</script>")
    ['Menu', 'A bold story.', 'Second']
    """
    body = _without_code(html)
    if "\0" in body:
        chunks = [htmllib.unescape(_TAG.sub(" ", chunk)) for chunk in _BLOCK.split(body)]
    else:
        chunks = htmllib.unescape(_INLINE_TAG.sub(" ", _BLOCK.sub("\0", body))).split("\0")
    return [text for text in (" ".join(chunk.split()) for chunk in chunks) if text]


def text_lines(text: str) -> List[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]
