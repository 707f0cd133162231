"""The line-score pass: its model file, its scoring, what it removes and what it never touches."""
from __future__ import annotations

import json

import numpy as np
import pytest

from cleaner import Cleaner, Config
from cleaner.cli import main
from cleaner.document import split_lines
from cleaner.errors import RuleError
from cleaner.explain import render_explanation
from cleaner.linemodel import FORMAT, FORMAT_VERSION, LineModel, site_fold
from cleaner.passes import linescore
from cleaner.passes.linefeatures import FEATURES, candidate_features, feature_rules
from cleaner.rules import PACKAGE_RULES

BODY = ("The regional council approved the new budget on Monday after a debate that lasted "
        "more than six hours, officials said. The plan raises spending on schools and roads.")
MENU = ["Home", "News", "Local", "Sport", "Weather", "Opinion", "Subscribe", "Sign in"]
STORY = [BODY.replace("Monday", day) for day in ("Monday", "Tuesday", "Wednesday")]
TAIL = ["Tags", "budget", "council", "schools", "About us", "Contact", "Terms", "Privacy"]


def menu_page() -> str:
    """Made-up whole-page text: a menu nobody's phrase list names, a story with a
    byline and a subheading, a tag list and a footer."""
    return "\n".join(MENU + ["Council passes the budget", "", "By Jane Doe", "", STORY[0], "", STORY[1], "",
                             "What happens next", "", STORY[2], ""] + TAIL)


def test_a_menu_no_rule_names_goes_and_the_story_stays():
    article = Cleaner().clean(menu_page(), kind="text")
    scored = [r for r in article.removed if r.rule == "line-score"]
    assert {r.text for r in scored} >= {"Home", "News", "Opinion"}
    for line in STORY + ["By Jane Doe", "What happens next"]:
        assert line in article.text
    assert "Council passes the budget" in (article.metadata["title"] or "") + article.text
    for r in scored:
        assert r.reason.startswith("boilerplate score 0.") and "weighed most: " in r.reason


def test_disabled_the_pass_removes_nothing_and_others_are_unchanged():
    on = Cleaner().clean(menu_page(), kind="text")
    off = Cleaner(Config(disabled={"line-score"})).clean(menu_page(), kind="text")
    assert "line-score" not in off.metadata["removed_counts"]
    assert off.text.startswith("Home\nNews\nLocal")
    assert [r for r in on.removed if r.rule != "line-score"] == off.removed


def test_explain_shows_the_score_and_the_features(capsys, tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(menu_page(), encoding="utf-8")
    assert main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert "[- line-score -] Home" in out and "weighed most: " in out
    assert main(["clean", "--disable", "line-score", str(path)]) == 0
    assert capsys.readouterr().out.startswith("Home\nNews")


def test_prose_lines_are_never_scored():
    lines = split_lines("\n".join(MENU + STORY + ["What happens next"]))
    X, rows = candidate_features(lines, feature_rules(Cleaner().rules))
    texts = [lines[i].text for i in rows]
    assert X.shape == (len(rows), len(FEATURES))
    assert "Home" in texts and "What happens next" in texts
    assert not set(texts) & set(STORY)


def test_clean_story_without_a_page_around_it_is_left_whole():
    text = "\n\n".join(["Council passes the budget", STORY[0], "What happens next", STORY[1], STORY[2]])
    article = Cleaner().clean(text, kind="text")
    assert "line-score" not in article.metadata["removed_counts"]


def _logistic(**changes) -> dict:
    n = len(FEATURES)
    model = {"format": FORMAT, "format_version": FORMAT_VERSION, "model_version": "test", "kind": "logistic",
             "features": list(FEATURES), "threshold": 0.9, "mean": [0.0] * n, "scale": [1.0] * n,
             "weights": [0.0] * n, "bias": -10.0}
    model.update(changes)
    return model


def test_a_rule_directory_model_replaces_the_packaged_one(tmp_path):
    (tmp_path / "linescore.json").write_text(json.dumps(_logistic()), encoding="utf-8")
    article = Cleaner(Config(rule_dirs=[tmp_path])).clean(menu_page(), kind="text")
    assert "line-score" not in article.metadata["removed_counts"]
    assert str(tmp_path / "linescore.json") in Cleaner(Config(rule_dirs=[tmp_path])).rules.sources


@pytest.mark.parametrize("changes, message", [
    ({"format_version": FORMAT_VERSION + 1}, "unknown line-score model format version"),
    ({"format": "something-else"}, "not a line-score model"),
    ({"kind": "forest"}, "unknown model kind"),
    ({"threshold": 0.2}, "threshold in [0.5, 1]"),
    ({"weights": [0.0]}, "do not fit"),
    ({"features": list(FEATURES[:-1]), "mean": [0.0] * (len(FEATURES) - 1),
      "scale": [1.0] * (len(FEATURES) - 1), "weights": [0.0] * (len(FEATURES) - 1)}, "retrain it"),
])
def test_a_model_file_it_cannot_use_is_refused_with_its_name(tmp_path, changes, message):
    (tmp_path / "linescore.json").write_text(json.dumps(_logistic(**changes)), encoding="utf-8")
    with pytest.raises(RuleError, match="linescore.json") as error:
        Cleaner(Config(rule_dirs=[tmp_path]))
    assert message in str(error.value)


def test_a_broken_model_file_is_a_rule_error_but_not_when_the_pass_is_off(tmp_path):
    (tmp_path / "linescore.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(RuleError, match="cannot read the line-score model"):
        Cleaner(Config(rule_dirs=[tmp_path]))
    assert Cleaner(Config(rule_dirs=[tmp_path], disabled={"line-score"})).clean(BODY).text == BODY


def test_trees_are_walked_as_written():
    # one tree: x[1] <= 0.5 goes left (leaf -2), else to x[0] <= 3 (leaf 1) or not (leaf 4)
    tree = {"feature": [1, 0, 0, 0, 0], "threshold": [0.5, 0.0, 3.0, 0.0, 0.0], "left": [1, 0, 3, 0, 0],
            "right": [2, 0, 4, 0, 0], "leaf": [0, 1, 0, 1, 1], "value": [0.0, -2.0, 0.5, 1.0, 4.0]}
    model = LineModel.from_dict({"format": FORMAT, "format_version": FORMAT_VERSION, "kind": "gbt",
                                 "features": ["a", "b"], "threshold": 0.9, "baseline": 0.25, "depth": 2,
                                 "trees": [tree, tree]}, "test")
    X = np.array([[0.0, 0.0], [2.0, 1.0], [5.0, 1.0], [3.0, 0.5]])
    assert model.raw(X).tolist() == [-3.75, 2.25, 8.25, -3.75]
    # the attribution: 4 - 0.5 from x[0]'s split, 0.5 - 0 from x[1]'s, in each of the two trees
    assert model.contributions(X[2]).tolist() == [7.0, 1.0]


def test_a_tree_pointing_outside_itself_is_refused():
    tree = {"feature": [0, 0], "threshold": [0.0, 0.0], "left": [5, 0], "right": [1, 0], "leaf": [0, 1],
            "value": [0.0, 1.0]}
    with pytest.raises(RuleError, match="outside"):
        LineModel.from_dict({"format": FORMAT, "format_version": FORMAT_VERSION, "kind": "gbt", "features": ["a"],
                             "threshold": 0.9, "depth": 1, "trees": [tree]}, "test")


def test_the_packaged_model_is_current():
    data = json.loads((PACKAGE_RULES / "linescore.json").read_text(encoding="utf-8"))
    assert data["format_version"] == FORMAT_VERSION and data["features"] == list(FEATURES)
    assert len(data["cross_validation"]["folds"]) == 5


def test_folds_keep_a_site_in_one_fold():
    assert site_fold("example.org", 5) == site_fold("example.org", 5)
    assert {site_fold(f"site{n}.com", 5) for n in range(50)} == set(range(5))


def test_a_text_longer_than_any_page_is_left_to_the_rules():
    from cleaner.passes import linescore

    text = "\n".join(MENU * (2 * linescore.MAX_LINES // len(MENU)) + STORY)
    article = Cleaner().clean(text, kind="text")
    assert "line-score" not in article.metadata["removed_counts"]


def test_an_extractors_article_is_not_scored():
    """A text whose lines are nearly all prose-length (an extractor's article) is left to the
    rules, even with a short line in it that a page's menu would hold."""
    long_lines = [BODY.replace("Monday", f"day {i}") for i in range(9)]
    text = "\n\n".join(long_lines[:5] + ["Subscribe"] + long_lines[5:])
    lines = split_lines(text)
    assert not linescore.page_shaped(lines)
    result = linescore.run(lines, linescore.prepare(Cleaner().rules), {"kind": "text"})
    assert result.removed == [] and len(result.lines) == len(lines)
    assert linescore.page_shaped(split_lines(menu_page()))


@pytest.mark.parametrize("texts", [
    ["Tags: a | b", "(c) 2024 Example", "www.example.com", "12.05 Uhr", "ALL CAPS", "lower start",
     "- a list", "x — y", "Reserved\n", "All Rights Reserved", "#tag @name", "[1] Note...", "Über Ärger"],
    ["", "a", "1999", "(c)\t2020", "Label:", "Label: more", "A. B. C.", "x - y - z - w - v - u - t"],
])
def test_the_shapes_of_joined_lines_are_each_lines_own(texts):
    """The shapes of many lines at once: each row is what the patterns find in that line alone."""
    from cleaner.passes import linefeatures as lf

    texts = [t.replace("\n", " ") for t in texts]
    words = np.array([float(len(t.split())) for t in texts])
    joined = lf._shapes(texts, words)
    for row, text in zip(joined, texts):
        alone = lf._shapes([text], words[texts.index(text): texts.index(text) + 1])[0]
        assert list(row) == list(alone), text


def _contributions_one_row(model, x):
    """Saabas's attribution for one line, every tree one step down at a time: the reference."""
    out = np.zeros(len(model.features))
    node = np.arange(model.feature.shape[0]) * model.feature.shape[1]
    for _ in range(model.depth):
        f = model.feature.ravel()[node]
        child = np.where(x[f] <= model.split.ravel()[node], model.left.ravel()[node], model.right.ravel()[node])
        for t in np.flatnonzero(child != node):  # the trees in order
            out[f[t]] += model.node_value.ravel()[child[t]] - model.node_value.ravel()[node[t]]
        node = child
    return out


def test_the_lines_of_a_document_are_explained_at_once_as_each_alone():
    model = LineModel.load(PACKAGE_RULES / "linescore.json", FEATURES)
    rng = np.random.default_rng(7)
    X = rng.choice([0.0, 0.5, 1.0, 2.0, 3.0], size=(40, len(FEATURES))) * rng.random((40, len(FEATURES)))
    rows = model.contributions_of_rows(X)
    # the same sums, added in the same order: equal to the last bit
    assert all(rows[k].tolist() == _contributions_one_row(model, x).tolist() for k, x in enumerate(X))
    assert all(model.contributions(x).tolist() == rows[k].tolist() for k, x in enumerate(X))
    assert model.top_features_of_rows(X, 3) == [model.top_features(x, 3) for x in X]
    assert model.top_features_of_rows(X[:0], 3) == []
