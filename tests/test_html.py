"""The HTML front end: byte decoding, the structural pre-pass, extraction."""
from __future__ import annotations

import lxml.html
import pytest

from cleaner import Cleaner, Config, clean
from cleaner.html.prune import prepare, prune
from cleaner.errors import RuleError
from cleaner.inputs import decode
from cleaner.rules import DOM_SECTIONS, PACKAGE_RULES, load_rules, parse_rule_file

STORY = ("<p>The council voted on Tuesday to extend the night bus service to the eastern suburbs, "
         "a decision campaigners had sought for more than five years.</p>"
         "<p>The new routes start in March and will run every thirty minutes between midnight and five.</p>")


@pytest.fixture(scope="module")
def rules():
    return prepare(load_rules())


def _prune(rules, body: str):
    tree = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    removed, credits = prune(tree, rules)
    return tree.text_content(), removed, credits


# --- decoding -----------------------------------------------------------------

@pytest.mark.parametrize("data, expected, encoding", [
    ("Grüße".encode("utf-8"), "Grüße", "utf-8"),
    (b"\xef\xbb\xbf" + "Grüße".encode("utf-8"), "Grüße", "utf-8"),
    ("Grüße".encode("utf-16"), "Grüße", "utf-16-le"),
    ('<meta charset="iso-8859-1"><p>Caf\xe9 \u20ac</p>'.encode("cp1252"), '<meta charset="iso-8859-1"><p>Café €</p>',
     "cp1252"),
    ('<meta charset="koi8-r"><p>Привет</p>'.encode("koi8-r"), '<meta charset="koi8-r"><p>Привет</p>', "koi8-r"),
])
def test_decode(data, expected, encoding):
    text, used = decode(data)
    assert text == expected and used == encoding


def test_decode_wrong_declaration_falls_back():
    data = '<meta charset="utf-8"><p>Grüße aus Köln</p>'.encode("cp1252")
    text, used = decode(data)
    assert "Grüße aus Köln" in text and used == "cp1252"


def test_decode_mostly_utf8_keeps_the_good_part():
    data = "<p>Grüße, café, naïve, Zürich</p>".encode("utf-8") + b"\xff<p>end</p>"
    text, used = decode(data)
    assert used == "utf-8" and "Grüße, café, naïve, Zürich" in text and "\ufffd" in text


@pytest.mark.parametrize("data", [b"\xff" * 50, b"<meta charset='x-nonsense'>\x81\x8d\x8f", b"\x80\x81" * 20])
def test_decode_never_crashes(data):
    text, _ = decode(data)
    assert isinstance(text, str)


# --- the pre-pass ---------------------------------------------------------------

def test_rule_file_parses_and_sections_are_known():
    sections = parse_rule_file(PACKAGE_RULES / "dom.txt", DOM_SECTIONS)
    assert sections["promo.class"] and sections["related-links.trigger"]


def test_bad_rule_file_fails_with_line(tmp_path):
    (tmp_path / "dom.txt").write_text("[promo.colour]\nred\n", encoding="utf-8")
    with pytest.raises(RuleError, match="dom.txt:1"):
        prepare(load_rules([tmp_path]))


def test_figure_removed_and_credit_kept(rules):
    body = ('<figure><img src="a.jpg"><figcaption>Crowds at the station. '
            '<span class="credit">Photo: Jan Novak/Reuters</span></figcaption></figure>' + STORY)
    text, removed, credits = _prune(rules, body)
    assert "Crowds at the station" not in text and "night bus service" in text
    assert [r.rule for r in removed] == ["photo-credit"] and removed[0].stage == "dom"
    assert credits == ["Jan Novak/Reuters"]


@pytest.mark.parametrize("token", ["dida", "didascalia"])
def test_an_italian_caption_block_is_a_caption(rules, token):
    """Italian pages name a caption block by "didascalia" and its short form "dida"."""
    body = (f'<div class="foto"><img src="g.png"><div class="{token}">Grafico dei passeggeri notturni 2024</div></div>'
            + STORY)
    text, removed, _ = _prune(rules, body)
    assert "Grafico dei passeggeri" not in text and "night bus service" in text
    assert [(r.rule, r.text) for r in removed] == [("photo-credit", "Grafico dei passeggeri notturni 2024")]


@pytest.mark.parametrize("figure", [
    '<figure><img src="c.png"><figcaption>Chart 2: Bus journeys per year</figcaption></figure>',
    '<figure><table><tr><td>Route 9</td><td>42</td></tr></table><figcaption>Night routes</figcaption></figure>',
    '<figure><img src="c.png"><figcaption>Passenger numbers since the service began</figcaption></figure>'
    '<p>Passenger numbers since the service began have doubled.</p>',
])
def test_story_figures_stay(rules, figure):
    text, removed, _ = _prune(rules, figure + STORY)
    assert removed == []


@pytest.mark.parametrize("widget, rule", [
    ('<div class="share-buttons"><a href="#">Facebook</a> <a href="#">X</a></div>', "promo"),
    ('<div id="cookie-banner"><p>We use cookies.</p><button>OK</button></div>', "promo"),
    ('<div class="ad-slot">Advertisement</div>', "promo"),
    ('<div class="newsletter"><p>Sign up for the daily briefing</p></div>', "promo"),
    ('<section class="related-posts"><a href="/1">Tram fares frozen</a><a href="/2">New depot opens</a></section>',
     "related-links"),
    ('<div><h3>You may also like</h3><ul><li><a href="/1">Tram fares frozen</a></li></ul></div>', "related-links"),
    ('<div id="comments"><h3>Leave a Reply</h3><form><textarea></textarea></form></div>', "comment-form"),
    ('<div><h3>More topics</h3><ul><li><a href="/1">Tram fares frozen</a></li><li><a href="/2">New depot opens</a>'
     "</li></ul></div>", "related-links"),
    ('<div><p>Inhaltsverzeichnis</p><ul><li><a href="#kosten">Kosten</a></li><li><a href="#fristen">Fristen</a>'
     "</li></ul></div>", "related-links"),
    ('<h2>3 Comments</h2><ol><li>Great news for shift workers, finally a way home after a late shift.</li></ol>',
     "comment-form"),
])
def test_widgets_removed(rules, widget, rule):
    text, removed, _ = _prune(rules, STORY + widget)
    assert "night bus service" in text and "every thirty minutes" in text
    assert removed and {r.rule for r in removed} == {rule}, removed


@pytest.mark.parametrize("body", [
    # prose about comments and sharing is content
    "<p>The mayor said public comments on the plan were broadly positive, and that residents share the goal.</p>",
    # a content wrapper whose class merely contains a token stays when it holds paragraphs
    '<div class="post share-enabled">' + STORY * 3 + "</div>",
    # a subheading that is not a widget title
    "<h3>What happens next</h3><p>Officials will publish the timetable in February, they said on Tuesday.</p>",
])
def test_content_stays(rules, body):
    _, removed, _ = _prune(rules, STORY + body)
    assert removed == []


def test_box_left_empty_goes_and_its_tail_stays(rules):
    body = ('<div class="story"><div class="img-box"><p class="caption">Photo: Jan Novak/Reuters</p></div>'
            "The council voted on Tuesday to extend the night bus service.<br>Routes start in March.</div>")
    tree = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    prune(tree, rules)
    assert not tree.xpath("//div[@class='img-box']")
    assert "The council voted on Tuesday" in tree.text_content() and "Jan Novak" not in tree.text_content()
    article = Cleaner().clean(f"<html><head><title>Night buses</title></head><body><h1>Night buses</h1>{body}"
                              "</body></html>", kind="html")
    assert "The council voted on Tuesday" in article.text


def test_tail_text_survives_removal(rules):
    text, removed, _ = _prune(rules, '<p>Before <span class="ad">Ad</span> after the break.</p>' + STORY)
    assert "Before" in text and "after the break." in text and "Ad " not in text


# --- whole pipeline ---------------------------------------------------------------

def test_clean_html_bytes_end_to_end():
    page = ('<html><head><meta charset="windows-1252"><title>Night buses extended - City Paper</title></head><body>'
            '<h1>Night buses extended</h1>' + STORY +
            '<div class="share"><a href="#">Share</a></div></body></html>').encode("cp1252")
    article = Cleaner().clean(page)
    assert article.metadata["kind"] == "html" and article.metadata["title"] == "Night buses extended"
    assert "every thirty minutes" in article.text and "Share" not in article.text
    assert any(r.stage == "dom" and r.rule == "promo" for r in article.removed)


def test_nothing_to_extract():
    article = clean("<html><body></body></html>", kind="html")
    assert article.text == ""


# --- page metadata -------------------------------------------------------------------

def _page(head: str, body: str):
    from cleaner.html.parse import parse

    return parse(f"<html><head>{head}</head><body>{body}{STORY}</body></html>")


@pytest.mark.parametrize("head, body, title", [
    # the site's name in a heading that links home is not the headline
    ("<title>Night buses extended | City Paper</title>",
     '<h1><a href="/" rel="home">City Paper</a></h1><h2>Night buses extended</h2>', "Night buses extended"),
    ("<title>City Paper » Blog Archive » Night buses extended</title>",
     '<h1 class="site-title"><a href="https://example.org/">City Paper</a></h1>', "Night buses extended"),
    # a kicker element ahead of the headline, which og:title gives without it
    ('<meta property="og:title" content="Night buses extended"><title>Night buses extended - City Paper</title>',
     '<h1><span class="kicker">Transport</span> Night buses extended</h1>', "Night buses extended"),
    # a subtitle element after the headline
    ("<title>Night buses extended to the suburbs | City Paper</title>",
     '<h1><span>Night buses extended to the suburbs</span><br><span>Routes start in March</span></h1>',
     "Night buses extended to the suburbs"),
    # the heading says more than the truncated page title: the heading wins
    ("<title>Night buses extended - City Paper</title>",
     "<h1>Night buses extended to the eastern suburbs</h1>", "Night buses extended to the eastern suburbs"),
    # a kicker the markup marks (its class, or a separator hidden from sighted readers) is left out,
    # even when the declared title carries it
    ('<meta property="og:title" content="Transport: Night buses extended">',
     '<h1><span class="article-kicker">Transport</span><span class="visually-hidden">: </span>'
     '<span>Night buses extended</span></h1>', "Night buses extended"),
    ('<meta property="og:title" content="Transport: Night buses extended">',
     '<h1><span>Transport</span><span class="sr-only">: </span><span>Night buses extended</span></h1>',
     "Night buses extended"),
    ('<meta property="og:title" content="Transport - Night buses extended">',
     '<h1><a href="/night-buses"><span class="label">Transport</span> Night buses extended</a></h1>',
     "Night buses extended"),
    # ... an unmarked one stays
    ('<meta property="og:title" content="Editor\'s Letter: night buses">',
     "<h1><b>Editor's Letter:</b><i> night buses</i></h1>", "Editor's Letter: night buses"),
    # a declared title equal to the marked kicker: the rest of the heading is the headline
    ('<meta property="og:title" content="Night bus timetable: all routes">',
     '<h1><span class="roofline">Night bus timetable: all routes</span> How the new night buses run</h1>',
     "How the new night buses run"),
    # the h1 agrees with <title>, a lesser heading with og:title (written for social media): the h1
    ('<meta property="og:title" content="Night buses: the city extends its service">'
     "<title>Night buses extended to the suburbs | City Paper</title>",
     "<h1>Night buses extended to the suburbs</h1><h2>Night buses: the city extends its service</h2>",
     "Night buses extended to the suburbs"),
    # ... but two parts of one declared title rank as they stand there
    ("<title>Night buses extended | Transport news</title>",
     "<h1>Transport news</h1><h2>Night buses extended</h2>", "Night buses extended"),
    # a heading equal to the declared title stays whole, kicker-like words included
    ('<meta property="og:title" content="Transport: Night buses extended">',
     "<h1>Transport: Night buses extended</h1>", "Transport: Night buses extended"),
    # hidden headings and soft hyphens
    ("<title>Night buses extended | City Paper</title>",
     '<h1 class="screen-reader-text">City Paper</h1><h1>Night bus\xades ex\xadtended</h1>', "Night buses extended"),
    # no declared title: the one h1
    ("", "<h1>Willkommen</h1>", "Willkommen"),
    # a declared title cut short for search engines: the h1 that carries on wins
    ('<meta property="og:title" content="Night buses extended">',
     "<h2>Night buses extended</h2><h1>Night buses extended: from March</h1>",
     "Night buses extended: from March"),
    # twitter:title without the kicker the other declared titles carry
    ('<meta property="og:title" content="Transport: Night buses extended">'
     '<meta name="twitter:title" content="Night buses extended">',
     '<h1><span>Transport</span> - <span>Night buses extended</span></h1>', "Night buses extended"),
    # a date standing as a title part of its own
    ("<title>05.03.2024 - Night buses extended</title>", "<h1>05.03.2024 - Night buses extended</h1>",
     "Night buses extended"),
    # ruby annotations over kanji are not part of the headline
    ("<title>法律ができる</title>", "<h1><ruby>法律<rt>ほうりつ</rt></ruby>ができる</h1>", "法律ができる"),
    # a Chinese page title joins the site's name without spaces
    ("<title>夜间公交延长运营-城市日报</title>", "", "夜间公交延长运营"),
    # ... which a hyphen between Latin words does not do
    ("<title>Night-bus routes extended</title>", "", "Night-bus routes extended"),
    # a part that is a host name names the site
    ("<title>citypaper.example.org | Night buses extended</title>", "", "Night buses extended"),
    # no heading equals a part of the page title: the heading that holds one as whole words
    ("<title>Harbour Fire Brigade - Training</title>",
     "<h2>Menu</h2><h2>Diving training</h2><h2>Trainingsplan</h2>", "Diving training"),
    # none holds one: the longest part
    ("<title>Harbour Fire Brigade - Training</title>", "<h2>Menu</h2>", "Harbour Fire Brigade"),
    # a heading whose link goes nowhere ("#") is not a link home: it can be the headline
    ('<meta property="og:title" content="Night buses for the ">'
     '<title>Night buses for the "late shift" extended</title>',
     '<h2 class="title"><a href="#">Night buses for the "late shift" extended</a></h2>',
     'Night buses for the "late shift" extended'),
    # no heading equals a declared title: the h1 that begins with one, not a lesser heading inside one
    ("<title>Juicy lemon sheet cake | Baking Daily</title>",
     "<h1>Juicy lemon sheet cake: simply delicious!</h1><h2>Sheet cake variations</h2><h2>Lemon sheet cake</h2>",
     "Juicy lemon sheet cake: simply delicious!"),
    # a kicker the markup marks is left out when the heading is read for want of a declared match
    ("<title>Worm box | Garden Weekly</title>",
     '<h1><span class="article-header__roofline">Worm box</span> Build a worm box yourself</h1>',
     "Build a worm box yourself"),
    # styles inside a heading are no text: here they hid a kicker with a hidden separator
    ('<meta property="og:title" content="Press releases">'
     "<title>Booster shots available everywhere until the end of February</title>",
     '<h1><style>.k{font-size:16px}</style><span class="k">Press release<style>.h{clip:rect(0 0 0 0)}</style>'
     '<span class="h">:</span></span>Booster shots available everywhere until the end of February</h1>',
     "Booster shots available everywhere until the end of February"),
    # no heading equals a declared title, but the h1 says it in nearly the same words: the h1
    ('<meta property="og:title" content="Would you like to join our testers club?">'
     "<title>Testers Club - Quick refreshed hair anywhere with the new 10-in-1 dry shampoo</title>",
     "<h1>Quick refreshed hair anywhere with the 10-in-1 dry shampoo</h1><h2>Product details</h2><h1>How to use</h1>",
     "Quick refreshed hair anywhere with the 10-in-1 dry shampoo"),
    # ... also with a typo in the h1
    ("<title>The climate clock has started ticking: seven years left to act - Green Daily</title>",
     "<h1>Tne climate clock has started ticking: seven years left to act</h1><h2>The climate clock</h2>",
     "Tne climate clock has started ticking: seven years left to act"),
    # ... but an h1 sharing only a few words is another heading (here the section's)
    ("<title>Night buses extended to the eastern suburbs | City Paper</title>",
     "<h1>Buses and trams in the eastern suburbs</h1><h1>Weather</h1>", "Night buses extended to the eastern suburbs"),
])
def test_title_from_headings_and_declared_titles(head, body, title):
    from cleaner.meta import read_metadata

    assert read_metadata(_page(head, body))["title"] == title


def test_metadata_from_meta_tags_and_json_ld():
    from cleaner.meta import read_metadata

    head = ('<meta property="og:site_name" content="City Paper">'
            '<link rel="canonical" href="https://example.org/night-buses">'
            '<meta name="description" content="The night bus service is extended.">'
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Night buses extended",'
            ' "datePublished": "2024-03-05T08:00:00+01:00", "author": {"@type": "Person", "name": "Ana Lopez"}}'
            "</script>")
    meta = read_metadata(_page(head, "<h1>Night buses extended</h1>"))
    assert meta["title"] == "Night buses extended" and meta["date"] == "2024-03-05"
    assert meta["author"] == "Ana Lopez" and meta["sitename"] == "City Paper"
    assert meta["url"] == "https://example.org/night-buses"
    assert meta["description"] == "The night bus service is extended."


@pytest.mark.parametrize("authors, site, author", [
    # the site's name given with the writer's is the site, not an author
    ('<meta name="author" content="Ana Lopez, City Paper">', "City Paper", "Ana Lopez"),
    # ... also when the site calls itself by its host name, or a tag gives a host name
    ('<meta name="author" content="City Paper, Ana Lopez">', "CITYPAPER.COM", "Ana Lopez"),
    ('<meta name="author" content="Ana Lopez"><meta property="article:author" content="facebook.com">',
     "City Paper", "Ana Lopez"),
    # two people stay two people
    ('<meta name="author" content="Ana Lopez, Ben Okafor">', "City Paper", "Ana Lopez; Ben Okafor"),
    # the site's name alone is kept: better than no author
    ('<meta name="author" content="City Paper">', "City Paper", "City Paper"),
])
def test_site_is_no_author(authors, site, author):
    from cleaner.meta import read_metadata

    head = f'<meta property="og:site_name" content="{site}">{authors}'
    assert read_metadata(_page(head, "<h1>Night buses extended</h1>"))["author"] == author


@pytest.mark.parametrize("byline, author", [
    ('<p class="byline">By Ana Lopez</p>', "Ana Lopez"),
    ('<span class="post-author">Posted by Ana Lopez</span>', "Ana Lopez"),
    ('<span class="author">Veröffentlicht von Ana</span>', "Ana"),
    ('<span class="author-date">Posted on</span>', None),
    # a link to the writer's page on the site, its "more by" label dropped
    ('<div class="meta"><a href="/autoren/ana-lopez/">Ana Lopez</a>, 5. März 2024</div>', "Ana Lopez"),
    ('<p><a href="https://example.org/author/ana-lopez">Alle Beiträge von Ana Lopez</a></p>', "Ana Lopez"),
    ('<p><a href="/author/ana-lopez/"><img alt="Ana Lopez"> Ana Lopez</a></p>', "Ana Lopez"),
    ('<p><a href="/author/ana-lopez/">© Ana Lopez Ana Lopez</a></p>', "Ana Lopez"),
    # a link to the list of all writers names nobody
    ('<p><a href="/authors/">Our authors</a></p>', None),
    # labels, glued or not, and what follows a name in a byline
    ('<span class="author-link">| Autor: Ana Lopez</span>', "Ana Lopez"),
    ('<span class="byline">Veröffentlicht vonAna Lopez</span>', "Ana Lopez"),
    ('<div class="detail_author"><span>责任编辑：李明</span></div>', "李明"),
    ('<div class="teaser-box author short">Ana Lopez Alle Artikel</div>', "Ana Lopez"),
    ('<div class="article-author">Text: Ana Lopez Fotos: Ben Okafor</div>', "Ana Lopez"),
    # a block whose class names the author holds the name ...
    ('<div class="content__author"><a href="#">Ana Lopez und Ben Okafor</a></div>', "Ana Lopez; Ben Okafor"),
    ('<div class="entry-author-text">jesusfreak</div>', "jesusfreak"),
    # ... not a sentence, a source credit or a photo credit
    ('<div class="author-box">Credaris ist ein Partner-Service</div>', None),
    ('<p class="source-author">Źródło: Statista</p>', None),
    ('<div class="image-author">PAP/ Ben Okafor</div>', None),
    # a comment's author is not the story's
    ('<div class="comment-author">Ben Okafor</div>', None),
    # unmarked: a byline in a block of its own under the headline, in the forms pages write it
    ("<p>Von Ana Lopez</p>", "Ana Lopez"),
    ("<p><em>Text von Ana Lopez</em>, Illustration von Ben Okafor</p>", "Ana Lopez"),
    ("<div>Posted on March 5, 2024 by Ana Lopez</div>", "Ana Lopez"),
    ("<p>par Ana de la Cruz le 12 mars 2024</p>", "Ana de la Cruz"),
    ("<p>05.03.2024 13:30</p><p>von <a href='#'>Ana Lopez</a> | Politik</p>", "Ana Lopez"),
    # not "by" inside a sentence, nor a byline in a sidebar or far down the story
    ("<p>Ein Film von Wim Wenders läuft ab Donnerstag in den Kinos der Stadt.</p>", None),
    ("<p>Von Montag an fahren die Nachtbusse bis in die östlichen Vororte.</p>", None),
    ("<p>By Monday, the council will run night buses to the eastern suburbs.</p>", None),
    ("<aside><p>Von Ben Okafor</p></aside>", None),
    ("<p>" + "The city will run more night buses on four lines. " * 14 + "</p><p>By Ana Lopez</p>", None),
])
def test_byline_when_no_declared_author(byline, author):
    from cleaner.meta import read_metadata

    meta = read_metadata(_page("<title>Night buses extended</title>", "<h1>Night buses extended</h1>" + byline))
    assert meta.get("author") == author


@pytest.mark.parametrize("declared, author", [
    # the name without its label, a degree standing alone or initials that repeat a name
    ("Interview: Ana Lopez", "Ana Lopez"),
    ("Erstellt von Ana Lopez", "Ana Lopez"),
    ("Ana Lopez, PhD", "Ana Lopez"),
    ("Ana Lopez, AL", "Ana Lopez"),
    ("Ana Lopez, Ben Okafor", "Ana Lopez; Ben Okafor"),
])
def test_declared_author_names(declared, author):
    from cleaner.meta import read_metadata

    head = f'<meta name="author" content="{declared}">'
    assert read_metadata(_page(head, "<h1>Night buses extended</h1>"))["author"] == author


@pytest.mark.parametrize("declared", ["City Paper", "citypaper.com", "Citypaper Com"])
def test_the_sites_name_as_author_gives_way_to_the_byline(declared):
    from cleaner.meta import read_metadata

    head = f'<meta property="og:site_name" content="City Paper"><meta name="author" content="{declared}">'
    page = _page(head, "<h1>Night buses extended</h1><p>Von Ana Lopez | 05.03.2024</p>")
    assert read_metadata(page)["author"] == "Ana Lopez"


def test_placeholder_author_gives_way_to_the_byline():
    from cleaner.meta import read_metadata

    page = _page('<meta name="author" content="admin">', '<h1>Night buses extended</h1><p class="byline">By Ana Lopez</p>')
    assert read_metadata(page)["author"] == "Ana Lopez"
    assert "author" not in read_metadata(_page('<meta name="author" content="No Author">', "<h1>Night buses</h1>"))


@pytest.mark.parametrize("html, expected", [
    ("a&#1;b&#x41;&#10;", "a b&#x41;&#10;"),
    ("&#0001;&#x1F;&#127;&#x7f;&#x000000001;", "     "),
    ("&#8220;&#1000;&#x100;&#12345678901;", "&#8220;&#1000;&#x100;&#12345678901;"),
    ("&#039;&#32;&#x20;&#9;&#x0A;&#12;&#13;&#128;&#x80;&#1270;&#x7f0;", "&#039;&#32;&#x20;&#9;&#x0A;&#12;&#13;&#128;&#x80;&#1270;&#x7f0;"),
    ("&#x0b;&#11;&#14&#31;&#x1e;a", "     a"),
    ("raw\x01\x0b\x0c\x7f controls, \ufffe\uffffnon-characters", "raw     controls, non-characters"),
])
def test_control_references_become_spaces(html, expected):
    from cleaner.html.parse import strip_controls

    assert strip_controls(html) == expected


@pytest.mark.parametrize("published, date", [
    ("2024-03-05T00:30:00+02:00", "2024-03-05"),   # the local day, not the UTC one (the 4th)
    ("2024-03-04T23:30:00-05:00", "2024-03-04"),
])
def test_publication_date_is_the_local_day(published, date):
    from cleaner.meta import read_metadata

    head = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
            f' "headline": "Night buses extended", "datePublished": "{published}"}}</script>')
    assert read_metadata(_page(head, "<h1>Night buses extended</h1>"))["date"] == date


@pytest.mark.parametrize("body, date", [
    # the time under the headline, not the meta tag's day the page was generated
    ('<h1>Night buses extended</h1><div class="meta"><time datetime="2024-03-05T08:00:00+01:00">5 March</time></div>',
     "2024-03-05"),
    # times ahead of the headline (today's date in the masthead) do not count
    ('<header><time datetime="2024-03-09">Saturday</time></header><h1>Night buses extended</h1>', "2024-03-07"),
    # nor do those of related stories, menus, comments or sidebars
    ('<h1>Night buses extended</h1><ul class="related-posts"><li><time datetime="2023-01-02">2 Jan</time></li></ul>',
     "2024-03-07"),
    ('<h1>Night buses extended</h1><aside><time datetime="2023-01-02">2 Jan</time></aside>', "2024-03-07"),
    ('<h1>Night buses extended</h1><div id="comments"><time datetime="2024-04-01">1 Apr</time></div>', "2024-03-07"),
    # a list of the story's own details is no listing
    ('<h1>Night buses extended</h1><ul class="article-meta"><li><time datetime="2024-03-05">5 March</time></li></ul>',
     "2024-03-05"),
    # the time of the last change is not the publication's; WordPress's post date is
    ('<h1>Night buses extended</h1><time class="last-updated" datetime="2024-03-06">6 March</time>'
     '<time itemprop="dateModified" datetime="2024-03-06">6 March</time><time datetime="2024-03-05">5 March</time>',
     "2024-03-05"),
    ('<h1>Night buses extended</h1><time class="entry-date published updated" datetime="2024-03-05">5 March</time>',
     "2024-03-05"),
    # past 20 times that do not qualify, the page is an archive: none is read
    ('<h1>Night buses extended</h1>' + '<aside><time datetime="2023-01-02">2 Jan</time></aside>' * 21
     + '<time datetime="2024-03-05">5 March</time>', "2024-03-07"),
    ('<h1>Night buses extended</h1>' + '<aside><time datetime="2023-01-02">2 Jan</time></aside>' * 19
     + '<time datetime="2024-03-05">5 March</time>', "2024-03-05"),
    # a date in the future is no publication date
    ('<h1>Night buses extended</h1><time datetime="2999-01-01">soon</time>', "2024-03-07"),
])
def test_publication_date_under_the_headline(body, date):
    from cleaner.meta import read_metadata

    head = '<meta name="date" content="2024-03-07">'
    assert read_metadata(_page(head, body))["date"] == date


_BYLINE = '<h1>Night buses extended</h1><p class="byline">By Ana Lopez | {}</p>'


@pytest.mark.parametrize("body, date", [
    # the dateline a reader sees under the headline, in the forms pages write it
    (_BYLINE.format("05.03.2024, 12:01 Uhr"), "2024-03-05"),
    (_BYLINE.format("Updated Mar 5, 2024 @ 10:42 am"), "2024-03-05"),
    (_BYLINE.format("5. März 2024"), "2024-03-05"),
    (_BYLINE.format("05 de marzo 2024, 12:00 A. M."), "2024-03-05"),
    (_BYLINE.format("2024-03-05 15:03:30"), "2024-03-05"),
    ('<h1>Night buses extended</h1><dl><dt>Published:</dt><dd>05.03.2024</dd></dl>', "2024-03-05"),
    # first in a long paragraph, set off by a dash
    ('<h1>Night buses extended</h1><p>05.03.2024 – The city will run night buses on four more lines from '
     'April, the transport authority said on Tuesday, after a year of trials on two routes.</p>', "2024-03-05"),
    # the site's name in an h1 above the story's headline is not the headline
    ('<h1 class="site-title"><a href="/">Tageblatt</a></h1><p>Friday, 08.03.2024</p>'
     '<h1>Night buses extended</h1><p>05.03.2024</p>', "2024-03-05"),
    # a hidden copy of the last change is not the date shown
    ('<h1>Night buses extended</h1><span class="updated rich-snippet-hidden">2024-03-06T10:00:00</span>'
     '<span>5. März 2024</span>', "2024-03-05"),
    # dates that are not the page's: inside a sentence, another event's, a credit's, a range's end
    ('<h1>Night buses extended</h1><p>The next meeting is on 5 February 2024 at the town hall.</p>', "2024-03-07"),
    ('<h1>Night buses extended</h1><p>Deadline: 15.03.2024</p>', "2024-03-07"),
    ('<h1>Night buses extended</h1><span>Release:</span> <span>14.11.2023</span>', "2024-03-07"),
    ('<h1>Night buses extended</h1><p>© Ana Lopez, 31.05.2013</p>', "2024-03-07"),
    ('<h1>Night buses extended</h1><p>Exhibition 9-23 Feb 2024</p>', "2024-03-07"),
    # nor one ahead of the headline, in a sidebar, in the future or past the first 1,000 characters
    ('<p>Friday, 08.03.2024</p><h1>Night buses extended</h1>', "2024-03-07"),
    ('<h1>Night buses extended</h1><aside><p>01.03.2024</p></aside>', "2024-03-07"),
    ('<h1>Night buses extended</h1><p>01.01.2999</p>', "2024-03-07"),
    ('<h1>Night buses extended</h1>' + '<p>The city will run more night buses.</p>' * 30 + '<p>05.03.2024</p>',
     "2024-03-07"),
])
def test_publication_date_in_the_visible_dateline(body, date):
    from cleaner.meta import read_metadata

    head = '<meta name="date" content="2024-03-07">'
    assert read_metadata(_page(head, body))["date"] == date


def test_publication_date_reads_the_users_month_names_and_other_dates(tmp_path):
    """A user's datelines.txt reaches the page date: its month names ("5 Mart 2024",
    Turkish) are read, its other-date words ("Oylama:", a vote's day) skipped."""
    (tmp_path / "datelines.txt").write_text("[months]\nMart = 3\n\n[other-dates]\noylama\n", encoding="utf-8")
    page = ('<html><head><meta name="date" content="2024-03-07"></head><body>'
            "<h1>Night buses extended</h1><p>{}</p>" + STORY + "</body></html>")
    packaged, users = Cleaner(), Cleaner(Config(rule_dirs=(tmp_path,)))
    assert packaged.clean(page.format("5 Mart 2024"), kind="html").metadata["date"] == "2024-03-07"
    assert users.clean(page.format("5 Mart 2024"), kind="html").metadata["date"] == "2024-03-05"
    assert packaged.clean(page.format("Oylama: 01.03.2024"), kind="html").metadata["date"] == "2024-03-01"
    assert users.clean(page.format("Oylama: 01.03.2024"), kind="html").metadata["date"] == "2024-03-07"


# --- the parse and what the extractor is given ----------------------------------------

def test_parse_gives_html_elements_without_the_per_element_class_lookup():
    from cleaner.html.parse import parse

    tree = parse("<html><body><form><label>Name</label><input name='q'></form>" + STORY + "</body></html>")
    assert all(isinstance(el, lxml.html.HtmlElement) for el in tree.iter())
    # one class for every element: a <form> is no FormElement (the lookup that picks it runs in Python)
    assert type(tree.find(".//form")) is lxml.html.HtmlElement
    assert "every thirty minutes" in tree.text_content()


@pytest.mark.parametrize("text", ["", "just a sentence, no markup at all"])
def test_parse_refuses_what_is_not_html(text):
    from cleaner.html.parse import parse

    assert parse(text) is None


def test_parse_takes_a_string_that_declares_its_encoding():
    from cleaner.html.parse import parse

    tree = parse('<?xml version="1.0" encoding="utf-8"?><html><body>' + STORY + "</body></html>")
    assert "night bus service" in tree.text_content()


def test_code_dropped_before_extraction_keeps_tails_and_json_ld():
    from cleaner.html.parse import parse
    from cleaner.html.prune import drop_code

    ld = '{"@type": "DiscussionForumPosting"}'
    tree = parse(f'<html><head><meta charset="utf-8"><link rel="x"><style>p {{}}</style>'
                 f'<script type="application/ld+json">{ld}</script></head><body>'
                 '<p>Before <script>var a = 1;</script>after <svg><path d="M0"/></svg>the script.</p>'
                 f'{STORY}</body></html>')
    drop_code(tree)
    assert [el.tag for el in tree.iter("script", "style", "svg", "link", "meta")] == ["script"]
    assert tree.find(".//script").text == ld
    assert "Before after the script." in tree.text_content()


def test_script_text_does_not_count_as_page_text_for_the_full_search():
    """A short article on a page whose inline scripts hold far more text than it:
    the scripts are no article the fast extraction missed."""
    from cleaner.html.extract import ExtractOptions
    from cleaner.html.stages import extract_html

    page = ("<html><body><script>" + "var x = 'a long inline script'; " * 400 + "</script>"
            "<h1>Night buses extended</h1>" + STORY + "</body></html>")
    import cleaner.html.pagetext as pagetext

    calls = []
    original = pagetext.PageText.misses
    try:
        pagetext.PageText.misses = lambda self, *args: calls.append(original(self, *args)) or calls[-1]
        text, _, _ = extract_html(page, options=ExtractOptions())
    finally:
        pagetext.PageText.misses = original
    assert calls == [False] and "every thirty minutes" in text


def test_link_text_the_fast_result_left_out_is_no_reason_for_the_full_search():
    """A short story on a page of menus and link lists: the page holds many times the
    story's text, but all of it is links, which the story never held. The full search
    (17% of the first dev set's HTML time when the page size alone sent pages to it)
    would find no more; a block of text left out would send it."""
    import cleaner.html.pagetext as pagetext
    from cleaner.html.extract import ExtractOptions
    from cleaner.html.stages import extract_html

    menu = "".join(f"<li><a href='/s{k}'>Section number {k} of the site's long menu</a></li>" for k in range(30))
    calls = []
    original = pagetext.PageText.misses
    try:
        pagetext.PageText.misses = lambda self, *args: calls.append(original(self, *args)) or calls[-1]
        for extra, fired in (("", False), ("<div class='box'>" + "<div>A letter from a reader says the night "
                                           "buses were late on every weekend of the summer.</div>" * 12
                                           + "</div>", True)):
            calls.clear()
            page = f"<html><body><ul class='menu'>{menu}</ul><article><h1>Night buses</h1>{STORY}</article>{extra}</body></html>"
            text, _, _ = extract_html(page, options=ExtractOptions())
            assert calls == [fired] and "every thirty minutes" in text
    finally:
        pagetext.PageText.misses = original


def test_parse_refuses_markup_nested_beyond_the_parser_limit():
    from cleaner.errors import InputError
    from cleaner.html.parse import parse

    for page in ("<div>" * 20_000, "<html><body>" + "<div>" * 300 + "deep text" + "</div>" * 300 + "</body></html>"):
        with pytest.raises(InputError, match="parsed whole"):
            parse(page)


def test_class_and_heading_answers_are_kept_across_pages_and_bounded(monkeypatch):
    import cleaner.html.prune as dom

    fresh = prepare(load_rules())
    page = '<div class="share-tools"><a href="#">Share</a></div><h3>You may also like</h3><ul><li><a href="/a">A</a></li></ul>'
    first = _prune(fresh, page + STORY)
    assert "share-tools " in fresh.class_memo and "You may also like" in fresh.trigger_memo
    assert _prune(fresh, page + STORY) == first  # the remembered answers give the same removals
    assert [r.rule for r in first[1]] == ["promo", "related-links", "related-links"]  # heading, list
    monkeypatch.setattr(dom, "MAX_MEMO", 1)
    assert _prune(fresh, page + STORY) == first  # over the limit, the memos start afresh: the same removals
    assert len(fresh.class_memo) <= 1 and len(fresh.trigger_memo) <= 1


@pytest.mark.parametrize("boxes, kept", [
    ("<aside><p>Related: the tram plans</p></aside><footer><p>Contact us</p></footer>", False),
    # a page whose every paragraph sits in an aside: trafilatura's recall mode reads them, so they stay
    ("<aside><p>The whole story, in an aside.</p></aside>", True),
])
def test_asides_and_footers_dropped_unless_they_hold_every_paragraph(boxes, kept):
    from cleaner.html.parse import parse
    from cleaner.html.prune import drop_boxes

    tree = parse(f"<html><body>{boxes}{STORY if not kept else ''}</body></html>")
    drop_boxes(tree)
    assert (tree.find(".//aside") is not None) is kept


def _extraction_pages():
    """The HTML fixtures and pages that take each branch of the extraction steps."""
    from pathlib import Path

    pages = [decode(p.read_bytes())[0]
             for p in sorted((Path(__file__).parent.parent / "fixtures" / "articles").glob("*.html"))]
    menu = "".join(f'<li><a href="/s/{i}">Section number {i} of the site menu</a></li>' for i in range(150))
    teasers = "".join(f"<div><div>Teaser {i}</div><div>A teaser line that runs on for a while, {i}.</div></div>"
                      for i in range(120))
    pages += [
        # a short story on a page holding far more text: the recall retry's page measure is taken
        f"<html><body><ul>{menu}</ul><article><p>{STORY}</p></article><div>{teasers}</div></body></html>",
        # a story a little shorter than its page: the upper bound rules the retry out
        f"<html><body><ul>{menu[:600]}</ul><article>{STORY * 3}</article></body></html>",
        # almost no text: the baseline rescue
        "<html><body><div><span>Just one short line of text here.</span></div></body></html>",
        # minified blocks: the page measure spaces them apart
        "<html><body>" + "".join(f"<div>word{i}</div>" for i in range(300)) + f"<p>{STORY}</p></body></html>",
    ]
    return pages


@pytest.mark.parametrize("fast", [True, False])
def test_extraction_steps_give_what_bare_extraction_gives(fast):
    """The main text comes from trafilatura's own steps without bare_extraction's
    copy of the tree and with the page measure taken only when needed: the same
    text as bare_extraction, on every HTML fixture and on pages for each branch."""
    import cleaner.html.extract as extract
    from cleaner.html.parse import parse

    if extract._steps() is None:
        pytest.skip("this trafilatura is not the 2.3 series: bare_extraction itself runs")
    options = extract.ExtractOptions()
    for html in _extraction_pages():
        ours = extract.main_text(parse(html), options, fast)
        theirs = extract._bare_extraction(parse(html), options, fast)
        assert ours == theirs, html[:200]


def test_a_fast_result_judged_short_is_the_full_search_on_the_same_tree():
    """The full search that follows a fast result judged short of the page gives what
    trafilatura's own fast=False gives; a result judged whole is the fast one."""
    import cleaner.html.extract as extract
    from cleaner.html.parse import parse

    if extract._steps() is None:
        pytest.skip("this trafilatura is not the 2.3 series: bare_extraction itself runs")
    options = extract.ExtractOptions()
    for html in _extraction_pages():
        full = extract._bare_extraction(parse(html), options, fast=False)
        fast = extract._bare_extraction(parse(html), options, fast=True)
        assert extract.main_text(parse(html), options, True, lambda *args: True) == full, html[:200]
        assert extract.main_text(parse(html), options, True, lambda *args: False) == fast, html[:200]


def test_page_text_bound_is_never_below_the_measure():
    from trafilatura.baseline import html2txt

    import cleaner.html.extract as extract
    from cleaner.html.parse import parse

    for html in _extraction_pages():
        tree = parse(html)
        assert extract._page_text_bound(tree) >= len(html2txt(tree)), html[:200]


def test_removals_record_no_script_code(rules):
    from cleaner.html.stages import extract_html

    page = ('<html><body><h1>Night buses extended</h1>' + STORY +
            '<div class="share">Share this <script>googletag.cmd.push(function() {});</script></div></body></html>')
    _, _, removed = extract_html(page, rules)
    share = [r for r in removed if r.rule == "promo"]
    assert [r.text for r in share] == ["Share this"]


def test_each_thread_parses_with_its_own_parser():
    import threading

    from cleaner.html.parse import html_parser, parse

    parsers, texts = [], []

    def work():
        parsers.append(html_parser())
        texts.append(parse(f"<html><body>{STORY}</body></html>").text_content())

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(p) for p in parsers}) == 3 and html_parser() not in parsers
    assert all("night bus service" in t for t in texts)


# --- the title round trip ----------------------------------------------------------

def _article_page(title: str, body: str, h1: str = None) -> str:
    h1 = title if h1 is None else h1
    return (f"<html><head><title>{title}</title></head><body><article><h1>{h1}</h1>{body}"
            "</article></body></html>")


@pytest.mark.parametrize("title, opening", [
    # the story's first word merely begins with the title's
    ("Storm", "Storms hit the coast on Monday, cutting power to thousands of homes in the region."),
    # the story's first sentence opens with the title's words
    ("The mayor", "The mayor said on Monday that the old river bridge would reopen to traffic next week."),
])
@pytest.mark.parametrize("h1", [True, False])
def test_a_paragraph_that_opens_with_the_title_keeps_its_words(title, opening, h1):
    """With the headline on the page, it goes as a line of its own; without (the title from
    <title> only), the story's first paragraph begins with the title's words and stays whole."""
    article = clean(_article_page(title, f"<p>{opening}</p>{STORY}", h1=None if h1 else ""), kind="html")
    assert article.metadata["title"] == title
    assert article.text.startswith(opening)
    assert [(r.rule, r.text) for r in article.removed] == ([("title", title)] if h1 else [])


@pytest.mark.parametrize("title", ["Will the night buses run all winter?", "Night buses are back!"])
def test_a_headline_ending_in_question_or_exclamation_mark_leaves_the_body(title):
    article = clean(_article_page(title, STORY), kind="html")
    assert article.metadata["title"] == title
    assert title not in article.text and article.text.startswith("The council voted on Tuesday")
    assert [(r.rule, r.text, r.stage) for r in article.removed] == [("title", title, "dom")]


def test_no_title_line_left_in_the_body_when_a_subheading_opens_the_story():
    """The title went back into the text as its first line, and the `title` pass kept it
    there when the next line did not read like a sentence (a subheading)."""
    page = _article_page("Night buses extended", "<h2>What changes in March</h2>" + STORY)
    article = clean(page, kind="html")
    assert article.metadata["title"] == "Night buses extended"
    assert "Night buses extended" not in article.text
    assert article.text.startswith("What changes in March\n\nThe council voted")


def test_the_headline_goes_as_a_whole_line_only_once():
    """A later paragraph that repeats the headline, and a first paragraph whose first line
    is the headline followed by more lines of its own, keep their words."""
    title = "Night buses extended"
    body = f"<p>{title}<br>is what the council announced on Tuesday, to general relief.</p>{STORY}<p>{title}</p>"
    article = clean(_article_page(title, body, h1=""), kind="html")
    assert article.text.startswith(f"{title}\nis what the council announced")
    assert article.text.endswith(title)
    assert not any(r.rule == "title" for r in article.removed)


def test_the_title_pass_leaves_html_text_alone():
    """With the title in the metadata the first line of the text is the story's, even when it
    reads like a heading above a sentence."""
    page = _article_page("Night buses extended", "<p>By Jane Doe</p>" + STORY)
    article = clean(page, kind="html")
    assert article.metadata["title"] == "Night buses extended"
    assert article.text.startswith("By Jane Doe\n\nThe council voted")


def test_html_text_has_one_blank_line_between_paragraphs():
    body = ("<p>The council voted on Tuesday to extend the night bus service to the eastern suburbs.</p>"
            "<p>Harbour Road 1<br>Eastville</p><h2>What changes</h2><ul><li>Route 9 every 30 minutes</li>"
            "<li>Route 12 every hour</li></ul><blockquote><p>A good day for shift workers, said the union.</p>"
            "</blockquote><p>The new routes start in March and will run every thirty minutes.</p>")
    article = clean(_article_page("Night buses extended", body), kind="html")
    assert article.text.split("\n\n") == [
        "The council voted on Tuesday to extend the night bus service to the eastern suburbs.",
        "Harbour Road 1\nEastville",  # a <br> is a line break, not a paragraph
        "What changes",
        "- Route 9 every 30 minutes\n- Route 12 every hour",  # a list's items: lines of one paragraph
        "A good day for shift workers, said the union.",
        "The new routes start in March and will run every thirty minutes.",
    ]


# --- telling HTML from text -----------------------------------------------------------

QUOTED_PAGE = "<html><head><title>Hello</title></head><body><p>Hello, world.</p></body></html>"


@pytest.mark.parametrize("text, kind", [
    (f"A page: {QUOTED_PAGE} That is all a browser needs, the tutorial says, and it explains each tag in turn.",
     "text"),
    (f"The smallest page is short.\n\n{QUOTED_PAGE}\n\nEvery tag in it has a job: the head holds what the browser"
     " shows in its tab, the body what it shows in the window.", "text"),
    ("Tags such as <p>, <div> and <span> are the bread and butter of <b>every</b> page, and <a href> links them.",
     "text"),
    # the quote ends the story but for one short sentence: still a quote, not a page's stray line
    (f"How to write a page\n\nThe smallest page there is:\n\n{QUOTED_PAGE}\n\nThat is all.", "text"),
    (f"<!-- saved by a crawler -->\n<?xml version='1.0'?>\n{QUOTED_PAGE}", "html"),
    (f"Warning: session_start(): headers already sent on line 3\n<!DOCTYPE html>{QUOTED_PAGE}\n", "html"),
    ("<div class='story'><p>A fragment of a page, as a JSON field holds it.</p></div>", "html"),
    (f"<style>\n  div.grid {{ display: grid; }}\n</style>\n{QUOTED_PAGE}", "html"),
    (f"<!DOCTYPE html><html><body>{STORY}", "html"),  # a page cut short
])
def test_detect_kind(text, kind):
    from cleaner.inputs import detect_kind

    assert detect_kind(text) == kind


def test_cleaning_the_text_of_a_story_that_quotes_a_page_again_keeps_it():
    """The clean text of an HTML tutorial holds the page it quotes: cleaned again with
    kind="auto" it is text, and its story stays."""
    listing = QUOTED_PAGE.replace("<", "&lt;").replace(">", "&gt;")
    page = _article_page("Your first web page", "<p>Start with the smallest page there is.</p>"
                         f"<pre><code>{listing}</code></pre>"
                         "<p>Save it as index.html and open it in any browser: the words of the body appear in the"
                         " window, the title in the tab.</p>" + STORY)
    once = clean(page)
    assert "Save it as index.html" in once.text and "<body>" in once.text
    again = clean(once.text)
    assert again.metadata["kind"] == "text" and again.text == once.text


def test_a_users_figure_credit_token_is_one_line_of_dom_txt(tmp_path):
    """The class/id tokens of a figure's credit element are rule data ([figure.credit] of
    dom.txt, issue 21), not a list in the code: a user's token reaches the credit reader."""
    (tmp_path / "dom.txt").write_text("[figure.credit]\nfotonachweis\n", encoding="utf-8")
    page = ("<html><body><article><h1>Night ferries extended</h1>" + STORY +
            '<figure><img src="a.jpg"><figcaption>A ferry at dawn. <span class="fotonachweis">Anna Berg</span>'
            "</figcaption></figure>" + STORY + "</article></body></html>")
    assert Cleaner().clean(page, kind="html").metadata.get("image_credits", []) == []
    users = Cleaner(Config(rule_dirs=(tmp_path,))).clean(page, kind="html")
    assert users.metadata["image_credits"] == ["Anna Berg"]


# a removal that leaves the story's short block the last in its container: trafilatura's
# link-density test holds a last block to a stricter length, drops it, and the extractor moves
# on to another container, the headline left behind unrecorded
SHORT_POST = """<html><head><title>The Lantern Walk Returns to the Old Harbour</title></head><body>
<div id="page"><div id="header"><a href="/">Harbour Notes</a></div>
<div id="content">
<div class="post" id="post-7">
<h3 class="storytitle"><a href="/p/7" rel="bookmark">The Lantern Walk Returns to the Old Harbour</a></h3>
<div class="meta"><a href="/cat/events">events</a> - editor @ 10:15</div>
<div class="storycontent">
<div class="plus-one"><a href="/plus?u=7"></a></div><br/>
<p>Bring a lantern and walk with your neighbours along the old harbour wall on Saturday night. Two hundred paper lights made by local schools will line the quay. Organised by the harbour trust </p>
<div class="pin-wrapper"><a href="/pin?u=7"><img src="/pin.png"/></a></div>
</div>
<div class="feedback"><a href="/p/7#comments" title="Comment on The Lantern Walk">Comments (1)</a></div>
</div>
<h2 id="comments">1 Comment</h2>
<ol id="commentlist"><li id="comment-1"><p>[...] seen here [...]</p><div class="commentby"><cite>Pingback by <a href="/x">Weekend ideas</a></cite></div></li></ol>
<p><a href="/feed">Feed for comments on this post.</a> <a href="/trackback">TrackBack URI</a></p>
<h2 id="postcomment">Leave a comment</h2>
<form action="/post"><p><input name="author"/> Name</p><textarea name="c"></textarea></form>
</div></div></body></html>"""


def test_a_removal_that_costs_the_extractor_its_container_is_undone():
    article = clean(SHORT_POST, kind="html")
    assert "Bring a lantern and walk" in article.text
    assert [(r.rule, r.text) for r in article.removed if r.rule == "title"] == [
        ("title", "The Lantern Walk Returns to the Old Harbour")]
