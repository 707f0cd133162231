"""`--disable RULE` stops that rule wherever it acts: its text pass and, for the four
concepts the HTML pre-pass shares with the text passes, the DOM stage too."""
from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from cleaner import Cleaner, Config
from cleaner.config import PASS_ORDER, ConfigError
from cleaner.html.prune import prepare, prune
from cleaner.rules import DOM_CONCEPTS, load_rules
from cleaner.sites import SiteProfile, SiteRules, fold

ARTICLES = Path(__file__).parent.parent / "fixtures" / "articles"
STORY = ("The council voted on Tuesday to extend the night bus service to the eastern suburbs, "
         "a decision campaigners had sought for more than five years.")
MORE = "The new routes start in March and will run every thirty minutes between midnight and five."
MENU = ["Home", "News", "Local", "Sport", "Weather", "Opinion", "Subscribe", "Sign in"]
SITE_LINE = "Tell the desk what is happening on your street today."


def _menu_page() -> str:
    """Made-up whole-page text: a menu no phrase list names around a story (line-score's shape)."""
    body = [STORY.replace("Tuesday", day) for day in ("Monday", "Tuesday", "Wednesday")]
    return "\n".join(MENU + ["Night buses extended", "", body[0], "", body[1], "", body[2], ""]
                     + ["Tags", "buses", "council", "About us", "Contact", "Terms", "Privacy"])


def _acted(article, rule: str) -> bool:
    """Whether ``rule`` left a trace: a removal, a change, or the metadata only it sets."""
    if rule == "language":
        return article.metadata["language"] != "und"
    if rule == "dateline":
        return article.metadata["dateline"] is not None
    return any(r.rule == rule for r in article.removed) or any(c.rule == rule for c in article.changes)


def _site_rules() -> SiteRules:
    return SiteRules.from_profiles([SiteProfile("gazette.example", 8, {fold(MENU[0]): 8, fold(SITE_LINE): 8})])


#: rule -> an input it acts on (a fixture's file name, or made-up text)
TEXT_CASES = {
    "whitespace": "en_local_advertisement_library_levy.txt",
    "site-boilerplate": f"{MENU[0]}\n\n{SITE_LINE}\n\n{STORY}\n\n{MORE}\n",
    "page-chrome": "en_whole_page_dump_harbour_pier.txt",
    "photo-credit": "de_agentur_dpa_heizkosten.txt",
    "comment-form": "de_blog_wordpress_kommentarformular.txt",
    "promo": "de_agentur_dpa_heizkosten.txt",
    "related-links": "de_agentur_dpa_heizkosten.txt",
    "end-matter": "de_pressemitteilung_pressekontakt.txt",
    "line-score": _menu_page(),
    "title": "de_agentur_dpa_heizkosten.txt",
    "language": "de_agentur_dpa_heizkosten.txt",
    "spelling": "en_ukraine_chicken_kiev_restaurant.txt",
    "dateline": "de_agentur_dpa_heizkosten.txt",
}


def test_every_pass_has_a_case():
    assert set(TEXT_CASES) == set(PASS_ORDER)


@pytest.mark.parametrize("rule", PASS_ORDER)
def test_disabling_a_text_pass_stops_it(rule):
    case = TEXT_CASES[rule]
    text = (ARTICLES / case).read_text(encoding="utf-8") if case.endswith(".txt") else case
    off = {rule} | ({"spelling"} if rule == "language" else set())  # spelling needs language
    on = Cleaner(site_rules=_site_rules()).clean(text, kind="text", site="gazette.example")
    assert _acted(on, rule), f"the case for {rule} does not exercise it"
    disabled = Cleaner(Config(disabled=off), site_rules=_site_rules()).clean(text, kind="text",
                                                                            site="gazette.example")
    assert not _acted(disabled, rule)
    assert rule not in disabled.metadata["removed_counts"]


#: concept -> a widget the DOM stage removes under that rule name
DOM_CASES = {
    "photo-credit": '<figure><img src="a.jpg"><figcaption>Crowds at the depot. '
                    '<span class="credit">Photo: Jan Novak/Reuters</span></figcaption></figure>',
    "comment-form": '<div id="comments"><h3>Leave a Reply</h3><form><textarea></textarea></form></div>',
    "related-links": '<section class="related-posts"><a href="/1">Tram fares frozen</a>'
                     '<a href="/2">New depot opens</a></section>',
    "promo": '<div class="share-buttons"><a href="#">Facebook</a> <a href="#">X</a></div>',
}


def _prune(body: str, disabled=()):
    tree = lxml.html.document_fromstring(f"<html><body><p>{STORY}</p>{body}<p>{MORE}</p></body></html>")
    removed, credits = prune(tree, prepare(load_rules(), disabled))
    return tree.text_content(), removed, credits


def test_every_dom_concept_has_a_case():
    assert set(DOM_CASES) == set(DOM_CONCEPTS)


@pytest.mark.parametrize("rule", DOM_CONCEPTS)
def test_disabling_a_rule_stops_its_dom_removals(rule):
    _, removed, _ = _prune(DOM_CASES[rule])
    assert [r.rule for r in removed] == [rule]
    text, removed, credits = _prune(DOM_CASES[rule], {rule})
    assert removed == [] and credits == []
    assert " ".join(lxml.html.fragment_fromstring(DOM_CASES[rule]).text_content().split()) in " ".join(text.split())


@pytest.mark.parametrize("rule", DOM_CONCEPTS)
def test_disabling_one_rule_leaves_the_others_dom_removals(rule):
    others = "".join(DOM_CASES[c] for c in DOM_CONCEPTS if c != rule)
    _, removed, _ = _prune(others, {rule})
    assert {r.rule for r in removed} == set(DOM_CONCEPTS) - {rule}


def test_a_figure_stays_whole_when_photo_credit_is_off():
    """A listicle item is still made plain blocks for the extractor, as when a figure is kept."""
    item = '<figure class="slide"><h3>1. The pier at dawn</h3><img src="p.jpg"><figcaption>Quiet.</figcaption></figure>'
    tree = lxml.html.document_fromstring(f"<html><body><p>{STORY}</p>{item}</body></html>")
    assert prune(tree, prepare(load_rules(), {"photo-credit"})) == ([], [])
    assert not tree.xpath("//figure") and tree.xpath("//div/h3") and "Quiet." in tree.text_content()


def test_the_html_path_obeys_disabled():
    page = (f"<html><head><title>Night buses</title></head><body><article><h1>Night buses</h1><p>{STORY}</p>"
            f"{DOM_CASES['photo-credit']}<p>{MORE}</p>{DOM_CASES['promo']}<p>{STORY}</p></article></body></html>")
    on = Cleaner().clean(page, kind="html")
    assert {"photo-credit", "promo"} <= {r.rule for r in on.removed if r.stage == "dom"}
    assert on.metadata["image_credits"] == ["Jan Novak/Reuters"]
    off = Cleaner(Config(disabled={"photo-credit", "promo"})).clean(page, kind="html")
    assert not {"photo-credit", "promo"} & {r.rule for r in off.removed}
    assert off.metadata["image_credits"] == []


# --- the pass registry ----------------------------------------------------------------

def test_the_order_is_the_registry_built_from_the_pass_modules():
    from cleaner.passes import registry

    assert PASS_ORDER == tuple(p.name for p in registry.PASSES)
    for p in registry.PASSES:
        module = __import__(p.run.__module__, fromlist=["RULE"])
        assert module.RULE == p.name  # each name is written once, in its module


def test_disabling_language_alone_is_refused_since_spelling_needs_it():
    with pytest.raises(ConfigError, match="spelling needs language: disable spelling too"):
        Config(disabled={"language"})
    with pytest.raises(ConfigError, match="spelling needs language"):
        Config().without("language")
    with pytest.raises(ConfigError, match="spelling needs language"):
        Config().only(["spelling"])
    assert not Config(disabled={"language", "spelling"}).enabled("spelling")


def test_the_cli_says_why_a_disabled_set_is_refused(tmp_path, capsys):
    from cleaner.cli import main

    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    assert main(["clean", "--disable", "language", str(path)]) != 0
    assert "spelling needs language" in capsys.readouterr().err
    assert main(["clean", "--disable", "language", "--disable", "spelling", str(path)]) == 0


def test_each_pass_prepares_from_the_config():
    from cleaner.passes import language

    assert language.prepare(load_rules(), Config(language_sample_chars=200)) == 200
    cleaner = Cleaner(Config(language_sample_chars=200))
    assert dict((name, prepared) for name, _, prepared in cleaner._passes)["language"] == 200
