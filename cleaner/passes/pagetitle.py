"""The page's <title> in whole-page text, for `page-chrome`.

All-visible-text extractors write the page's <title> as the text's first line;
the article's headline stands again above the story. Finding it tells where
the article starts and that the text is a page at all.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

from ..document import Line
from ..letters import WORD
from .shape import ends_like_sentence

TITLE_REACH = 80              # how far above the core the title is looked for
TITLE_WORD_SHARE = 0.75       # ... or this share of the shorter's words, near the core


def title_line(lines: Sequence[Line], start: int, nearest: bool = False, loose: bool = False) -> Optional[int]:
    """The headline above the core: the page's first line (its <title>) seen again (its
    first sighting within reach, or with ``nearest`` the one closest to the core; with
    ``loose`` also a line of three words or more sharing most of its words with it)."""
    if start == 0:
        return None
    title = lines[0].folded
    if len(lines[0].words) < 3:
        return None
    found = None
    title_words = set(lines[0].words)
    for i in range(start - 1, max(0, start - TITLE_REACH), -1):
        key, words = lines[i].folded, lines[i].words
        if len(words) < 3:
            continue
        if key in title or title in key:
            found = i
            if nearest:
                break
        elif loose and (len(title_words.intersection(words))
                        >= TITLE_WORD_SHARE * min(len(set(words)), len(title_words))):
            return i  # the headline in other words than the <title> ("VW-Chef warnt" for "VW-Chef Diess warnt")
    return found


def is_headline(title: str, key: str) -> bool:
    """The line is the page's headline: its <title> (folded), or the <title>'s opening
    words of three or more, the site's name after them left off."""
    return key == title or (len(key.split()) >= 3 and title.startswith(key + " "))


_TITLE_SEPARATOR = re.compile(r" [|–—\-:»«·•/] | :: |_")


def names_the_story(title: str, key: str) -> bool:
    """The line (folded) holds the <title>'s longest part: the story's headline, not the
    site's name that the <title> sets off beside it ("Story | Site Name")."""
    parts = (" ".join(WORD.findall(part.casefold())) for part in _TITLE_SEPARATOR.split(title))
    longest = max(parts, key=lambda part: len(part.split()))
    return bool(longest) and f" {longest} " in f" {key} "


def is_page_title(text: str) -> bool:
    """The line reads like a page's <title>, the site's name set off ("Story | Site")."""
    return len(text.split()) <= 25 and not ends_like_sentence(text) and bool(_TITLE_SEPARATOR.search(text))
