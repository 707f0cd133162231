"""Train the `line-score` model on wcxb-dev and cross-validate it by site: `make train`.

Usage: python tests/train_linescore.py [--data DIR] [--types all|article]
           [--model gbt|logistic] [--folds K] [--out FILE] [--fold-dir DIR]
           [--cache FILE] [--jobs N]

Data: ../shared/wcxb-dev, read in place (the archive unpacked into a
temporary folder), or ``--data DIR`` holding ``wcxb-dev/`` already unpacked
(/tmp/data when it is there). Nothing of it is written to the repository:
the model file holds only weights and figures.

For every page, two texts: html-text's whole visible text
(``extract_text(html, guess_layout=True)``, as bench_wcxb.py's html-text
system) and ``trafilatura.extract(include_comments=False)``. Each text's
lines are labelled content or boilerplate against the gold main text
(``linelabels.py``: in-order token alignment), then the text passes that run
before `line-score` run on it, and what they leave is what the model learns
from: the lines the pass sees at run time, with the features it computes
(``cleaner.passes.linefeatures``). Lines without word tokens are left out;
each line weighs its token count, as the word-bag scores do.

Cross-validation by site: a page's fold is a hash of its domain, so no site
is in both a training and a test fold (bench_wcxb.py --cv computes the same
folds). For each fold the script prints, at the shipped threshold, the
precision and recall of "boilerplate" over the fold's tokens and the share of
its content tokens the model would take; then it trains on every page and
writes the model file. ``--fold-dir DIR`` also writes each fold's model, as
``DIR/fold-K/linescore.json``, a rule directory for bench_wcxb.py --cv.
Deterministic: fixed seeds, sorted pages, stable fold hashes.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from bench_wcxb import load_wcxb, locate  # noqa: E402
from linelabels import is_content, matched_shares  # noqa: E402

from cleaner import Cleaner, Config  # noqa: E402
from cleaner.document import split_lines  # noqa: E402
from cleaner.linemodel import FORMAT, FORMAT_VERSION, site_fold  # noqa: E402
from cleaner.passes.linefeatures import FEATURES, feature_rules  # noqa: E402
from cleaner.passes.whitespace import normalize_whitespace  # noqa: E402
from cleaner.pipeline import _empty_metadata  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MODEL_FILE = ROOT / "cleaner" / "rules" / "linescore.json"
MODEL_VERSION = "2026-12-02.1"
SEED = 20261202
THRESHOLD = 0.95          # the score a removal needs, unless --threshold says otherwise
SOURCES = ("html-text", "trafilatura")

_STATE: dict = {}


def _init() -> None:
    import html_text
    import trafilatura

    cleaner = Cleaner(Config(disabled={"line-score"}))
    _STATE.update(cleaner=cleaner, html_text=html_text, trafilatura=trafilatura)


def lines_into_line_score(cleaner: Cleaner, text: str):
    """All lines of the normalized text, and those the passes before `line-score` leave."""
    text, _ = normalize_whitespace(text)
    every = split_lines(text)
    lines = every
    metadata = _empty_metadata("text")
    for name, run, prepared in cleaner._passes:  # as Cleaner.clean_text runs them
        if name in ("line-score", "title"):
            break
        lines = run(lines, prepared, metadata).lines
    return every, lines


def page_examples(page: dict) -> List[dict]:
    """Both texts of one page: the lines line-score sees, their labels and token counts."""
    if not _STATE:
        _init()
    data = Path(page["path"]).read_bytes()
    texts = {"html-text": _STATE["html_text"].extract_text(data.decode("utf-8", "replace"), guess_layout=True),
             "trafilatura": _STATE["trafilatura"].extract(data, include_comments=False) or ""}
    out = []
    for source, text in texts.items():
        every, lines = lines_into_line_score(_STATE["cleaner"], text)
        shares = dict(zip((line.pos for line in every), matched_shares([x.text for x in every], page["gold"])))
        out.append({"name": page["name"], "site": page["site"], "type": page["type"], "source": source,
                    "lines": [(x.text, x.block, x.pos, x.seq) for x in lines],
                    "tokens": np.array([shares[x.pos][0] for x in lines], dtype=np.float64),
                    "boilerplate": np.array([not is_content(shares[x.pos][1]) for x in lines], dtype=np.int8)})
    return out


def featurize(examples: List[dict], rules) -> List[dict]:
    """The feature rows of the lines the pass would score (linescore.candidates), with labels and weights."""
    from cleaner.document import Line
    from cleaner.passes.linescore import MAX_LINES, MIN_LINES, candidates

    out = []
    for e in examples:
        lines = [Line(*x) for x in e["lines"]]
        if not lines:
            continue
        X, rows = candidates(lines, rules)
        if not MIN_LINES <= len(lines) <= MAX_LINES:  # the pass leaves these texts alone
            X, rows = X[:0], rows[:0]
        out.append({**e, "X": X, "y": e["boilerplate"][rows], "w": e["tokens"][rows],
                    "rows": rows})
    return out


def collect(pages: List[dict], jobs: int) -> List[dict]:
    if jobs <= 1:
        return [e for p in pages for e in page_examples(p)]
    with mp.get_context("fork").Pool(jobs) as pool:
        return [e for found in pool.imap(page_examples, pages, chunksize=4) for e in found]


def site_of(page: dict, metadata: Dict[str, dict]) -> str:
    from urllib.parse import urlsplit

    domain = metadata.get(page["name"], {}).get("domain") or urlsplit(page.get("url") or "").netloc
    return domain.lower().removeprefix("www.") or page["name"]


# --- models ----------------------------------------------------------------------

def fit(kind: str, X: np.ndarray, y: np.ndarray, w: np.ndarray):
    if kind == "logistic":
        from sklearn.linear_model import LogisticRegression

        mean, scale = X.mean(axis=0), X.std(axis=0)
        scale[scale == 0] = 1.0
        model = LogisticRegression(C=1.0, max_iter=2000, random_state=SEED)
        model.fit((X - mean) / scale, y, sample_weight=w)
        return {"kind": "logistic", "mean": mean.tolist(), "scale": scale.tolist(),
                "weights": model.coef_[0].tolist(), "bias": float(model.intercept_[0])}
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_iter=TREES, max_depth=DEPTH, learning_rate=LEARNING_RATE,
                                           max_leaf_nodes=2 ** DEPTH, min_samples_leaf=40,
                                           l2_regularization=1.0, random_state=SEED, early_stopping=False)
    model.fit(X, y, sample_weight=w)
    return export_trees(model)


TREES, DEPTH, LEARNING_RATE = 120, 5, 0.1


def export_trees(model) -> dict:
    """The boosted trees as plain arrays: a split sends x[feature] <= threshold left."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        # Split thresholds lie between two bin edges, so 7 significant digits decide as
        # the full ones do; leaf values need no more.
        trees.append({"feature": np.where(leaf, 0, nodes["feature_idx"]).tolist(),
                      "threshold": [0.0 if f else float(t) for t, f in zip(nodes["num_threshold"], leaf)],
                      "left": np.where(leaf, 0, nodes["left"]).tolist(),
                      "right": np.where(leaf, 0, nodes["right"]).tolist(), "leaf": leaf.astype(int).tolist(),
                      "value": [float(f"{v * (1 if f else LEARNING_RATE):.6g}") for v, f in zip(nodes["value"], leaf)]})
    depth = max(int(predictor.nodes["depth"].max()) for (predictor,) in model._predictors)
    return {"kind": "gbt", "baseline": float(np.ravel(model._baseline_prediction)[0]), "depth": depth,
            "trees": trees}


def model_file(params: dict, threshold: float, figures: dict) -> dict:
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "model_version": MODEL_VERSION,
            "features": list(FEATURES), "threshold": threshold, "trained_on": figures.get("trained_on"),
            "cross_validation": figures.get("cv"), **params}


# --- cross-validation --------------------------------------------------------------

def stack(examples: List[dict]):
    return (np.concatenate([e["X"] for e in examples]), np.concatenate([e["y"] for e in examples]),
            np.concatenate([e["w"] for e in examples]))


def fold_figures(examples: List[dict], threshold: float) -> dict:
    """Token-weighted precision and recall of 'boilerplate' over the scored lines, the share
    of all content tokens of the texts that the model takes, and page by page (articles) the
    word-bag F1 and recall of the text before and after, with the line labels as truth."""
    tp = fp = boiler = content = 0.0
    pages = []
    for e in examples:
        cut = e["oof"] >= threshold
        tp += float(e["w"][cut & (e["y"] == 1)].sum())
        fp += float(e["w"][cut & (e["y"] == 0)].sum())
        boiler += float(e["w"][e["y"] == 1].sum())
        content += float(e["tokens"][e["boilerplate"] == 0].sum())
        if e["type"] == "article":
            pages.append(page_proxy(e, cut))
    before = np.array([p[0] for p in pages]) if pages else np.zeros((0, 2))
    after = np.array([p[1] for p in pages]) if pages else np.zeros((0, 2))
    return {"precision": tp / max(tp + fp, 1.0), "recall": tp / max(boiler, 1.0),
            "content_taken": fp / max(content, 1.0), "articles": len(pages),
            "article_f1": [float(before[:, 0].mean()), float(after[:, 0].mean())] if pages else None,
            "article_recall": [float(before[:, 1].mean()), float(after[:, 1].mean())] if pages else None}


def page_proxy(e: dict, cut: np.ndarray):
    """(F1, recall) of one text before and after removing the cut lines, labels as truth."""
    content = e["tokens"] * (e["boilerplate"] == 0)
    removed = np.zeros(len(e["tokens"]), dtype=bool)
    removed[e["rows"][cut]] = True

    def fr(keep: np.ndarray):
        kept, good, total = e["tokens"][keep].sum(), content[keep].sum(), max(content.sum(), 1.0)
        p, r = good / max(kept, 1.0), good / total
        return (2 * p * r / (p + r) if p + r else 0.0), r

    return fr(np.ones(len(removed), dtype=bool)), fr(~removed)


def cross_validate(examples: List[dict], kind: str, folds: int, threshold: float, fold_dir: Optional[Path]) -> dict:
    """Out-of-fold scores for every example (``e["oof"]``), the fold models, and the folds' figures."""
    from cleaner.linemodel import LineModel

    rows = []
    for k in range(folds):
        train = [e for e in examples if site_fold(e["site"], folds) != k]
        test = [e for e in examples if site_fold(e["site"], folds) == k]
        start = time.perf_counter()
        params = fit(kind, *stack(train))
        model = LineModel.from_dict(model_file(params, threshold, {}), f"fold {k}")
        if fold_dir:
            out = fold_dir / f"fold-{k}"
            out.mkdir(parents=True, exist_ok=True)
            (out / "linescore.json").write_text(json.dumps(model_file(params, threshold, {})), encoding="utf-8")
        for e in test:
            e["oof"] = model.scores(e["X"])
        row = {"fold": k, "sites": len({e["site"] for e in test}), "pages": len({e["name"] for e in test}),
               "seconds": round(time.perf_counter() - start, 1)}
        for source in SOURCES:
            row[source] = fold_figures([e for e in test if e["source"] == source], threshold)
        rows.append(row)
        print_fold(row)
    return {"folds": rows, "threshold": threshold, "model": kind}


def print_fold(row: dict) -> None:
    print(f"  fold {row['fold']}: {row['sites']} sites, {row['pages']} pages ({row['seconds']} s)")
    for source in SOURCES:
        f = row[source]
        line = (f"    {source:<12} boilerplate P {f['precision']:.3f} R {f['recall']:.3f}, "
                f"content tokens taken {f['content_taken']:.4f}")
        if f["article_f1"]:
            line += (f"; {f['articles']} articles F1 {f['article_f1'][0]:.3f} -> {f['article_f1'][1]:.3f}, "
                     f"R {f['article_recall'][0]:.4f} -> {f['article_recall'][1]:.4f}")
        print(line)


def sweep(examples: List[dict], thresholds=(0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99)) -> None:
    """All folds together, at other thresholds: what a different choice would give."""
    print("all folds, by threshold:")
    for t in thresholds:
        parts = [f"{t:.2f}"]
        for source in SOURCES:
            f = fold_figures([e for e in examples if e["source"] == source], t)
            parts.append(f"{source} P {f['precision']:.3f} R {f['recall']:.3f} taken {f['content_taken']:.4f} "
                         f"art. F1 {f['article_f1'][1]:.4f} R {f['article_recall'][1]:.4f}")
        print("  " + " | ".join(parts))
    for source in SOURCES:
        f = fold_figures([e for e in examples if e["source"] == source], 1.01)
        print(f"  before, {source}: articles F1 {f['article_f1'][0]:.4f} R {f['article_recall'][0]:.4f}")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="a folder holding wcxb-dev/ already unpacked (default: /tmp/data if there)")
    parser.add_argument("--types", choices=("all", "article"), default="all")
    parser.add_argument("--model", choices=("gbt", "logistic"), default="gbt")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--out", default=str(MODEL_FILE))
    parser.add_argument("--fold-dir", help="also write each fold's model here (for bench_wcxb.py --cv)")
    parser.add_argument("--cache", help="keep the labelled lines in this pickle between runs")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    data = args.data or ("/tmp/data" if Path("/tmp/data/wcxb-dev").exists() else None)
    with tempfile.TemporaryDirectory(prefix="cleaner-train-") as workdir:
        examples = load_examples(args, data, Path(workdir))
    if examples is None:
        print("wcxb-dev not found: nothing to train on")
        return 1
    if args.types == "article":
        examples = [e for e in examples if e["type"] == "article"]
    examples = featurize(examples, feature_rules(Cleaner(Config(disabled={"line-score"})).rules))
    X, y, w = stack(examples)
    print(f"{len({e['name'] for e in examples})} pages, {len({e['site'] for e in examples})} sites, "
          f"{len(y)} lines ({int(y.sum())} boilerplate), {int(w.sum())} tokens; model {args.model}")
    print(f"cross-validation by site, {args.folds} folds, threshold {args.threshold}:")
    cv = cross_validate(examples, args.model, args.folds, args.threshold,
                        Path(args.fold_dir) if args.fold_dir else None)
    sweep(examples)
    params = fit(args.model, X, y, w)
    trained_on = {"pages": len({e["name"] for e in examples}), "sites": len({e["site"] for e in examples}),
                  "lines": int(len(y)), "types": args.types, "sources": list(SOURCES)}
    Path(args.out).write_text(json.dumps(model_file(params, args.threshold, {"trained_on": trained_on, "cv": cv}),
                                         indent=None, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"model written to {args.out}")
    return 0


def load_examples(args, data: Optional[str], workdir: Path) -> Optional[List[dict]]:
    if args.cache and Path(args.cache).exists():
        return pickle.loads(Path(args.cache).read_bytes())
    root = locate("wcxb", data, workdir)
    if root is None:
        return None
    metadata = json.loads((root / "metadata.json").read_text(encoding="utf-8")).get("files", {})
    pages = load_wcxb(root, "all", 0)
    for page in pages:
        page["site"] = site_of(page, metadata)
    start = time.perf_counter()
    examples = collect(pages, args.jobs)
    print(f"labelled {len(pages)} pages in {time.perf_counter() - start:.0f} s")
    if args.cache:
        Path(args.cache).write_bytes(pickle.dumps(examples))
    return examples


if __name__ == "__main__":
    sys.exit(main())
