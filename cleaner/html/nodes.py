"""What the HTML stages read of a tree: an element's text and size, its class/id tokens,
its links, its neighbours; and the removal of one element that keeps the text after it."""
from __future__ import annotations

import re
from typing import FrozenSet


HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
NAME_SEPARATORS = re.compile(r"[-_\s]+")
# Inline elements: inside a paragraph they are words of its sentences.
INLINE = frozenset({"a", "span", "em", "strong", "b", "i", "u", "small", "mark", "abbr", "cite", "q", "sup",
                     "sub", "font", "time", "label", "button", "code", "kbd", "var", "dfn", "s", "del", "ins"})


def flat_text(el) -> str:
    return " ".join(" ".join(el.itertext()).split())


def name_tokens(names: str) -> FrozenSet[str]:
    """Class names and ids, whole and split at - and _."""
    names = names.lower().split()
    tokens = set(names)
    for name in names:
        tokens.update(t for t in NAME_SEPARATORS.split(name) if t)
    return frozenset(tokens)


def page_body(root):
    """The page's <body>, or the whole tree when it has none."""
    body = root.find(".//body")
    return body if body is not None else root


def text_size(el) -> int:
    """The length of ``el``'s text with whitespace folded, from one C-level
    text_content() (text nodes joined without spaces: a little shorter than flat_text)."""
    words = el.text_content().split()
    return sum(map(len, words)) + len(words) - 1 if words else 0


def link_density(el, text_len: int) -> float:
    if not text_len:
        return 1.0
    return link_chars(el) / text_len


def link_chars(el) -> int:
    """The length of the text of ``el``'s links."""
    return sum(text_size(a) for a in el.iter("a"))


def running_text(block, inline: FrozenSet[str] = INLINE) -> str:
    """A block's own run of text: its text, its ``inline`` children's whole text and the
    text after each child (a nested block's own text is not in it)."""
    parts = [block.text or ""]
    for child in block:
        if child.tag in inline:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join(parts)


def first_child(el):
    return next((c for c in el if isinstance(c.tag, str)), None)


def next_element(el):
    return next((s for s in el.itersiblings() if isinstance(s.tag, str)), None)


def attached(node, root) -> bool:
    for anc in node.iterancestors():
        if anc is root:
            return True
    return False


def drop_keeping_tail(el) -> None:
    """Remove ``el`` but keep its tail text, which belongs to the parent."""
    parent = el.getparent()
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def precedes(el, other) -> bool:
    """Whether ``el`` ends before ``other`` begins in document order (neither holding the other)."""
    line = {other, *other.iterancestors()}  # (the proxies stay alive in the set: identity holds)
    for node in (el, *el.iterancestors()):
        if node in line:
            return False  # el holds other, or other came first under their common ancestor
        if any(sib in line for sib in node.itersiblings()):
            return True
    return False
