"""The shallow text features of every line, for the `line-score` pass.

Per line, what its text looks like (lengths, stopword shares, sentence
punctuation, case shape, digits, list and label shape, links), where it
stands (position by lines and by words, prose above and below, its
paragraph), what the rest of the document says about it (repeated lines,
phrase rules firing on it or on its neighbours, debris removed next to it),
and the same for its neighbours: boilerpipe's "shallow text features"
(Kohlschütter et al., WSDM 2010), computed for a whole document at once.

Only lines that are not prose are scored (a line with a sentence's worth of
words, function words and sentence punctuation, as page-chrome counts prose,
is never the pass's to remove), so the finer shape of a line -- case, digits,
labels, links -- is read for those lines alone; what every line needs for
its neighbours' sake is a few C-level string operations. The rest is numpy
over the document's columns. The training script and the pass call the same
:func:`candidate_features`, so the model reads the columns in the order of
:data:`FEATURES`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import Dict, FrozenSet, Iterable, List, Mapping, Sequence, Tuple

import numpy as np

from ..document import Line
from ..rules import PhraseRule, RuleSet

# Phrase rules whose hits are features: strong ones name debris on their own,
# weak ones (button and form-field labels) only in a run.
STRONG_PHRASES = ("promo", "comment-form", "related-links.trigger")
WEAK_PHRASES = ("promo.label", "comment-form.field", "comment-form.reply")
PHRASE_MAX_WORDS = 12          # phrase rules match short lines only
STOP_SAMPLE_WORDS = 40         # a line's stopword share is read on its first words
LANGUAGE_SAMPLE_WORDS = 200    # words that choose the document's stoplist
PROSE_WORDS = 10               # prose, as page-chrome counts it: this many words,
PROSE_STOP_SHARE = 0.18        # ... this share of stopwords, sentence punctuation
WINDOWS = (2, 5)               # neighbourhoods (lines either side) averaged

_CLOSERS = "\"'”’»«)]›"
_SENTENCE_ENDS = frozenset((".", "!", "?", "…", ":", ";"))
_FIRST = slice(None, 1)   # a str's first character ("" when empty)
# The shape patterns, matched on each scored line. Each begins with the class of characters a
# match can start with, which re's search skips to without trying the pattern at every position
# (a lookahead or a case-folded class there would lose that, at up to 7x the time); what the
# class has consumed is then told apart by lookbehinds. tests/test_linefeatures.py holds their
# plain forms and checks that they match alike.
_CAPITAL = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁ](?<!\w.)")   # a capital no word character stands before
_LOWER_START = re.compile(r"[a-zß-öø-ÿа-яё]")
_DIGIT = re.compile(r"\d")
_LIST_START = re.compile(r"(?:[-•·*–—►▸▶→>›»✓✔]|\d{1,3}[.)])\s")
_LABEL = re.compile(r"[^\W\d_][\w .'’&-]{0,30}:(?:[^\S\n]|$)")   # "Tags: ...", "Photo:", "Share:"
_SEPARATOR = re.compile(r"[|•·/»›>\s](?:(?<=[|•·/»›>])|(?<=[^\S\n])[-–—][^\S\n])")
_LINK = re.compile(r"[hHwW@#.](?:(?<=[hH])(?i:ttps?://)|(?<=[wW])(?i:ww\.)|(?<=[@#])\w"
                   r"|(?<=\.)(?i:com|org|net|de)\b)")
_DATE_OR_TIME = re.compile(r"\d(?:\d?[./:]\d{2}|\d{3}-\d{2}|(?<!\w.)(?:(?<=1)9|(?<=2)0)\d{2}\b)")
_COPYRIGHT = re.compile(r"[©(aA](?:(?<=©)|(?<=\()(?i:c\)[^\S\n]*\d{4})|(?<=[aA])(?<!\w.)(?i:ll rights reserved)\b)")

# Every line: (words, chars, stops, lang_stops, sampled, sentence_end, sentence_marks, commas,
#              list_item, strong_phrase, weak_phrase)
_WORDS, _CHARS, _STOPS, _LANG, _SAMPLED, _END, _MARKS, _COMMAS, _LIST, _STRONG, _WEAK = range(11)
# Lines that are scored: the finer shape.
_SHAPE = ("capital_share", "all_upper", "digit_share", "label", "separators", "link", "bracket",
          "date_time", "ellipsis", "lower_start", "copyright")

_BASE = ("log_words", "log_chars", "stop_share", "lang_stop_share", "sentence_end", "sentence_marks_per_word",
         "commas_per_word", "mean_word_length", "list_item", "strong_phrase", "weak_phrase", "prose",
         "one_word", "headline_shape")
_CONTEXT = ("position", "log_lines_above", "log_lines_below", "words_above_share", "prose_above_share",
            "prose_below_share", "log_distance_to_prose", "repeated", "alone_in_paragraph", "paragraph_lines",
            "removed_above", "removed_below", "words_vs_longest", "doc_log_lines", "doc_prose_share")
_NEIGHBOURS = ("log_words", "stop_share", "sentence_end", "prose", "list_item", "strong_phrase",
               "weak_phrase", "headline_shape")
_WINDOWED = ("prose", "log_words", "stop_share", "strong_phrase", "weak_phrase", "headline_shape", "list_item")

#: The features, in column order.
FEATURES: Tuple[str, ...] = (
    _BASE + _SHAPE + _CONTEXT
    + tuple(f"{side}_{name}" for side in ("prev", "next") for name in _NEIGHBOURS)
    + tuple(f"win{w}_{name}" for w in WINDOWS for name in _WINDOWED)
)
_B = {name: k for k, name in enumerate(_BASE)}
_NEIGHBOUR_COLS = [_B[n] for n in _NEIGHBOURS]
_WINDOW_COLS = [_B[n] for n in _WINDOWED]


@dataclass(frozen=True)
class FeatureRules:
    """What the features read from the rule data: stoplists and phrase rules."""

    stopwords: FrozenSet[str]                  # every language's, united
    languages: Mapping[str, int]               # word -> bit mask of the languages listing it
    by_language: Tuple[FrozenSet[str], ...]    # stoplists, in bit order
    strong: FrozenSet[str]                     # the phrases (keys) of the strong rules, united
    weak: FrozenSet[str]


def feature_rules(rules: RuleSet) -> FeatureRules:
    names = sorted(rules.stopwords)
    masks: Dict[str, int] = {}
    for bit, lang in enumerate(names):
        for word in rules.stopwords[lang]:
            masks[word] = masks.get(word, 0) | (1 << bit)
    return FeatureRules(frozenset(masks), masks, tuple(rules.stopwords[n] for n in names),
                        _phrases(rules.boilerplate[n] for n in STRONG_PHRASES),
                        _phrases(rules.boilerplate[n] for n in WEAK_PHRASES))


def _phrases(rules: Iterable[PhraseRule]) -> FrozenSet[str]:
    """The whole-line phrases of these rules (their patterns are left to the passes: too slow to ask twice)."""
    return frozenset(key for rule in rules for key in rule.phrases)


def document_stoplist(words: Sequence[List[str]], rules: FeatureRules) -> FrozenSet[str]:
    """The stoplist of the language whose function words the text's first words hold most."""
    sample: List[str] = []
    for w in words:
        sample.extend(w)
        if len(sample) >= LANGUAGE_SAMPLE_WORDS:
            break
    hits = [0] * len(rules.by_language)
    for mask, count in Counter(filter(None, map(rules.languages.get, sample))).items():
        for bit in range(len(hits)):
            if mask >> bit & 1:
                hits[bit] += count
    best = max(range(len(hits)), key=lambda b: (hits[b], -b), default=None)
    return rules.by_language[best] if best is not None and hits[best] else frozenset()


def _every_line(lines: Sequence[Line], rules: FeatureRules) -> np.ndarray:
    """The values every line needs (see the column names above), one row per line."""
    words = [line.key.split() for line in lines]
    stoplist = document_stoplist(words, rules)
    in_union, in_doc = rules.stopwords.__contains__, stoplist.__contains__  # the document's are in the union
    strong, weak, list_start, closers, ends = rules.strong, rules.weak, _LIST_START.match, _CLOSERS, _SENTENCE_ENDS
    rows = []
    append = rows.append
    for line, ws in zip(lines, words):
        text, n, key = line.text, len(ws), line.key
        sample = ws[:STOP_SAMPLE_WORDS]
        stops = list(filter(in_union, sample))
        short = n <= PHRASE_MAX_WORDS
        count = text.count
        append((n, len(text), len(stops), sum(map(in_doc, stops)), len(sample),
                text.rstrip().rstrip(closers)[-1:] in ends,  # ends like a sentence
                count(". ") + count("? ") + count("! ") + (text[-1:] in ".?!…"),
                count(","), list_start(text) is not None, short and key in strong, short and key in weak))
    return np.array(rows, dtype=np.float64).reshape(len(lines), 11)


def _columns(columns: Sequence[np.ndarray]) -> np.ndarray:
    """Equal-length columns side by side, as float64 (one copy: np.column_stack costs ~3x as much)."""
    return np.array(columns, dtype=np.float64).T


def _shapes(texts: Sequence[str], words: np.ndarray) -> np.ndarray:
    """The finer shape (:data:`_SHAPE`) of the scored lines, each pattern mapped over them."""
    n = len(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.float64, count=n)

    def flags(values) -> np.ndarray:
        return np.fromiter(values, dtype=np.float64, count=n)

    def count(pattern: "re.Pattern[str]") -> np.ndarray:
        return flags(map(len, map(pattern.findall, texts)))

    def found(find) -> np.ndarray:
        return flags(map(bool, map(find, texts)))

    return _columns((
        np.minimum(count(_CAPITAL) / np.maximum(words, 1.0), 1.0), flags(map(str.isupper, texts)),
        count(_DIGIT) / np.maximum(lengths, 1.0), found(_LABEL.match), np.minimum(count(_SEPARATOR), 5),
        found(_LINK.search), flags(map("[(".__contains__, map(itemgetter(_FIRST), texts))),
        found(_DATE_OR_TIME.search), flags(map(str.endswith, map(str.rstrip, texts), repeat(("...", "…")))),
        found(_LOWER_START.match), found(_COPYRIGHT.search),
    ))


def _base(raw: np.ndarray) -> np.ndarray:
    """The features of each line alone that every line has (:data:`_BASE`)."""
    words, chars = raw[:, _WORDS], raw[:, _CHARS]
    per_word = np.maximum(words, 1.0)
    sampled = np.maximum(raw[:, _SAMPLED], 1.0)
    stop_share = raw[:, _STOPS] / sampled
    prose = (words >= PROSE_WORDS) & (stop_share >= PROSE_STOP_SHARE) & (raw[:, _MARKS] > 0)
    end = raw[:, _END]
    return _columns((
        np.log1p(words), np.log1p(chars), stop_share, raw[:, _LANG] / sampled, end, raw[:, _MARKS] / per_word,
        raw[:, _COMMAS] / per_word, chars / per_word, raw[:, _LIST], raw[:, _STRONG], raw[:, _WEAK], prose,
        words <= 1, (words >= 2) & (words <= 20) & (end == 0),
    ))


def _distance_to(flags: np.ndarray) -> np.ndarray:
    """Lines from each line to the nearest flagged other line (the document's length when none)."""
    n = len(flags)
    where = np.flatnonzero(flags)
    if not len(where):
        return np.full(n, float(n))
    idx = np.arange(n)
    right = np.searchsorted(where, idx, side="right")
    left = np.searchsorted(where, idx, side="left") - 1
    after = np.where(right < len(where), where[np.minimum(right, len(where) - 1)] - idx, n)
    before = np.where(left >= 0, idx - where[np.maximum(left, 0)], n)
    return np.minimum(after, before).astype(np.float64)


def _context(lines: Sequence[Line], words: np.ndarray, prose: np.ndarray) -> np.ndarray:
    """Where each line stands in the document, and what the document says of it (:data:`_CONTEXT`)."""
    n = len(lines)
    idx = np.arange(n, dtype=np.float64)
    prose_words = words * prose
    total_prose = max(prose_words.sum(), 1.0)
    above = np.cumsum(prose_words) - prose_words
    keys = list(map(attrgetter("key"), lines))
    repeats = np.fromiter(map(Counter(keys).__getitem__, keys), dtype=np.float64, count=n)
    seq = np.fromiter(map(attrgetter("seq"), lines), dtype=np.float64, count=n)
    block = np.fromiter(map(attrgetter("block"), lines), dtype=np.int64, count=n)
    gap = np.concatenate(([seq[0] > 0], np.diff(seq) > 1, [False]))  # gap[i]: lines removed just above line i
    same = np.concatenate(([False], block[1:] == block[:-1], [False]))
    starts = np.flatnonzero(~same[:-1])
    sizes = np.diff(np.append(starts, n))
    return _columns((
        idx / max(n - 1, 1), np.log1p(idx), np.log1p(n - 1 - idx),
        (np.cumsum(words) - words) / max(words.sum(), 1.0), above / total_prose,
        (total_prose - above - prose_words) / total_prose, np.log1p(_distance_to(prose > 0)),
        repeats > 1,
        ~same[:-1] & ~same[1:], np.log1p(np.repeat(sizes, sizes)), gap[:-1], gap[1:],
        words / max(words.max(), 1.0), np.full(n, np.log1p(n)), np.full(n, prose.mean()),
    ))


def _window_means(columns: np.ndarray, rows: np.ndarray) -> List[np.ndarray]:
    """For each of :data:`WINDOWS`, each column's mean over the lines within that reach either
    side of each of ``rows``, the line itself left out."""
    n = len(columns)
    sums = np.vstack((np.zeros((1, columns.shape[1])), np.cumsum(columns, axis=0)))
    own = columns[rows]
    means = []
    for reach in WINDOWS:
        lo, hi = np.maximum(rows - reach, 0), np.minimum(rows + reach + 1, n)
        means.append((sums[hi] - sums[lo] - own) / np.maximum(hi - lo - 1, 1)[:, None])
    return means


def candidate_features(lines: Sequence[Line], rules: FeatureRules) -> Tuple[np.ndarray, np.ndarray]:
    """The feature rows (:data:`FEATURES`) of the lines that may be scored -- those with words
    that are not prose -- and their indexes in ``lines``."""
    n = len(lines)
    if not n:
        return np.zeros((0, len(FEATURES))), np.zeros(0, dtype=np.intp)
    raw = _every_line(lines, rules)
    base = _base(raw)
    rows = np.flatnonzero((raw[:, _WORDS] > 0) & (base[:, _B["prose"]] == 0))
    if not len(rows):
        return np.zeros((0, len(FEATURES))), rows
    shape = _shapes([lines[i].text for i in rows], raw[rows, _WORDS])
    context = _context(lines, raw[:, _WORDS], base[:, _B["prose"]])
    zero = np.zeros((1, len(_NEIGHBOUR_COLS)))
    near = np.vstack((zero, base[:, _NEIGHBOUR_COLS], zero))  # near[k + 1]: line k's; the edges' neighbours are zero
    windows = _window_means(base[:, _WINDOW_COLS], rows)
    X = np.hstack([base[rows], shape, context[rows], near[rows], near[rows + 2]] + windows)
    return X, rows
