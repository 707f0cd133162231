"""The `line-score` model file: load, validate, score, explain.

The file (``rules/linescore.json``; a rule directory's own ``linescore.json``
replaces it) is JSON written by ``tests/train_linescore.py``::

    {"format": "cleaner-linescore", "format_version": 1, "model_version": "...",
     "features": [names, in the order of linefeatures.FEATURES],
     "threshold": 0.95,                   # the score a removal needs
     "kind": "gbt", "baseline": b, "trees": [{"feature": [...], "threshold": [...],
              "left": [...], "right": [...], "leaf": [...], "value": [...]}, ...]}
     or "kind": "logistic", "mean": [...], "scale": [...], "weights": [...], "bias": b

plus the training figures (``trained_on``, ``cross_validation``), which the
loader does not read. A file of another format or format version, or one
whose features are not the ones this version computes, is refused with a
RuleError: a model is only meaningful with the features it was trained on.
The score of a line is the model's probability that it is boilerplate.
"""
from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence, Tuple

import numpy as np

from .errors import RuleError

FORMAT = "cleaner-linescore"
FORMAT_VERSION = 1
KINDS = ("gbt", "logistic")


def site_fold(site: str, folds: int) -> int:
    """The cross-validation fold of a site: a stable hash, the same in training and benchmarks."""
    return zlib.crc32(site.encode("utf-8")) % folds


def _array(params: dict, key: str, where: str, dtype=np.float64) -> np.ndarray:
    try:
        return np.asarray(params[key], dtype=dtype)
    except (KeyError, TypeError, ValueError) as exc:
        raise RuleError(f"{where}: model entry {key!r} is missing or not numeric") from exc


@dataclass(frozen=True)
class LineModel:
    """A trained line scorer: boosted trees (stored padded, as flat arrays) or a logistic model."""

    kind: str
    version: str
    features: Tuple[str, ...]
    threshold: float
    # logistic: per-feature weights on standardized values
    mean: np.ndarray = None
    scale: np.ndarray = None
    weights: np.ndarray = None
    bias: float = 0.0
    # gbt: trees padded to one node count; a leaf points to itself, so walking
    # ``depth`` steps from the root ends on every path's leaf
    feature: np.ndarray = None
    split: np.ndarray = None
    left: np.ndarray = None
    right: np.ndarray = None
    value: np.ndarray = None        # leaf values (zero elsewhere): what a walk ends on
    node_value: np.ndarray = None   # every node's value: for the attribution
    children: np.ndarray = None     # flat: node k's right child at 2k, its left at 2k + 1 (one take a step)
    depth: int = 0

    @classmethod
    def load(cls, path: Path, expected: Sequence[str]) -> "LineModel":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise RuleError(f"{path}: cannot read the line-score model: {exc}") from exc
        model = cls.from_dict(data, str(path))
        if model.features != tuple(expected):
            raise RuleError(f"{path}: the model's features are not the ones this version computes "
                            f"({len(model.features)} vs {len(expected)}): retrain it (make train)")
        return model

    @classmethod
    def from_dict(cls, data: dict, where: str) -> "LineModel":
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise RuleError(f"{where}: not a line-score model (format {FORMAT!r} expected)")
        if data.get("format_version") != FORMAT_VERSION:
            raise RuleError(f"{where}: unknown line-score model format version {data.get('format_version')!r}; "
                            f"this version reads {FORMAT_VERSION}")
        kind = data.get("kind")
        if kind not in KINDS:
            raise RuleError(f"{where}: unknown model kind {kind!r}; expected one of {', '.join(KINDS)}")
        features = tuple(data.get("features") or ())
        threshold = data.get("threshold")
        if not features or not isinstance(threshold, (int, float)) or not 0.5 <= threshold <= 1.0:
            raise RuleError(f"{where}: a model needs its feature names and a threshold in [0.5, 1]")
        common = dict(kind=kind, version=str(data.get("model_version", "?")), features=features,
                      threshold=float(threshold))
        if kind == "logistic":
            arrays = {k: _array(data, k, where) for k in ("mean", "scale", "weights")}
            if any(a.shape != (len(features),) for a in arrays.values()) or not np.all(arrays["scale"] > 0):
                raise RuleError(f"{where}: logistic weights do not fit the {len(features)} features")
            return cls(**common, **arrays, bias=float(data.get("bias", 0.0)))
        return cls(**common, **_trees(data, len(features), where))

    def raw(self, X: np.ndarray) -> np.ndarray:
        """The model's margin (log-odds of boilerplate) for each row of X."""
        if self.kind == "logistic":
            return ((X - self.mean) / self.scale) @ self.weights + self.bias
        n, width = X.shape
        trees = self.feature.shape[0]
        feature, split, children = self.feature.ravel(), self.split.ravel(), self.children
        node = np.broadcast_to(np.arange(trees) * self.feature.shape[1], (n, trees))
        offset = (np.arange(n) * width)[:, None]
        flat = X.ravel()
        for _ in range(self.depth):  # a leaf points to itself: every walk may take the full depth
            go_left = flat.take(offset + feature.take(node)) <= split.take(node)
            node = children.take(node * 2 + go_left)
        return self.value.ravel().take(node).sum(axis=1) + self.bias

    def scores(self, X: np.ndarray) -> np.ndarray:
        """The probability that each line (row of X) is boilerplate."""
        if not len(X):
            return np.zeros(0)
        return 1.0 / (1.0 + np.exp(-self.raw(X)))

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """How much each feature moved one line's margin towards boilerplate.

        Logistic: weight times standardized value. Trees: along each tree's
        path, the change of node value at each split, given to the split's
        feature (Saabas's attribution).
        """
        return self.contributions_of_rows(x[None, :])[0]

    def contributions_of_rows(self, X: np.ndarray) -> np.ndarray:
        """:meth:`contributions` of every row of X at once (the same sums, added in the same
        order: each tree's steps in turn, the trees in order at each step)."""
        if self.kind == "logistic":
            return (X - self.mean) / self.scale * self.weights
        m, width = X.shape
        out = np.zeros((m, len(self.features)))
        feature, split, left, right, value = (a.ravel() for a in (self.feature, self.split, self.left, self.right,
                                                                   self.node_value))
        node = np.broadcast_to(np.arange(self.feature.shape[0]) * self.feature.shape[1], (m, self.feature.shape[0]))
        row = np.broadcast_to(np.arange(m)[:, None], node.shape)
        flat = X.ravel()
        for _ in range(self.depth):  # every tree of every row one step down at once
            f = feature.take(node)
            child = np.where(flat.take(row * width + f) <= split.take(node), left.take(node), right.take(node))
            moved = child != node
            # row-major: for each row the trees in order, as one row's np.add.at adds them
            np.add.at(out, (row[moved], f[moved]), value.take(child[moved]) - value.take(node[moved]))
            node = child
        return out

    def top_features(self, x: np.ndarray, count: int = 3) -> List[Tuple[str, float, float]]:
        """The features that weighed most towards boilerplate: (name, value, contribution)."""
        return self.top_features_of_rows(x[None, :], count)[0]

    def top_features_of_rows(self, X: np.ndarray, count: int = 3) -> List[List[Tuple[str, float, float]]]:
        """:meth:`top_features` of every row of X."""
        if not len(X):
            return []
        C = self.contributions_of_rows(X)
        order = np.argsort(-C, axis=1, kind="stable")[:, :count]
        return [[(self.features[i], float(x[i]), float(c[i])) for i in o if c[i] > 0]
                for x, c, o in zip(X, C, order.tolist())]


def _trees(data: dict, n_features: int, where: str) -> dict:
    """Pad the trees to one node count, as flat indexes into (trees x width) arrays."""
    trees = data.get("trees")
    if not isinstance(trees, list) or not trees:
        raise RuleError(f"{where}: a gbt model needs a non-empty list of trees")
    width = max(len(t.get("value", ())) for t in trees)
    shape = (len(trees), width)
    feature, left, right = (np.zeros(shape, dtype=np.intp) for _ in range(3))
    split, value = np.zeros(shape), np.zeros(shape)
    leaf = np.ones(shape, dtype=bool)
    for t, tree in enumerate(trees):
        arrays = {k: _array(tree, k, f"{where}: tree {t}") for k in ("feature", "threshold", "left", "right",
                                                                      "leaf", "value")}
        m = len(arrays["value"])
        if any(len(a) != m for a in arrays.values()):
            raise RuleError(f"{where}: tree {t}: its arrays differ in length")
        is_leaf = arrays["leaf"].astype(bool)
        kids = np.concatenate((arrays["left"][~is_leaf], arrays["right"][~is_leaf]))
        feats = arrays["feature"][~is_leaf]
        if kids.size and (kids.min() < 1 or kids.max() >= m) or feats.size and (feats.min() < 0 or feats.max() >= n_features):
            raise RuleError(f"{where}: tree {t}: a split points outside the tree or the features")
        own = np.arange(m)
        base = t * width
        feature[t, :m] = np.where(is_leaf, 0, arrays["feature"]).astype(np.intp)
        split[t, :m] = np.where(is_leaf, 0.0, arrays["threshold"])
        left[t, :m] = base + np.where(is_leaf, own, arrays["left"]).astype(np.intp)
        right[t, :m] = base + np.where(is_leaf, own, arrays["right"]).astype(np.intp)
        value[t, :m] = arrays["value"]
        leaf[t, :m] = is_leaf
        left[t, m:] = right[t, m:] = base + np.arange(m, width)
    depth = data.get("depth")
    if not isinstance(depth, int) or not 1 <= depth <= 64:
        raise RuleError(f"{where}: a gbt model needs the depth of its deepest tree")
    return dict(feature=feature, split=split, left=left, right=right, value=np.where(leaf, value, 0.0),
                node_value=value, children=np.stack((right.ravel(), left.ravel()), axis=1).ravel(), depth=depth,
                bias=float(data.get("baseline", 0.0)))
