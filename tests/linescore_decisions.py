"""Measure a line-score decision rule in minutes, cross-validated by site, without re-running the extractors.

Usage: python tests/linescore_decisions.py --cache FILE --fold-dir DIR [--data DIR]
           [--threshold T] [--outside-threshold T] [--outside-distance N] [--types all|article]

``--cache`` is the labelled lines that ``train_linescore.py --cache FILE``
keeps (every wcxb-dev page's html-text and trafilatura text as the passes
before `line-score` leave it), ``--fold-dir`` the fold models that
``train_linescore.py --fold-dir DIR`` writes. Each page's lines are scored by
the model of its site's fold, so no page is judged by a model that saw its
site; a rule then chooses the lines to remove, and the script prints, per
page type and text source, the word-bag F1 / precision / recall (the
benchmarks' ``\\w+`` tokens against the gold main text) of the kept lines
against all of them (the rules alone), and the pages whose recall fell most.

The rule measured: a line goes when its score reaches ``--threshold``; a line
far outside the story (above its first prose line or below its last, and at
least ``--outside-distance`` lines from any prose line) when it reaches
``--outside-threshold`` (default: the threshold). The figures leave out the
passes after `line-score` (title, language, spelling, dateline), so they are
close to bench_wcxb.py --cv's, not equal: a rule that wins here is then
checked there. Nothing of wcxb-dev is written but the optional
``--feature-cache`` pickle, outside the repository.
"""
from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Callable, List, Optional

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from bench_wcxb import load_wcxb, locate, prf, tokens  # noqa: E402
from train_linescore import featurize  # noqa: E402

from cleaner import Cleaner, Config  # noqa: E402
from cleaner.document import Line  # noqa: E402
from cleaner.linemodel import LineModel, site_fold  # noqa: E402
from cleaner.passes.linefeatures import FEATURES, feature_rules  # noqa: E402
from cleaner.passes.linescore import page_shaped  # noqa: E402

SOURCES = ("html-text", "trafilatura")
_ABOVE, _BELOW, _DISTANCE = (FEATURES.index(name) for name in
                             ("prose_above_share", "prose_below_share", "log_distance_to_prose"))


def prepared(cache: Path, data: Optional[str], feature_cache: Optional[Path]) -> List[dict]:
    """The cached texts' feature rows, each page's gold tokens and each line's tokens."""
    if feature_cache and feature_cache.exists():
        return pickle.loads(feature_cache.read_bytes())
    rules = feature_rules(Cleaner(Config(disabled={"line-score"})).rules)
    examples = featurize(pickle.loads(cache.read_bytes()), rules)
    with tempfile.TemporaryDirectory(prefix="cleaner-decisions-") as workdir:
        root = locate("wcxb", data, Path(workdir))
        gold = {p["name"]: p["gold"] for p in load_wcxb(root, "all", 0)} if root else {}
    for e in examples:
        e["gold"] = tokens(gold.get(e["name"], ""))
        e["line_tokens"] = [tokens(x[0]) for x in e["lines"]]
        e["page_shaped"] = bool(e["lines"]) and page_shaped([Line(*x) for x in e["lines"]])
    if feature_cache:
        feature_cache.write_bytes(pickle.dumps(examples))
    return examples


def score_out_of_fold(examples: List[dict], fold_dir: Path) -> None:
    folds = sorted(fold_dir.glob("fold-*"), key=lambda d: int(d.name[5:]))
    models = [LineModel.load(d / "linescore.json", FEATURES) for d in folds]
    for e in examples:
        e["oof"] = models[site_fold(e["site"], len(models))].scores(e["X"])


def threshold_rule(threshold: float, outside: float, distance: int) -> Callable[[dict], np.ndarray]:
    def removed(e: dict) -> np.ndarray:
        if not len(e["rows"]) or not e["page_shaped"]:
            return e["rows"][:0]
        X = e["X"]
        far = ((X[:, _ABOVE] == 0) | (X[:, _BELOW] == 0)) & (X[:, _DISTANCE] >= np.log1p(distance))
        return e["rows"][e["oof"] >= np.where(far, outside, threshold)]
    return removed


def page_figures(e: dict, removed: np.ndarray):
    gone = set(removed.tolist())
    kept = Counter()
    for i, found in enumerate(e["line_tokens"]):
        if i not in gone:
            kept.update(found)
    return prf(kept, e["gold"])


def report(examples: List[dict], rule: Callable[[dict], np.ndarray], worst: int) -> None:
    for kind in sorted({e["type"] for e in examples}):
        for source in SOURCES:
            pages = [e for e in examples if e["type"] == kind and e["source"] == source]
            before = np.array([page_figures(e, e["rows"][:0]) for e in pages])
            after = np.array([page_figures(e, rule(e)) for e in pages])
            fell = sorted((a[1] - b[1], e["name"]) for e, a, b in zip(pages, after, before) if a[1] < b[1] - 1e-9)
            b, a = before.mean(axis=0), after.mean(axis=0)
            print(f"  {kind:<14}{source:<12}{len(pages):>4} pages  F1 {b[2]:.4f} -> {a[2]:.4f}  "
                  f"P {b[0]:.4f} -> {a[0]:.4f}  R {b[1]:.4f} -> {a[1]:.4f}  recall fell on {len(fell)}"
                  + "".join(f"  {name} {delta:+.3f}" for delta, name in fell[:worst]))


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", required=True, help="train_linescore.py --cache FILE: the labelled lines")
    parser.add_argument("--fold-dir", required=True, help="train_linescore.py --fold-dir DIR: the fold models")
    parser.add_argument("--data", help="a folder holding wcxb-dev/ already unpacked (for the gold text)")
    parser.add_argument("--feature-cache", help="keep the feature rows in this pickle between runs")
    parser.add_argument("--threshold", type=float, default=0.95)
    parser.add_argument("--outside-threshold", type=float)
    parser.add_argument("--outside-distance", type=int, default=5)
    parser.add_argument("--types", choices=("all", "article"), default="all")
    parser.add_argument("--worst", type=int, default=4)
    args = parser.parse_args(argv)
    if not Path(args.cache).exists() or not Path(args.fold_dir).is_dir():
        print("no labelled lines or fold models: run train_linescore.py --cache FILE --fold-dir DIR first")
        return 1
    examples = prepared(Path(args.cache), args.data, Path(args.feature_cache) if args.feature_cache else None)
    if args.types == "article":
        examples = [e for e in examples if e["type"] == "article"]
    score_out_of_fold(examples, Path(args.fold_dir))
    outside = args.threshold if args.outside_threshold is None else args.outside_threshold
    print(f"threshold {args.threshold}, outside the prose ({args.outside_distance}+ lines from it) {outside}; "
          f"word-bag figures, rules alone -> with the rule, cross-validated by site:")
    report(examples, threshold_rule(args.threshold, outside, args.outside_distance), args.worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
