"""The line-score features' shape patterns: the fast forms match what the plain forms match.

linefeatures writes each pattern to begin with a character class (so that re's search skips
to the places a match can start) and tells the alternatives apart by lookbehinds; the plain
forms below, a lookahead and one case-folding flag, are what they must equal match for match.
"""
from __future__ import annotations

import re

import pytest

from cleaner.passes import linefeatures as lf
from fixtures_lib import ARTICLES

PLAIN = {
    "_SEPARATOR": re.compile(r"[|•·/»›>]|(?=\s)[^\S\n][-–—][^\S\n]"),
    "_LINK": re.compile(r"(?=[hw@#.])(?:https?://|www\.|@\w|#\w|\.(?:com|org|net|de)\b)", re.IGNORECASE),
    "_DATE_OR_TIME": re.compile(r"(?=\d)(?:\d{1,2}[./:]\d{2}|\d{4}-\d{2}|\b(?:19|20)\d{2}\b)"),
    "_COPYRIGHT": re.compile(r"(?=[©(a])(?:©|\(c\)[^\S\n]*\d{4}|\ball rights reserved\b)", re.IGNORECASE),
    "_LABEL": re.compile(r"^[^\W\d_][\w .'’&-]{0,30}:(?:[^\S\n]|$)", re.MULTILINE),
    "_LOWER_START": re.compile(r"^[a-zß-öø-ÿа-яё]", re.MULTILINE),
}
# The characters a match of each plain form can start with, as it says them.
PLAIN_STARTS = {
    "_SEPARATOR": re.compile(r"[|•·/»›>]|(?=\s)[^\S\n]"),
    "_LINK": re.compile(r"[hw@#.]", re.IGNORECASE),
    "_DATE_OR_TIME": re.compile(r"\d"),
    "_COPYRIGHT": re.compile(r"[©(a]", re.IGNORECASE),
}
TRICKY = [
    "Tags: a | b", "(c) 2024 Example", "(C)\u00a02020", "(c)2020", "(c) 99", "© Agency", "www.example.com",
    "WWW.EXAMPLE.DE", "Https://x", "http:/x", "@name #tag @ # .", "x.com x.comb x.Org", "12.05 Uhr",
    "1.05", "123.45", "2024-05-01", "12024-05", "1999", "a1999", "_2000", "2000s", "19999", "20201",
    "All Rights Reserved", "all rights reservedx", "ball rights reserved", "x - y – z — w", "x -y", " - - ",
    "a\t-\tb", "a\u2003—\u2003b", "»›>|/•·", "Label:", "Label: more", "Label:x", "1abel: no", "lower start",
    "Über Ärger", "ßtraße", "ſ K k", "\u212aelvin http", "ALL RIGHTS RESERVED.", "Reserved",
]


def _texts():
    texts = list(TRICKY)
    for path in sorted(ARTICLES.glob("*.txt")):
        texts.extend(path.read_text(encoding="utf-8").split("\n"))
    return texts


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_a_fast_pattern_matches_what_its_plain_form_matches(name):
    fast, plain = getattr(lf, name), PLAIN[name]
    joined = "\n".join(_texts())
    if name in ("_LABEL", "_LOWER_START"):  # matched at each line's start
        spans = [m.span() for m in plain.finditer(joined)]
        starts = [0] + [m.end() for m in re.finditer("\n", joined)]
        assert spans == [(s + m.start(), s + m.end()) for s, t in zip(starts, joined.split("\n"))
                         for m in [fast.match(t)] if m]
    else:
        assert [m.span() for m in fast.finditer(joined)] == [m.span() for m in plain.finditer(joined)]


@pytest.mark.parametrize("name", sorted(PLAIN_STARTS))
def test_a_fast_pattern_starts_on_every_character_its_plain_form_starts_on(name):
    """Over every code point: the leading class names the same characters (case folding included)."""
    every = "".join(chr(c) for c in range(0x110000) if c != 0x0A)  # no pattern may match "\\n"
    lead = re.compile(re.match(r"\[[^\]]*\]|\\d", getattr(lf, name).pattern).group())
    assert [m.start() for m in lead.finditer(every)] == [m.start() for m in PLAIN_STARTS[name].finditer(every)]
