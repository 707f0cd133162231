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


@functools.lru_cache(maxsize=1)
def _factory():
    # A private factory, not langdetect's module-level one: our seed cannot leak
    # into (or be changed by) another user of langdetect in the same process.
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


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
        detector = _factory().create()
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
        head.append(line.text)
        size += len(line.text) + 1
        if size >= limit:
            break
    code, confidence = detect("\n".join(head), limit)
    return PassResult(list(lines), metadata={"language": code, "language_confidence": confidence})
