"""Pass `language`: langdetect on a bounded sample, deterministic, never raising.

``metadata["language"]`` is an ISO 639-1 code, or "und" when the text is too
short or has no letters; ``metadata["language_confidence"]`` is langdetect's
probability for it. The profiles are loaded once per process, on first use.
"""
from __future__ import annotations

import functools
import re
from typing import Sequence, Tuple

from ..document import Line, PassResult

RULE = "language"
SAMPLE_CHARS = 1000   # detecting on the first 1,000 characters changes no answer
MIN_LETTERS = 20
UNDETERMINED = "und"
_LETTER = re.compile(r"[^\W\d_]")
_SPACE_RUN = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")               # langdetect's 'A' <= ch <= 'z'
_NON_LATIN = re.compile("[\u0300-\U0010ffff]")


def _fast_detector_class():
    """langdetect's Detector with its two hot loops written tighter.

    Same profiles, same random sequence, same arithmetic in the same order:
    the probabilities are bit-for-bit those of langdetect (a test checks it).
    ``_extract_ngrams`` runs NGram's state machine inline with a memo of its
    per-character normalization; the trial loop multiplies and normalizes
    with list comprehensions instead of index loops (numpy was measured
    slower on 55-element vectors); ``append`` and
    ``cleaning_text`` use regular expressions for their character loops.
    """
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException
    from langdetect.utils.ngram import NGram

    normalize = functools.lru_cache(maxsize=8192)(NGram.normalize)  # bounded: hostile text has many chars

    class FastDetector(Detector):
        def append(self, text):
            text = self.URL_RE.sub(" ", text)
            text = self.MAIL_RE.sub(" ", text)
            text = NGram.normalize_vi(text)
            # Detector.append keeps a space only after a non-space: runs fold to one.
            self.text += _SPACE_RUN.sub(" ", text[: self.max_text_length])

        def cleaning_text(self):
            # As langdetect counts: its exclusion of Latin Extended Additional
            # compares a block number with a name and never applies.
            latin = len(_LATIN.findall(self.text))
            if latin * 2 < len(_NON_LATIN.findall(self.text)):
                self.text = _LATIN.sub("", self.text)

        def _extract_ngrams(self):
            table = self.word_lang_prob_map
            result = []
            append = result.append
            grams, capitalword = " ", False
            for ch in self.text:
                ch = normalize(ch)
                last = grams[-1]
                if last == " ":
                    grams, capitalword = " ", False
                    if ch == " ":
                        continue  # NGram.add_char returns; n=1 would be ' ', skipped
                elif len(grams) >= 3:
                    grams = grams[1:]
                grams += ch
                if ch.isupper():
                    if last.isupper():
                        capitalword = True
                else:
                    capitalword = False
                if capitalword:
                    continue
                if ch != " " and ch in table:
                    append(ch)
                size = len(grams)
                if size >= 2:
                    w = grams[-2:]
                    if w in table:
                        append(w)
                    if size >= 3 and grams in table:
                        append(grams)
            return result

        def _detect_block(self):
            self.cleaning_text()
            ngrams = self._extract_ngrams()
            if not ngrams:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            table = self.word_lang_prob_map
            trials = self.n_trial
            langprob = [0.0] * len(self.langlist)
            rand = self.random
            rand.seed(self.seed)
            choose = rand.choice
            for _ in range(trials):
                prob = self._init_probability()
                alpha = self.alpha + rand.gauss(0.0, 1.0) * self.ALPHA_WIDTH
                weight = alpha / self.BASE_FREQ
                i = 0
                while True:
                    prob = [p * (weight + q) for p, q in zip(prob, table[choose(ngrams)])]
                    if i % 5 == 0:
                        total = sum(prob)
                        prob = [p / total for p in prob]
                        if max(prob) > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                            break
                    i += 1
                langprob = [acc + p / trials for acc, p in zip(langprob, prob)]
            self.langprob = langprob

    return FastDetector


@functools.lru_cache(maxsize=1)
def _factory():
    # A private factory, not langdetect's module-level one: our seed cannot leak
    # into (or be changed by) another user of langdetect in the same process.
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory, _fast_detector_class()


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
    if len(_LETTER.findall(text, 0, len(text))) < MIN_LETTERS:
        return UNDETERMINED, 0.0
    from langdetect.lang_detect_exception import LangDetectException

    try:
        factory, fast = _factory()
        detector = fast(factory)
        detector.append(text)
        best = max(detector.get_probabilities(), key=lambda lang: lang.prob, default=None)
    except LangDetectException:
        return UNDETERMINED, 0.0
    if best is None:
        return UNDETERMINED, 0.0
    return best.lang.split("-")[0], round(best.prob, 4)


def prepare(rules) -> int:
    return SAMPLE_CHARS


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
