"""Pass `line-score`: boilerplate lines that no phrase rule names, found by a learned scorer.

The rule passes know debris by the phrases and shapes someone wrote down; on
a site worded otherwise they stay silent. This pass scores every line that
they left with a small model over shallow text features of the line and its
neighbours (``linefeatures.py``; the model file is ``rules/linescore.json``,
trained by ``tests/train_linescore.py`` on full-text gold, cross-validated by
site) and removes a line only when

- its score (the model's probability that it is boilerplate) reaches the
  model's threshold, which is set for precision: sure, not likely;
- the shape rules do not call it prose: a line with a sentence's worth of
  words, function words and sentence punctuation (page-chrome's "prose") is
  never scored -- the story's paragraphs are what must never go;
- the document is long enough to have a shape (:data:`MIN_LINES` lines): in a
  short text, neighbours and position say little; and not longer than a page
  (:data:`MAX_LINES`);
- the document has the shape of a page, not of an extractor's article: at
  least :data:`MIN_SHORT_SHARE` of its lines are short (under the prose
  length). On the first dev set's trafilatura texts the model removes nothing
  in the 266 of 813 documents below that share, and on wcxb-dev's whole-page
  texts 3 of 18,209 lines; scoring them cost a third of the pass's time.

It is a text-mode stage: in HTML mode the page's structure has already
been read (the structural pre-pass, trafilatura), and the model was not
trained on what that leaves. Lines with no word at all are left to the other
passes. Every removal is
recorded with its score and the features that weighed most. The page's
headline, which page-chrome found (the <title> seen again above the story), is
never scored away: `title` takes it next.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat
from operator import attrgetter
from typing import Dict, Sequence

import numpy as np

from ..document import HEADLINE, Line, PassResult, drop_lines
from ..errors import RuleError
from ..linemodel import LineModel
from ..rules import RuleSet
from .linefeatures import FEATURES, PROSE_WORDS, FeatureRules, candidate_features, feature_rules

RULE = "line-score"
MIN_LINES = 8
# A text of more lines is no page of one article (whole-page dumps of news pages
# run to a few thousand): it is left to the rules, whose cost is linear and small,
# rather than scored line by line at some 10 us each.
MAX_LINES = 5000
TOP_FEATURES = 3
MIN_SHORT_SHARE = 0.2


@dataclass(frozen=True)
class LineScoreRules:
    model: LineModel
    features: FeatureRules


def prepare(rules: RuleSet, config=None, site_rules=None) -> LineScoreRules:
    if rules.line_model is None:
        raise RuleError("no line-score model (linescore.json) in the rule directories; "
                        "train one (make train) or disable the pass (--disable line-score)")
    return LineScoreRules(LineModel.load(rules.line_model, FEATURES), feature_rules(rules))


def _reason(model: LineModel, score: float, top) -> str:
    weighed = ", ".join(f"{name}={value:.2f}" for name, value, _ in top)
    return (f"boilerplate score {score:.3f} >= {model.threshold:.3f} (model {model.version});"
            f" weighed most: {weighed or 'no single feature'}")


def candidates(lines: Sequence[Line], rules: FeatureRules):
    """The feature rows of the lines the pass scores, and their indexes (for training too)."""
    return candidate_features(lines, rules)


def page_shaped(lines: Sequence[Line]) -> bool:
    """At least :data:`MIN_SHORT_SHARE` of the lines are shorter than prose (:data:`PROSE_WORDS` words)."""
    # A line's words are split no further than PROSE_WORDS: a longer line is not short either way.
    pieces = map(str.split, map(attrgetter("text"), lines), repeat(None), repeat(PROSE_WORDS))
    short = sum(map(PROSE_WORDS.__gt__, map(len, pieces)))
    return short >= MIN_SHORT_SHARE * len(lines)


def run(lines: Sequence[Line], rules: LineScoreRules, meta: dict) -> PassResult:
    if not MIN_LINES <= len(lines) <= MAX_LINES or meta.get("kind") == "html" or not page_shaped(lines):
        return PassResult(list(lines))
    X, rows = candidate_features(lines, rules.features)
    if not len(rows):
        return PassResult(list(lines))
    model = rules.model
    scores = model.scores(X)
    sure = np.flatnonzero(scores >= model.threshold)
    tops = model.top_features_of_rows(X[sure], TOP_FEATURES)
    marks: Dict[int, str] = {int(rows[k]): _reason(model, float(scores[k]), top) for k, top in zip(sure, tops)}
    found = {int(rows[k]): round(float(scores[k]), 4) for k in sure}
    headline = meta.get(HEADLINE)
    if headline is not None and lines[0].pos == headline:  # page-chrome's headline: the title, not debris
        marks.pop(0, None)
        found.pop(0, None)
    return drop_lines(lines, marks, RULE, scores=found)
