"""The headline trafilatura kept, out of the text: the title travels in the metadata."""
from __future__ import annotations

from typing import List, Tuple

from ..article import Removal
from ..meta import fold


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
