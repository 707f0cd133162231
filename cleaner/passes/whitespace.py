"""Pass `whitespace`: odd spaces, invisible and control characters, NFC.

Quotes, dashes and the author's wording are left exactly as they are.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Dict, List, Tuple

from ..article import Change

RULE = "whitespace"

# (pattern, replacement, what it is) -- applied in this order.
_FIXES: Tuple[Tuple[re.Pattern, str, str], ...] = (
    (re.compile(r"\r\n?"), "\n", "CR line ending"),
    (re.compile("[\u2028\u2029\x85]"), "\n", "Unicode line separator"),
    (re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v\f]"), " ", "odd space"),
    # Invisible characters with no meaning in running text. ZWJ/ZWNJ stay:
    # they shape Persian, Indic scripts and emoji.
    (re.compile("[\u200b\u2060\ufeff\u00ad]"), "", "invisible character"),
    (re.compile("[\x00-\x08\x0e-\x1f\x7f]"), "", "control character"),
    (re.compile(r" {2,}"), " ", "run of spaces"),
    (re.compile(r" +$|^ +", re.MULTILINE), "", "space at line edge"),
    (re.compile(r"\n{3,}"), "\n\n", "run of blank lines"),
)
# Any character the first five fixes act on: most texts have none, and one
# search tells; the last three are told by a substring test.
_ODD_CHARACTER = re.compile("[\r" + "".join(p.pattern[1:-1] for p, _, _ in _FIXES[1:5]) + "]")


def _needed(index: int, text: str) -> bool:
    if index < 5:
        return True
    if index == 5:
        return "  " in text
    if index == 6:
        return " \n" in text or "\n " in text or text[:1] == " " or text[-1:] == " "
    return "\n\n\n" in text


def normalize_whitespace(text: str) -> Tuple[str, List[Change]]:
    """Return the normalized text and one Change per kind of fix made.

    >>> normalize_whitespace("Kyiv\\u00a0is  here. \\n\\n\\n\\nNext")[0]
    'Kyiv is here.\\n\\nNext'
    """
    counts: Dict[str, int] = {}
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        counts["not NFC"] = 1
    first = 0 if _ODD_CHARACTER.search(text) else 5
    for index in range(first, len(_FIXES)):
        if not _needed(index, text):
            continue
        pattern, replacement, what = _FIXES[index]
        text, n = pattern.subn(replacement, text)
        if n:
            counts[what] = counts.get(what, 0) + n
    text = text.strip("\n")
    return text, [Change(RULE, what, "normalized", n) for what, n in counts.items()]


def prepare(rules, config=None, site_rules=None) -> None:
    return None


def run(text: str, prepared: None = None) -> Tuple[str, List[Change]]:
    """The registry's entry: whitespace works on the raw text, before it is split into lines."""
    return normalize_whitespace(text)
