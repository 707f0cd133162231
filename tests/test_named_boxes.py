"""Boxes of prose that a class token names and their own words confirm (issue 18: precision).

A class token alone never takes a box of prose (more than a widget's text, few links): the
story may sit in a container named so. Two kinds of box go all the same, with the evidence
in their Removal's reason: an author's box that names the page's byline author, and a notice
or sign-up box whose words say what its name says. Made-up markup in each class's shape.
"""
from __future__ import annotations

from cleaner import Cleaner

STORY = ("<p>The council voted on Tuesday to extend the night bus service to the eastern suburbs, "
         "a decision campaigners had sought for more than five years of meetings and petitions.</p>"
         "<p>The new routes start in March and will run every thirty minutes between midnight and five, "
         "with drivers hired from the city's own depot rather than a private operator.</p>"
         "<p>Residents of the outer estates, who now rely on taxis after the last train, said the change "
         "would let shift workers reach the hospital and the warehouses without paying a day's wage.</p>"
         "<p>The transport committee will review the first six months of figures before deciding whether "
         "the service should extend to the northern villages, as several councillors asked.</p>"
         "<p>Opponents on the finance committee warned that the cost, put at two million a year, would "
         "come out of the budget for road repairs unless the regional government paid its promised share.</p>"
         "<p>The regional minister said on Wednesday that the money was set aside and would reach the city "
         "in two payments, the first before the routes open and the second at the end of the year.</p>")

BIO = ("Maria Lindqvist covers transport and housing for the paper. Before that she spent eight years "
       "at a regional radio station, where she produced a weekly programme on rural bus routes, and she "
       "holds a degree in economic history from a university in the north of the country.")

SIGNUP = ("Never miss a story about your neighbourhood. Subscribe to our free morning briefing and get the "
          "day's local news, the weather and the council's agenda in one short email before breakfast. "
          "You can unsubscribe at any time with one click, and we never pass your address to anyone else.")


def _page(box: str, author: str = "Maria Lindqvist", story: str = STORY) -> str:
    return ("<html><head><title>Night buses extended</title>"
            f'<meta name="author" content="{author}"></head><body><article><h1>Night buses extended</h1>'
            f"{story}{box}</article></body></html>")


def _clean(page: str):
    return Cleaner().clean(page, kind="html")


def test_an_author_box_of_prose_that_names_the_byline_author_goes():
    article = _clean(_page(f'<div class="saboxplugin-wrap"><p>{BIO}</p></div>'))
    assert "eight years" not in article.text
    assert "thirty minutes between midnight" in article.text and "northern villages" in article.text
    removal = next(r for r in article.removed if "eight years" in r.text)
    assert removal.rule == "promo" and removal.stage == "dom"
    assert "Maria Lindqvist" in removal.reason and "saboxplugin-wrap" in removal.reason


def test_an_author_box_that_names_no_byline_author_stays():
    """The class token alone is no evidence: a box of prose about someone else stays."""
    article = _clean(_page(f'<div class="saboxplugin-wrap"><p>{BIO}</p></div>', author="Tomas Berg"))
    assert "eight years" in article.text


def test_a_signup_box_of_prose_whose_words_say_its_name_goes():
    article = _clean(_page(f'<section class="signup-box"><p>{SIGNUP}</p></section>'))
    assert "morning briefing" not in article.text
    assert "thirty minutes between midnight" in article.text
    removal = next(r for r in article.removed if "morning briefing" in r.text)
    assert removal.rule == "promo" and "its words say" in removal.reason


def test_a_box_named_for_signups_whose_words_do_not_say_so_stays():
    """Named for sign-ups but telling a story of its own (no cookie, consent, newsletter,
    subscribe or sign-up word): prose, not a sign-up box."""
    prose = ("The depot's drivers have worked the late shift since the spring, when the old contract "
             "ended and the city took the routes back, and they say the buses run fuller every week, "
             "with nurses, cleaners and students who used to walk home along the ring road.")
    article = _clean(_page(f'<div class="subscribe-panel"><p>{prose}</p></div>'))
    assert "nurses, cleaners and students" in article.text


def test_a_named_box_holding_much_of_the_page_stays_whatever_its_words():
    """A page whose story sits in a container named like a sign-up box: too large to be one."""
    story = STORY.replace("five years", "five years (subscribe to the council's minutes to follow it)")
    page = ("<html><head><title>Night buses extended</title></head><body>"
            f'<div class="subscription-content"><h2>Night buses extended</h2>{story}</div></body></html>')
    article = _clean(page)
    assert "thirty minutes between midnight" in article.text and "northern villages" in article.text


TEASERS = "".join(
    f'<li><a href="/news/{slug}"><h3>{title}</h3></a><p>{blurb}</p><time>2 March</time></li>'
    for slug, title, blurb in (
        ("tram", "The tram line that never came", "Plans for a river tram were drawn up three times in forty years, "
         "and each time the money went to the ring road instead of the riverside stops."),
        ("depot", "Inside the city's last bus depot", "Mechanics at the depot keep forty-year-old engines running "
         "with parts they make themselves, because the makers closed down long ago."),
        ("fares", "Why fares rose again this spring", "The transport authority blamed fuel and wages for the rise, "
         "the third in two years, while passenger groups pointed at the consultants' fees."),
        ("bikes", "Bike lanes on the bridge, a year on", "Cyclists say the new lanes made the crossing safer, but "
         "shopkeepers on the far bank say their customers now drive to the mall."),
    ))


def test_a_related_box_of_teasers_with_blurbs_goes():
    """Named for related stories, and shaped like them: a row of short items, each a headline
    linking elsewhere with a blurb. The blurbs are prose, so its links are few of its words."""
    article = _clean(_page(f'<div class="more-articles"><ul>{TEASERS}</ul></div>', story=STORY * 2))
    assert "forty-year-old engines" not in article.text and "ring road instead" not in article.text
    assert "thirty minutes between midnight" in article.text and "northern villages" in article.text
    removal = next(r for r in article.removed if "forty-year-old engines" in r.text)
    assert removal.rule == "related-links" and "teasers" in removal.reason


def test_a_box_named_for_related_stories_that_holds_the_storys_paragraphs_stays():
    """The name alone takes no prose: paragraphs that link nowhere are no teasers."""
    prose = "".join(f"<p>{p}</p>" for p in (
        "The committee's report on the old tram plans runs to ninety pages, most of them on the costs "
        "of the riverside stops and the compensation the shop owners had asked for.",
        "Its authors conclude that the line could still be built along the old freight track, if the "
        "regional government pays the share it promised when the plans were first drawn.",
        "They also found that the ring road, built with the money instead, carries fewer cars than the "
        "planners had forecast, and that its bus lane is the least used in the city."))
    article = _clean(_page(f'<div class="you-may-like">{prose}</div>'))
    assert "ninety pages" in article.text and "least used in the city" in article.text


OFFER = ("Free delivery on every order over forty euros this week, and returns are free for thirty days from "
         "the day your parcel arrives. Members of the loyalty club also get a second pair of socks at half "
         "price, while stocks last, in all our shops and online. The offer ends on Sunday at midnight.")


def _offer_page(before_headline: bool) -> str:
    box = f'<div class="promotion"><p>{OFFER}</p></div>'
    head, tail = (box, "") if before_headline else ("", box)
    return ("<html><head><title>Night buses extended</title></head><body><div>"
            f"{head}<h1>Night buses extended</h1>{STORY}{tail}</div></body></html>")


def test_a_promo_box_of_prose_ahead_of_the_headline_goes():
    """Named promo, and where the story has not begun: above the page's headline."""
    article = _clean(_offer_page(before_headline=True))
    assert "loyalty club" not in article.text and "northern villages" in article.text
    removal = next(r for r in article.removed if "loyalty club" in r.text)
    assert removal.rule == "promo" and "headline" in removal.reason


def test_a_promo_box_of_prose_after_the_headline_stays():
    """The same box inside the story, after the headline: the class token alone takes no prose."""
    article = _clean(_offer_page(before_headline=False))
    assert "loyalty club" in article.text


def test_precedes_reads_document_order():
    import lxml.html

    from cleaner.html.nodes import precedes

    root = lxml.html.document_fromstring(
        '<html><body><div id="a"><p id="b">x</p></div><section><h1 id="h">t</h1><p id="c">y</p></section>'
        "</body></html>")
    el = {e.get("id"): e for e in root.iter() if e.get("id")}
    assert precedes(el["a"], el["h"]) and precedes(el["b"], el["h"])
    assert not precedes(el["c"], el["h"]) and not precedes(el["h"], el["h"])
    assert not precedes(root.find("body"), el["h"])  # it holds the headline
