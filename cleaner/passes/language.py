"""Pass `language`: langdetect on a bounded sample, deterministic, never raising.

``metadata["language"]`` is an ISO 639-1 code, or "und" when the text is too
short or has no letters; ``metadata["language_confidence"]`` is langdetect's
probability for it. The profiles are loaded once per process, on first use.
"""
from __future__ import annotations

import functools
import math
import random
import re
from typing import Dict, List, Optional, Sequence, Tuple

from ..document import Line, PassResult

RULE = "language"
SAMPLE_CHARS = 1000   # detecting on the first 1,000 characters changes no answer
MIN_LETTERS = 20
UNDETERMINED = "und"
_LETTER = re.compile(r"[^\W\d_]")
_SPACE_RUN = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")               # langdetect's 'A' <= ch <= 'z'
_NON_LATIN = re.compile("[\u0300-\U0010ffff]")
_TWOPI = 2.0 * math.pi


class Langdetect:
    """langdetect's algorithm on its own profiles, restructured for speed.

    The same text preparation, the same n-grams in the same order, the same
    random sequence (seed 0) and the same stopping rule as
    ``langdetect.detector.Detector``; the answers and probabilities agree with
    it to ~1e-15 (a test compares them on every fixture). Three things make it
    cheaper:

    * n-gram extraction is vectorized: characters become code points,
      normalized through a table, and each n-gram one integer looked up in
      the sorted n-grams of the profiles;
    * each trial reads its n-gram draws in bulk from the 32-bit words of the
      seed-0 Mersenne Twister (decoded once, as ``Random._randbelow`` and
      ``Random.gauss`` use them, rejections included) and applies the updates
      as one cumulative sum of logarithms in numpy; the convergence test at
      every fifth update becomes a vector test, and the read position moves on
      by exactly the words langdetect consumes;
    * the profiles are one float matrix (a row per n-gram) instead of 87,598
      Python lists.
    """

    def __init__(self) -> None:
        import numpy as np
        from langdetect.detector import Detector
        from langdetect.utils.ngram import NGram

        self.np = np
        self.languages, grams, self.matrix = _load_profiles(np)
        # The n-grams as sorted numbers, and the matrix row of each.
        keys = np.array([_gram_number(g) for g in grams], dtype=np.int64)
        self.key_rows = np.argsort(keys)
        self.keys = keys[self.key_rows]
        # NGram.normalize and str.isupper as tables over the BMP (normalize changes
        # nothing beyond it).
        self.normalized = np.array([ord(NGram.normalize(chr(c))) for c in range(0x10000)], dtype=np.uint32)
        self.upper = np.array([chr(c).isupper() for c in range(0x10000)], dtype=bool)
        self.stock = Detector
        self.normalize_vi = NGram.normalize_vi
        self.words_of_seed = np.zeros(0, dtype=np.uint32)

    def row(self, gram: str) -> int:
        """The matrix row of an n-gram of the profiles (-1 if it has none)."""
        number = _gram_number(gram)
        where = int(self.np.searchsorted(self.keys, number))
        return int(self.key_rows[where]) if where < self.keys.size and self.keys[where] == number else -1

    # -- text preparation, as Detector.append and Detector.cleaning_text ----
    def prepare(self, text: str) -> str:
        stock = self.stock
        text = stock.URL_RE.sub(" ", text)
        text = stock.MAIL_RE.sub(" ", text)
        text = self.normalize_vi(text)
        # Detector.append keeps a space only after a non-space: runs fold to one.
        text = _SPACE_RUN.sub(" ", text[:10000])
        # As langdetect counts: its exclusion of Latin Extended Additional
        # compares a block number with a name and never applies.
        if not text.isascii() and len(_LATIN.findall(text)) * 2 < len(_NON_LATIN.findall(text)):
            text = _LATIN.sub("", text)
        return text

    # -- n-grams, as Detector._extract_ngrams -------------------------------
    def ngrams(self, text: str):
        """Profile rows of the n-grams langdetect draws from, in its order.

        NGram's state machine, vectorized: it restarts at every space (so runs
        of spaces act as one and leading ones as none); at each character it
        emits the 1-, 2- and 3-gram ending there, unless this character and
        the one before are both upper case ("capital word"). An n-gram is a
        number, its code points 21 bits apart, looked up in the sorted keys.
        """
        np = self.np
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        astral = codes.size and codes.max() > 0xFFFF    # rare: the tables cover the BMP
        codes = np.where(codes > 0xFFFF, codes, self.normalized[codes & 0xFFFF]) if astral \
            else self.normalized[codes]
        drop = codes == 32                       # a space after a space, or first (the start
        drop[1:] &= drop[:-1].copy()             # state is a space): NGram emits nothing for it
        chars = np.concatenate(([32], codes[~drop])).astype(np.int64)
        if chars.size < 2:
            return chars[:0]
        current, before = chars[1:], chars[:-1]
        twice = np.concatenate(([-1], chars[:-2]))  # the first character has no 3-gram
        grams = np.stack((current, (before << 21) | current,
                          np.where(twice < 0, -1, (twice << 42) | (before << 21) | current)), axis=1)
        upper = self.upper[chars & 0xFFFF]
        if astral:
            upper[chars > 0xFFFF] = [chr(c).isupper() for c in chars[chars > 0xFFFF].tolist()]
        capital = upper[1:] & upper[:-1]
        if capital.any():
            grams = grams[~capital]
        grams = grams.ravel()
        where = np.searchsorted(self.keys, grams)
        where[where == self.keys.size] = 0
        return self.key_rows[where[self.keys[where] == grams]]

    # -- the random stream, as random.Random(0) ----------------------------
    def stream(self, size: int):
        """The first ``size`` 32-bit outputs of Mersenne Twister seeded 0, the
        words ``random.Random(0)`` serves ``getrandbits`` and ``random`` from."""
        if self.words_of_seed.size < size:
            count = max(size, 2 * self.words_of_seed.size)
            raw = random.Random(0).getrandbits(32 * count).to_bytes(4 * count, "little")
            self.words_of_seed = self.np.frombuffer(raw, dtype="<u4")
        return self.words_of_seed

    # -- the trials, as Detector._detect_block ------------------------------
    def probabilities(self, text: str) -> Optional[List[float]]:
        """langdetect's probability per language, or None with no n-grams: the mean of
        seven trials, each with its own smoothing weight drawn from Random.gauss."""
        picks = self.ngrams(self.prepare(text))
        if not picks.size:
            return None
        stock, trials = self.stock, 7
        result = self.np.zeros(len(self.languages))
        stream = self.stream(1 << 16)
        position = 0                       # words of the stream used so far
        spare = None                       # Random.gauss makes two values at a time
        for _ in range(trials):
            if spare is None:
                gauss, spare = _gauss_pair(*(int(w) for w in stream[position:position + 4]))
                position += 4
            else:
                gauss, spare = spare, None
            weight = (stock.ALPHA_DEFAULT + gauss * stock.ALPHA_WIDTH) / stock.BASE_FREQ
            position, found = self._trial(picks, weight, position)
            result += found / trials
        return result.tolist()

    def _trial(self, picks, weight: float, position: int):
        """One trial from ``position`` in the stream: (the position after it, the
        normalized probabilities where langdetect stops it)."""
        np, stock = self.np, self.stock
        total = int(picks.size)
        shift = 32 - total.bit_length()   # Random._randbelow(total) keeps getrandbits(bits) < total
        limit, conv, width = stock.ITERATION_LIMIT, stock.CONV_THRESHOLD, len(self.languages)
        done = 0                         # updates applied so far in this trial
        carry = np.zeros(width)          # their summed logarithms
        while True:
            want = 60 if done == 0 else 240   # updates in this chunk, a multiple of 5
            words = 3 * want + 16              # at least half of the draws are accepted
            while True:
                stream = self.stream(position + words)
                draws = stream[position:position + words] >> shift
                accepted = np.flatnonzero(draws < total)[:want]
                if accepted.size == want:
                    break
                words *= 2                     # rare: many rejections
            logs = np.log(self.matrix[picks[draws[accepted]]] + weight)
            # Log-probabilities after updates done, done+5, ... (langdetect
            # normalizes there and stops once one language passes conv).
            groups = np.cumsum(logs.reshape(-1, 5, width).sum(axis=1), axis=0)
            checks = logs[::5] + carry
            checks[1:] += groups[:-1]
            top = checks.max(axis=1)
            scaled = np.exp(checks - top[:, None])
            sums = scaled.sum(axis=1)          # the normalized maximum is 1 / sum
            converged = 1.0 / sums > conv
            if done + want > limit:            # langdetect also stops at update `limit`
                converged |= np.arange(done, done + want, 5) >= limit
            stop = np.flatnonzero(converged)
            if stop.size:
                k = int(stop[0])
                return position + int(accepted[5 * k]) + 1, scaled[k] / sums[k]
            position += int(accepted[-1]) + 1
            carry = carry + groups[-1]
            done += want


def _gauss_pair(a: int, b: int, c: int, d: int) -> Tuple[float, float]:
    """The two normal deviates Random.gauss makes of four 32-bit words (two random() values)."""
    x2pi = ((a >> 5) * 67108864.0 + (b >> 6)) * (1.0 / 9007199254740992.0) * _TWOPI
    g2rad = math.sqrt(-2.0 * math.log(1.0 - ((c >> 5) * 67108864.0 + (d >> 6))
                                      * (1.0 / 9007199254740992.0)))
    return math.cos(x2pi) * g2rad, math.sin(x2pi) * g2rad


def _load_profiles(np):
    """langdetect's profiles as DetectorFactory.load_profile reads them:
    (languages, n-grams, matrix of P(n-gram | language)), the same numbers
    in the same language order, without a Python list per n-gram."""
    import json
    import os
    from array import array

    from langdetect.detector_factory import PROFILES_DIRECTORY

    names = os.listdir(PROFILES_DIRECTORY)   # langdetect's order: the directory's
    languages: List[str] = []
    rows: Dict[str, int] = {}
    at_row, at_column, values = array("q"), array("q"), array("d")
    for name in names:
        path = os.path.join(PROFILES_DIRECTORY, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as handle:
            profile = json.load(handle)
        column = len(languages)
        languages.append(profile["name"])
        counts = profile["n_words"]
        for gram, count in profile["freq"].items():
            row = rows.setdefault(gram, len(rows))
            if 1 <= len(gram) <= 3:
                at_row.append(row)
                at_column.append(column)
                values.append(1.0 * count / counts[len(gram) - 1])
    matrix = np.zeros((len(rows), len(languages)))
    matrix[np.frombuffer(at_row, dtype=np.int64), np.frombuffer(at_column, dtype=np.int64)] = \
        np.frombuffer(values, dtype=np.float64)
    return languages, list(rows), matrix


def _gram_number(gram: str) -> int:
    """An n-gram of up to three characters as one number, 21 bits a character."""
    number = 0
    for ch in gram:
        number = (number << 21) | ord(ch)
    return number


@functools.lru_cache(maxsize=1)
def model_once() -> Langdetect:
    """The process's one model (profiles load in ~0.5 s, on first use)."""
    return Langdetect()


def sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """At most ``limit`` characters, cut at a space so no word is split."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def detect(text: str, limit: int = SAMPLE_CHARS) -> Tuple[str, float]:
    """(language code, confidence); ("und", 0.0) when it cannot tell.

    >>> detect("12345 !!!")
    ('und', 0.0)
    """
    text = sample(text, limit)
    if len(_LETTER.findall(text, 0, 200)) < MIN_LETTERS and len(_LETTER.findall(text)) < MIN_LETTERS:
        return UNDETERMINED, 0.0
    model = model_once()
    probabilities = model.probabilities(text)
    if probabilities is None:
        return UNDETERMINED, 0.0
    best, code = model.stock.PROB_THRESHOLD, None     # langdetect lists only languages above it
    for language, p in zip(model.languages, probabilities):
        if p > best:
            best, code = p, language
    if code is None:
        return UNDETERMINED, 0.0
    return code.split("-")[0], round(best, 4)


def prepare(rules, config=None, site_rules=None) -> int:
    """The sample's length: ``Config.language_sample_chars``."""
    return SAMPLE_CHARS if config is None else config.language_sample_chars


def run(lines: Sequence[Line], limit: int, meta: dict) -> PassResult:
    head = []
    size = 0
    for line in lines:  # only as much text as the sample needs
        head.append(line.text[:limit])
        size += len(head[-1]) + 1
        if size >= limit:
            break
    code, confidence = detect("\n".join(head), limit)
    return PassResult(list(lines), metadata={"language": code, "language_confidence": confidence})
