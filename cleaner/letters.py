"""What the passes and the metadata readers ask of a text's letters, defined once: the
capital a name opens with, and the key lines, headings and titles are compared by.

``CAPITAL`` is the body of a regex character class (``[{CAPITAL}]``) for a capital of the
Latin alphabets (with Latin-1's À-Þ), Cyrillic and Greek: what a name, a place or an agency
opens with ("Łukasz", "Čapek", "Київ", "Αθήνα"). Latin Extended-A (Ā-Ž) interleaves its
capitals and small letters, so the range holds both: it answers "may this open a name?",
not "is this a capital?".
"""
from __future__ import annotations

import re

CAPITAL = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁΑ-Ω"

WORD = re.compile(r"\w+")  # a word, as the passes count and fold them


def fold_words(text: str) -> str:
    """A text's words, case-folded, one space between them: punctuation, symbols and
    spacing left out, digits and underscores kept (a name's key splits those: see
    :func:`cleaner.meta.names.fold_name`).

    >>> fold_words("Posted on March 3, 2012 | 14 Comments")
    'posted on march 3 2012 14 comments'
    >>> fold_words("  ***  ")
    ''
    """
    return " ".join(WORD.findall(text.casefold()))
