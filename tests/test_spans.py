"""Spans of the input (Article.spans, cleaner.spans): rebuilding from them gives the clean text."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Config, InputError, clean
from cleaner.pipeline import default_cleaner
from cleaner.spans import PREFIX, UNALIGNED, Span, align, checked_spans, rebuild
from generators import DEBRIS, article_with_debris, paragraph

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NO_WHITESPACE = Cleaner(Config(disabled={"whitespace"}))


def check(article) -> list:
    """The spans are sorted, disjoint, inside the source, and rebuild the text; returned."""
    spans = article.spans()
    assert all(s.rule != UNALIGNED for s in spans)
    at = 0
    for s in spans:
        assert at <= s.start <= s.end <= len(article.source_text)
        at = s.end
    assert rebuild(article.source_text, spans) == article.text
    assert rebuild(article.source_text, article.attributes()) == article.text
    return spans


def test_each_removal_and_normalization_is_a_span_of_the_input():
    source = ("Kiev  is big.\u00a0Kiev\r\n\r\n\r\nPhoto: John Smith/Getty Images\n"
              "The city of Kiev said on Monday that it would open the bridge again.\n\nShare this article\n\n  ")
    article = clean(source)
    assert article.text == "Kyiv is big. Kyiv\n\nThe city of Kyiv said on Monday that it would open the bridge again."
    spans = check(article)
    by_rule = {}
    for s in spans:
        by_rule.setdefault(s.rule, []).append((source[s.start:s.end], s.replacement))
    assert by_rule["spelling"] == [("Kiev", "Kyiv")] * 3
    assert by_rule["photo-credit"] == [("Photo: John Smith/Getty Images\n", "")]
    assert by_rule["promo"] == [("\n\nShare this article", "")]
    assert ("\u00a0", " ") in by_rule["whitespace"] and ("\n\n  ", "") in by_rule["whitespace"]
    attrs = article.attributes()
    assert attrs[PREFIX + "photo-credit"] == [[24, 55, 1.0]]
    assert attrs[PREFIX + "spelling"][0] == [0, 4, 1.0, "Kyiv"]
    assert attrs[PREFIX + "comment-form"] == []          # every rule is listed
    assert PREFIX + "language" not in attrs             # a pass that never edits has none


def test_a_subset_of_the_spans_leaves_the_other_rules_lines():
    source = ("The council met on Monday and agreed the budget for next year after a long debate.\n\n"
              "Sign up for our newsletter\n\n"
              "It will be published on Friday, the mayor said at the end of the meeting.\n\n"
              "LEAVE A REPLY\n\nPlease enter your comment!\nPlease enter your name here")
    article = clean(source)
    attrs = article.attributes()
    assert attrs[PREFIX + "promo"] and attrs[PREFIX + "comment-form"]
    without_promo = rebuild(source, attrs, rules=[PREFIX + "promo"])
    assert "Sign up" not in without_promo and "LEAVE A REPLY" in without_promo
    assert without_promo.startswith(article.text.split("\n\n")[0] + "\n\nIt will be published")
    assert rebuild(source, attrs, rules=["comment-form"]).endswith("end of the meeting.")


def test_line_score_spans_carry_the_model_score_and_a_threshold_chooses():
    menu = ["Home", "World", "Business", "Sport", "Weather", "Contact us", "Log in"]
    story = ("The river bridge will reopen to traffic next week after repairs that took longer than planned,"
             " the council said on Monday in a statement.")
    source = "\n".join(menu) + "\n\n" + "\n\n".join([story] * 4) + "\n\n" + "\n".join(menu)
    article = clean(source, kind="text")
    scored = [r for r in article.removed if r.rule == "line-score"]
    assert scored, "the fixture menu is no longer scored: pick another"
    assert all(0.95 <= r.score < 1.0 for r in scored)
    spans = [s for s in check(article) if s.rule == "line-score"]
    assert sorted(s.score for s in spans) == sorted(r.score for r in scored)
    highest = max(s.score for s in spans)
    kept_more = rebuild(source, article.attributes(), min_score=highest)
    assert len(kept_more) > len(article.text)  # the lines below the bar stay
    assert rebuild(source, article.attributes(), min_score=0.0) == article.text


def test_html_spans_index_the_extracted_text():
    paragraphs = "".join(f"<p>{p}</p>" for p in [
        "The council met on Monday and agreed the budget for next year after a long debate in Kiev.",
        "Share this article",
        "It will be published on Friday, the mayor said at the end of the meeting in the city hall."])
    html = f"<html><head><title>Budget agreed</title></head><body><article><h1>Budget agreed</h1>{paragraphs}</article></body></html>"
    article = clean(html, kind="html")
    assert "<p>" not in article.source_text and "Share this article" in article.source_text
    spans = check(article)
    assert any(s.rule == "promo" and "Share this article" in article.source_text[s.start:s.end] for s in spans)
    assert any(s.rule == "spelling" and s.replacement == "Kyiv" for s in spans)


def test_doubled_words_and_composed_characters():
    source = "Cafe\u0301 owners met in in the city on Monday to talk about the new rules for the river front."
    article = clean(source, kind="text")
    assert "Café" in article.text and "in in" not in article.text
    check(article)


def test_an_article_made_by_hand_has_no_spans():
    from cleaner.article import Article

    with pytest.raises(ValueError):
        Article("text", {}).spans()


def test_alignment_blocks_rebuild_the_normalized_text():
    from cleaner.passes.whitespace import normalize_whitespace

    source = "\ufeff  A\u00a0\u00a0b\r\n\r\n\r\n\r\nc\u0301 \u2028\u1100\u1161\u11a8 d\t \n\n"
    normalized, _ = normalize_whitespace(source)
    parts, at = [], 0
    for b in align(source, normalized):
        parts += [source[at:b.i0], normalized[b.j0:b.j1]]
        at = b.i1
    assert "".join(parts) + source[at:] == normalized


def test_spans_that_would_not_rebuild_the_text_give_one_exact_span():
    article = clean("The council met on Monday and agreed the budget after a long debate.\n\nShare this article")
    assert checked_spans(article.trace, article.text + " and more") == [
        Span(0, len(article.source_text), UNALIGNED, 1.0, article.text + " and more")]


def test_spans_are_listed_in_dolma_shape():
    assert Span(3, 9, "promo").to_list() == [3, 9, 1.0]
    assert Span(0, 4, "spelling", 1.0, "Kyiv").to_list() == [0, 4, 1.0, "Kyiv"]


# Text that exercises every normalization: odd spaces and line ends, invisible and
# control characters, decomposed letters, blank runs, debris lines between prose.
ODD = st.sampled_from(["\u00a0", "\t", "\r\n", "\r", "\u2028", "\u200b", "\u00ad", "\x07", "  ", " \n",
                       "\n \n", "\n\n\n", "e\u0301", "\u1100\u1161", "\ufeff"])
PIECE = st.one_of(paragraph(), ODD, st.sampled_from(["Kiev", "in in", "\n", "\n\n"]),
                  *[strategy for strategy in DEBRIS.values()])


@SETTINGS
@given(st.lists(PIECE, max_size=25))
def test_rebuilding_from_the_spans_gives_the_text(pieces):
    source = "".join(pieces)
    for cleaner in (default_cleaner(), NO_WHITESPACE):
        try:
            article = cleaner.clean(source, kind="text")
        except InputError:  # mostly control characters: binary, no article
            continue
        check(article)


@SETTINGS
@given(article_with_debris())
def test_rebuilding_articles_with_debris(generated):
    source, _, inserted = generated
    article = clean(source)
    spans = check(article)
    assert set(inserted) <= {s.rule for s in spans}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_rebuilding_any_text(text):
    try:
        article = clean(text, kind="text")
    except InputError:  # mostly control characters: binary, no article
        return
    check(article)
