"""Property tests: no content lost, nothing invented, idempotent, reconstructible."""
from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import InputError, clean
from cleaner.inputs import binary_text
from cleaner.passes.whitespace import normalize_whitespace
from fixtures_lib import fold
from generators import article_with_debris, clean_body, headline

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(headline, clean_body())
def test_clean_article_comes_out_unchanged(title, body):
    article = clean(title + "\n\n" + "\n\n".join(body))
    assert article.text == "\n\n".join(body)
    assert article.metadata["title"] == title
    assert [r.rule for r in article.removed] == ["title"]


@SETTINGS
@given(article_with_debris())
def test_no_content_lost_and_debris_removed(generated):
    source, body, inserted = generated
    article = clean(source)
    assert fold(article.text) == fold("\n\n".join(body))
    assert set(inserted) <= {r.rule for r in article.removed}


@SETTINGS
@given(article_with_debris())
def test_idempotent(generated):
    source, _, _ = generated
    once = clean(source).text
    assert clean(once).text == once


@SETTINGS
@given(article_with_debris())
def test_removed_plus_kept_reconstructs_input(generated):
    source, _, _ = generated
    article = clean(source)
    normalized, _ = normalize_whitespace(source)
    original = Counter(line for line in normalized.split("\n") if line.strip())
    rebuilt = Counter(line for line in article.text.split("\n") if line.strip())
    rebuilt.update(r.text for r in article.removed)
    assert rebuilt == original


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_cleaned_without_error_and_nothing_invented(text):
    if binary_text(text):  # mostly characters no text holds (controls, unassigned): refused, clearly
        with pytest.raises(InputError, match="^binary input"):
            clean(text, kind="text")
        return
    try:
        article = clean(text, kind="text")
    except InputError as exc:  # so is a text whose clean part is ("\r\U00018d09": the space folded)
        assert str(exc).startswith("binary input"), exc
        return
    source_tokens = set(normalize_whitespace(text)[0].split())
    changed = {n["to"] for n in article.metadata["normalized"]}
    for token in article.text.split():
        assert token in source_tokens or any(c in token for c in changed)
    assert clean(article.text, kind="text").text == article.text
