"""What a line looks like: prose sentence, headline, short label."""
from __future__ import annotations

import re

_CLOSERS = "\"'”’»«)]›"
_SENTENCE_END = re.compile(r"[.!?…:;]$")
_LETTER = re.compile(r"[^\W\d_]")
# A sentence ends inside the line: a lower-case word of three letters or more
# ("beliebter."), then a capitalised word. Abbreviations ("Dr. Smith", "U.S.
# Army") do not match; a headline rarely holds two sentences.
_INNER_SENTENCE = re.compile(r"[^\W\d_A-ZÀ-ÖØ-Þ]{3}[.!?] +[\"'“„«]?[A-ZÀ-ÖØ-ÞА-Я]")


def last_char(text: str) -> str:
    """The last character that is not a closing quote or bracket."""
    stripped = text.rstrip().rstrip(_CLOSERS)
    return stripped[-1:] if stripped else ""


def ends_like_sentence(text: str) -> bool:
    """Ends with sentence punctuation (closing quotes and brackets aside).

    >>> ends_like_sentence('"It is simply impossible."')
    True
    >>> ends_like_sentence("Woody Allen goes out with a whimper")
    False
    """
    return bool(_SENTENCE_END.search(text.rstrip().rstrip(_CLOSERS)))


def word_count(text: str) -> int:
    return len(text.split())


def has_letters(text: str) -> bool:
    return bool(_LETTER.search(text))


def is_name_line(text: str, max_words: int) -> bool:
    """A line that may be a name or a job title: at most ``max_words`` words, letters, no
    sentence end. What stands above a comment's stamp or an author box's bio.

    >>> is_name_line("Jane Doe, Senior Reporter", 5)
    True
    >>> is_name_line("She left.", 5) or is_name_line("12", 5)
    False
    """
    text = text.strip()
    return word_count(text) <= max_words and has_letters(text) and not ends_like_sentence(text)


def is_headline_like(text: str, max_words: int = 25, max_chars: int = 220) -> bool:
    """A short line that reads like a headline or a link title, not prose.

    >>> is_headline_like("The fantasy of a Trump-slaying Republican")
    True
    >>> is_headline_like("He said the talks would resume on Monday in Geneva.")
    False
    >>> is_headline_like("Is this the end of cheap flights?")
    True
    >>> is_headline_like("Smart glasses are popular. But what do they bring?")
    False
    """
    text = text.strip()
    if not text or len(text) > max_chars or not has_letters(text):
        return False
    if word_count(text) > max_words:
        return False
    if _INNER_SENTENCE.search(text):
        return False
    end = last_char(text)
    if end in ".;:,":
        # A headline may end in an ellipsis or an abbreviation, a sentence does not
        # usually stop after so few words; still, a period means prose.
        return False
    return True
