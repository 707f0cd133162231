"""Page metadata from HTML: authors, dates, titles, each error class of the metadata issue.

Every page here is made up, in the shape of the failure it stands for. They go
through ``clean(html, kind="html")``, the way a user reads the metadata.
"""
from __future__ import annotations

import json

import pytest

from cleaner import clean
from cleaner.html.parse import parse
from cleaner.meta import read_metadata
from cleaner.meta.dates import Candidate, choose
from cleaner.meta.jsonld import read_linked_data
from cleaner.meta.names import names_of, prepare
from cleaner.rules import load_rules

STORY = ("<p>The council voted on Tuesday to extend the night bus service to the eastern suburbs, "
         "a decision campaigners had sought for more than five years.</p>"
         "<p>The new routes start in March and will run every thirty minutes between midnight and five.</p>")


def page(head: str = "", body: str = "", headline: str = "<h1>Night buses extended</h1>") -> str:
    return f"<html><head>{head}</head><body><article>{headline}{body}{STORY}</article></body></html>"


def ld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def metadata(html: str) -> dict:
    return clean(html, kind="html").metadata


@pytest.fixture(scope="module")
def name_rules():
    return prepare(load_rules().metadata)


# --- authors: a list of names, in byline order ----------------------------------------

@pytest.mark.parametrize("head, authors", [
    # a degree or credential is no author of its own
    (ld({"@type": "Article", "author": {"@type": "Person", "name": "Dana Whitfield, MS, RD, FAND"}}),
     ["Dana Whitfield"]),
    ('<meta name="author" content="Ana Lopez, M.D. FACP">', ["Ana Lopez"]),
    # an organisation is not split on "and" ...
    (ld({"@type": "NewsArticle", "author": {"@type": "Organization",
                                            "name": "Office for Harbour Safety and Inland Waterways"}}),
     ["Office for Harbour Safety and Inland Waterways"]),
    ('<meta name="author" content="Center for Night Transport and Research">',
     ["Center for Night Transport and Research"]),
    # ... nor a name with "&" in it
    ('<meta name="author" content="Bits & Bytes">', ["Bits & Bytes"]),
    # two people are two people, in byline order
    ('<meta name="author" content="Ana Lopez and Ben Okafor">', ["Ana Lopez", "Ben Okafor"]),
    ('<meta name="author" content="Ana Lopez, Ben Okafor, and Cleo Marsh">', ["Ana Lopez", "Ben Okafor", "Cleo Marsh"]),
    # one name twice, in two cases
    ('<meta name="author" content="Ana Lopez"><meta property="article:author" content="ANA LOPEZ">', ["Ana Lopez"]),
    # a social-profile URL beside the name
    ('<meta name="author" content="Ana Lopez, https://twitter.com/analopez">', ["Ana Lopez"]),
    # a job title after the name
    ('<meta name="author" content="Ana Lopez | Senior Writer">', ["Ana Lopez"]),
])
def test_authors_are_names(head, authors):
    meta = metadata(page(head))
    assert meta["authors"] == authors
    assert meta["author"] == "; ".join(authors)


def test_the_publisher_in_the_author_meta_tag_is_no_author():
    """JSON-LD names the writers; the author meta tag beside it the publishing house."""
    head = (ld({"@type": "NewsArticle", "headline": "Night buses extended",
                "author": [{"@type": "Person", "name": "Ana Lopez"}, {"@type": "Person", "name": "Ben Okafor"}]})
            + '<meta name="author" content="Harbour Media Group">')
    assert metadata(page(head))["authors"] == ["Ana Lopez", "Ben Okafor"]


def test_an_interview_names_both():
    head = '<meta name="author" content="Ana Lopez im Gespräch mit Ben Okafor">'
    assert metadata(page(head))["authors"] == ["Ana Lopez", "Ben Okafor"]


def test_a_social_profile_url_is_no_author():
    assert "authors" not in metadata(page("", '<span class="author">https://www.instagram.com/analopez</span>'))


def test_json_ld_author_by_reference_beats_a_menu_link():
    """A Person referenced by @id in the JSON-LD graph (the way Yoast writes it) is the
    author; a link to another writer's page in the menu is not."""
    graph = ld({"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "@id": "#article", "headline": "Night buses extended",
         "author": {"@id": "https://example.org/#/schema/person/1"}},
        {"@type": "Person", "@id": "https://example.org/#/schema/person/1", "name": "Ana Lopez"}]})
    menu = '<header><nav><a href="/author/ben-okafor/">Ben Okafor</a></nav></header>'
    html = f"<html><head>{graph}</head><body>{menu}<article><h1>Night buses extended</h1>{STORY}</article></body></html>"
    assert metadata(html)["authors"] == ["Ana Lopez"]


def test_an_author_json_ld_names_is_found():
    head = ld({"@type": "BlogPosting", "headline": "Night buses extended",
               "author": {"@type": "Organization", "name": "Harbour Transit Authority"}})
    assert metadata(page(head))["authors"] == ["Harbour Transit Authority"]


@pytest.mark.parametrize("elsewhere", [
    '<header><nav><a href="/author/ben-okafor/">Ben Okafor</a></nav></header>',
    '<div class="more-from-author"><a href="/author/ben-okafor/">More from Ben Okafor</a></div>',
])
def test_a_menu_link_or_a_more_from_box_is_not_the_byline(elsewhere):
    html = (f"<html><head></head><body>{elsewhere}<article><h1>Night buses extended</h1><p>By Ana Lopez</p>"
            f"{STORY}</article></body></html>")
    assert metadata(html)["authors"] == ["Ana Lopez"]


@pytest.mark.parametrize("byline, authors", [
    # a label in a block of its own, the name in the next
    ("<div><p>Written by</p><p>Ana Lopez</p></div>", ["Ana Lopez"]),
    # a name standing alone beside the date
    ("<div><p>Ana Lopez</p><p>05.03.2024</p></div>", ["Ana Lopez"]),
    ("<div><span>By:</span> <span>Ana Lopez, Mar 5, 2024</span></div>", ["Ana Lopez"]),
    # the byline after the date it opens with
    ('<div class="node__meta"><time datetime="2024-03-05">03/05/2024</time> by Ana Lopez, Senior Reporter</div>',
     ["Ana Lopez"]),
    # the name, its job title, the date: a meta line of three pieces
    ("<header><p>Ana Lopez | Senior Writer | July 2, 2024</p></header>", ["Ana Lopez"]),
    # a user name in a byline block of its own
    ("<p>05.03.2024</p><p>by alopez</p>", ["alopez"]),
    # names holding the lower-case words of [name.particles], two people joined by "y"/"e"
    ("<p>Von Karl zu Guttenberg, 5. März 2024</p>", ["Karl zu Guttenberg"]),
    ("<p>By Rui dos Santos</p>", ["Rui dos Santos"]),
    ("<p>By Ana Lopez y Marta Ruiz</p>", ["Ana Lopez", "Marta Ruiz"]),
    ("<p>By Ana Lopez e Marta Ruiz</p>", ["Ana Lopez", "Marta Ruiz"]),
])
def test_the_visible_byline(byline, authors):
    assert metadata(page("<title>Night buses extended</title>", byline))["authors"] == authors


def test_the_visible_byline_under_the_first_heading_of_an_article_without_h1():
    html = page('<meta property="og:type" content="article"><title>Night buses extended | City Paper</title>',
                "<p>By Ana Lopez</p>", headline='<h2 class="post-heading">Night buses extended</h2>')
    assert metadata(html)["authors"] == ["Ana Lopez"]
    # a page that does not say it is an article (a listing): its first heading is some other story's
    listing = page("<title>Latest | City Paper</title>", "<p>By Ana Lopez</p>",
                   headline='<h2 class="post-heading">Night buses extended</h2>')
    assert "authors" not in metadata(listing)


def test_the_visible_byline_beats_an_author_meta_tag_that_names_someone_else():
    """The CMS account that posted the story, in the meta tag; the byline under the headline."""
    head = '<meta name="author" content="Web Desk Account">'
    assert metadata(page(head, '<p>By Ana Lopez | 5 March 2024</p>'))["authors"] == ["Ana Lopez"]


def test_the_writer_in_a_labelled_twitter_data_tag():
    """Yoast's pair: twitter:label1 "Written by", twitter:data1 the name (label2 is the reading time)."""
    head = ('<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Ana Lopez">'
            '<meta name="twitter:label2" content="Est. reading time"><meta name="twitter:data2" content="4 minutes">')
    assert metadata(page(head))["authors"] == ["Ana Lopez"]


@pytest.mark.parametrize("html", [
    # HTML5: an <article>'s own <footer> holds its author
    "<html><body><article><h1>Night buses extended</h1>" + STORY
    + '<footer class="meta"><div class="author"><a href="/author/alopez/" rel="author">Ana Lopez</a></div></footer>'
    "</article><footer><p>City Paper</p></footer></body></html>",
    # a <nav> left open holds the whole page: the byline in it is the story's
    '<html><body><nav class="header__nav"><a href="/">Home</a><article><h1>Night buses extended</h1>'
    '<div class="author__name"><a href="/profile/ana-lopez/">Ana Lopez</a></div>' + STORY + "</article></body></html>",
])
def test_a_byline_in_the_storys_own_footer_or_inside_a_nav_left_open(html):
    assert metadata(html)["authors"] == ["Ana Lopez"]


def test_a_marked_byline_with_a_credential_holding_digits():
    """JSON-LD names the site as the author; the byline names the writer with a credential
    that holds digits ("E-RYT 200"), which is no reason to pass the byline over."""
    head = ('<meta property="og:site_name" content="City Paper">'
            + ld({"@type": "Article", "author": {"@type": "Person", "name": "City Paper"}}))
    body = '<p><a class="author-link" href="/author/dana-whitfield/">Dana Whitfield, E-RYT 200</a></p>'
    assert metadata(page(head, body))["authors"] == ["Dana Whitfield"]
    # a date in the element marked as the byline names nobody
    assert "authors" not in metadata(page("", '<div class="byline">Sat, 20 Dec, 2025 - 06:36</div>'))


def test_a_login_in_json_ld_gives_way_to_the_byline():
    """JSON-LD names the CMS account that posted the story ("web.editor"); the page shows the writer."""
    head = ld({"@type": "Article", "author": {"@type": "Person", "name": "web.editor"}})
    body = '<div class="author-info"><span class="author_name">Dana Whitfield</span></div>'
    assert metadata(page(head, body))["authors"] == ["Dana Whitfield"]


def test_placeholders_name_nobody():
    assert "authors" not in metadata(page('<meta name="author" content="page.head.extra.author">'))
    assert "authors" not in metadata(page('<meta name="author" content="NOC Admin">'))


def test_names_of(name_rules):
    assert names_of("Roy, Aniruddha", name_rules, inverted=True) == ["Aniruddha Roy"]
    assert names_of("Linny and Peter", name_rules) == ["Linny and Peter"]  # two first names: one byline
    assert names_of("https://x.example/ana", name_rules) == []
    assert names_of("Ana Lopez @analopez", name_rules) == ["Ana Lopez"]


def test_the_sections_link_beside_the_date_is_no_author():
    """The byline line shows the story's section, a link, beside the date: no author."""
    line = '<p><span class="byline__category"><a href="/health/">Wellness &amp; Prevention</a></span> | 5 March 2024</p>'
    assert not metadata(page("", line)).get("authors")
    # a class reused for the byline itself still gives its name
    line = '<p><span class="category">Posted by Ana Lopez</span> <span class="date">05.03.2024</span></p>'
    assert metadata(page("", line))["authors"] == ["Ana Lopez"]


# --- dates: the publication day, where it came from, the last change ------------------------

def test_a_later_time_or_the_modified_date_does_not_beat_date_published():
    """JSON-LD's datePublished and the page's first <time> say the 5th; the time shown
    under the headline is the update of the 2nd of April, and dateModified says so too."""
    head = ld({"@type": "NewsArticle", "headline": "Night buses extended",
               "datePublished": "2024-03-05T09:00:00Z", "dateModified": "2024-04-02T10:00:00Z"})
    masthead = '<header><time datetime="2024-03-05">5 March 2024</time></header>'
    body = '<p>Updated <time datetime="2024-04-02T10:00:00Z">2 April 2024</time></p>'
    html = (f"<html><head>{head}</head><body>{masthead}<article><h1>Night buses extended</h1>{body}{STORY}"
            "</article></body></html>")
    meta = metadata(html)
    assert (meta["date"], meta["date_source"], meta["date_modified"]) == ("2024-03-05", "json-ld", "2024-04-02")


def test_an_updated_dateline_is_the_last_change():
    head = '<meta property="article:published_time" content="2024-03-05T09:00:00+01:00">'
    meta = metadata(page(head, "<p>By Ana Lopez | Updated 2 April 2024</p>"))
    assert (meta["date"], meta["date_source"], meta["date_modified"]) == ("2024-03-05", "meta", "2024-04-02")


def test_a_shown_update_beats_a_publication_json_ld_alone_declares():
    """The page shows readers one date, its last change; only JSON-LD states an earlier
    publication (no meta tag, no <time> saying it): the shown day is the date, and the
    last change too."""
    head = ld({"@type": "Article", "headline": "Night buses extended", "datePublished": "2023-07-22T08:00:00+02:00",
               "dateModified": "2024-09-05T10:00:00+02:00"})
    meta = metadata(page(head, "<p>By Ana Lopez</p><p>Last updated: Sep 5, 2024</p>"))
    assert (meta["date"], meta["date_source"], meta["date_modified"]) == ("2024-09-05", "dateline", "2024-09-05")
    # a published-time meta tag beside it: the CMS's record of the publication stands
    tag = '<meta property="article:published_time" content="2023-07-22T08:00:00+02:00">'
    meta = metadata(page(head + tag, "<p>By Ana Lopez</p><p>Last updated: Sep 5, 2024</p>"))
    assert (meta["date"], meta["date_modified"]) == ("2023-07-22", "2024-09-05")


@pytest.mark.parametrize("head, body, date, source", [
    ("", "<p>05.03.2024</p>", "2024-03-05", "dateline"),
    # a year-first day with dots, as East Asian and some blog sites write it
    ("", "<p>Essay - Published: 2024.03.05 | transport</p>", "2024-03-05", "dateline"),
    ('<link rel="canonical" href="https://example.org/2024/03/05/night-buses/">', "", "2024-03-05", "url"),
    ("", '<time datetime="2024-03-05T08:00:00+01:00">Tuesday</time>', "2024-03-05", "time"),
    (ld({"@type": "Article", "datePublished": "Mar 05, 2024"}), "", "2024-03-05", "json-ld"),
    # day, month's name and year joined by hyphens, the month in English or abbreviated in Spanish
    ("", "<p>By Ana Lopez on 05-Mar-2024 5:11:10</p>", "2024-03-05", "dateline"),
    ("", "<p>By Ana Lopez on 05-ago-2024 5:11:10</p>", "2024-08-05", "dateline"),
    # a page that states no date anywhere near its headline: a date standing alone further down
    ("", "<p>" + "The city will run more night buses. " * 40 + "</p><p>Posted 05.03.2024</p>", "2024-03-05",
     "dateline"),
])
def test_date_source(head, body, date, source):
    meta = metadata(page(head, body))
    assert (meta["date"], meta["date_source"]) == (date, source)


def test_no_date_after_the_pages_own_last_change():
    head = ld({"@type": "Article", "dateModified": "2024-03-10T12:00:00+01:00"})
    meta = metadata(page(head, "<p>17.03.2024</p>"))
    assert meta.get("date") != "2024-03-17" and meta["date_modified"] == "2024-03-10"


def test_a_meta_tag_named_for_the_last_change_bounds_the_date():
    """Two meta tags name the publication: the page's generation time (later than the last
    change a "modified-date" tag states) and the story's own day."""
    head = ('<meta name="modified-date" content="2024-07-30"><meta name="published-time" content="2026-01-09T08:45:32Z">'
            '<meta name="published-date" content="2021-02-16">')
    meta = metadata(page(head))
    assert (meta["date"], meta["date_source"], meta["date_modified"]) == ("2021-02-16", "meta", "2024-07-30")


@pytest.mark.parametrize("aside, date, source", [
    # the story's own column of facts, an <aside> in its <article>: its date is the story's
    ('<aside class="meta"><time datetime="2024-03-05">5 March 2024</time></aside>', "2024-03-05", "time"),
    ('<aside class="columns"><ul><li class="content-date">05.03.2024</li></ul></aside>', "2024-03-05", "dateline"),
    # an aside named for other stories is theirs: the generic date tag stands
    ('<aside class="related-posts"><time datetime="2024-03-05">5 March 2024</time></aside>', "2024-03-09", "meta"),
])
def test_a_date_in_the_storys_own_aside(aside, date, source):
    meta = metadata(page('<meta name="date" content="2024-03-09">', aside))
    assert (meta["date"], meta["date_source"]) == (date, source)


def test_latest_bounds_the_date_without_the_clock():
    tree = parse(page("", "<p>17.03.2024</p>"))
    assert read_metadata(tree)["date"] == "2024-03-17"
    assert read_metadata(parse(page("", "<p>17.03.2024</p>")), latest="2024-03-16").get("date") != "2024-03-17"


def test_readings_that_agree_outvote_one_that_does_not():
    """The published-time meta tag, JSON-LD and the first <time> say the 4th; the dateline the 3rd."""
    found = [Candidate("2024-05-03", "dateline", "dateline", False),
             Candidate("2024-05-04", "meta", "published-meta", False),
             Candidate("2024-05-04", "json-ld", "json-ld-published", False),
             Candidate("2024-05-04", "time", "first-time", False)]
    assert choose(found, []).day == "2024-05-04"


@pytest.mark.parametrize("stamp, shown, date", [
    # an afternoon UTC time stamp is that day for readers from UTC-4 to UTC+4: a date a day off
    # under the headline (another story's, in a "recent posts" box) does not move it
    ("2024-05-04T14:00:55+00:00", "05.05.2024", "2024-05-04"),
    # a time stamp near midnight UTC may be the next day where it was written: the day shown wins
    ("2024-05-04T23:00:00Z", "05.05.2024", "2024-05-05"),
])
def test_a_utc_stamp_names_the_readers_day_only_near_midnight(stamp, shown, date):
    head = (f'<meta property="article:published_time" content="{stamp}">'
            + ld({"@type": "BlogPosting", "datePublished": stamp}))
    assert metadata(page(head, f"<p>{shown}</p>"))["date"] == date


@pytest.mark.parametrize("url, stamp, date", [
    # a UTC stamp near midnight is the day in the site's country: the 7th in Germany ...
    ("https://example.de/night-buses", "2022-11-06T23:00:00.000Z", "2022-11-07"),
    # ... the 3rd in Argentina
    ("https://example.com.ar/night-buses", "Wed, 04 May 2022 00:25:56 GMT", "2022-05-03"),
    # no country named, or not so near midnight that summer time could not undo it: as written
    ("https://example.com/night-buses", "2022-11-06T23:00:00.000Z", "2022-11-06"),
    ("https://example.de/night-buses", "2022-11-06T22:30:00Z", "2022-11-06"),
])
def test_a_utc_stamp_near_midnight_is_the_day_in_the_sites_country(url, stamp, date):
    head = f'<meta property="og:url" content="{url}"><meta property="article:published_time" content="{stamp}">'
    assert metadata(page(head))["date"] == date


def test_a_time_above_the_headline_in_the_storys_header():
    """The date over the title, in the story's own <header>; not the masthead's day."""
    html = ('<html><body><header class="masthead"><time datetime="2024-06-01">Saturday, 1 June</time></header>'
            '<article><header><time datetime="2024-03-05T09:00:00+01:00">5 March 2024</time>'
            f"<h1>Night buses extended</h1></header>{STORY}</article></body></html>")
    meta = metadata(html)
    assert (meta["date"], meta["date_source"]) == ("2024-03-05", "time")


def test_a_dotted_date_read_month_first_where_the_page_declares_that_day():
    """"09.10.2024" under the headline of a page whose JSON-LD says 2024-09-10: 10 September."""
    head = ld({"@type": "Article", "datePublished": "2024-09-10T15:00:00+00:00"})
    assert metadata(page(head, "<p>By Ana Lopez</p><p>09.10.2024</p>"))["date"] == "2024-09-10"
    assert metadata(page("", "<p>By Ana Lopez</p><p>09.10.2024</p>"))["date"] == "2024-10-09"


# --- titles ----------------------------------------------------------------------------

@pytest.mark.parametrize("head, headline, title", [
    # an h1 cut short, with a trailing colon, where og:title holds it whole
    ('<meta property="og:title" content="Night buses extended: the new routes from March">',
     "<h1>Night buses extended:</h1>", "Night buses extended: the new routes from March"),
    # an anchor sign after the h1 is no part of the title
    ('<meta property="og:title" content="Night buses extended">',
     '<h1>Night buses extended<a class="headerlink" href="#night-buses">¶</a></h1>', "Night buses extended"),
    # a section heading over the article's own headline, which JSON-LD names
    ('<meta property="og:title" content="Catering tips for your event | City Paper">'
     + ld({"@type": "BlogPosting", "headline": "Night buses extended to the eastern suburbs"}),
     '<h1>The Blog</h1><h1 class="entry-title">Night buses extended to the eastern suburbs</h1>',
     "Night buses extended to the eastern suburbs"),
    # ... or that the declared titles agree on when no heading says it
    ('<meta property="og:title" content="Night buses extended to the eastern suburbs">'
     + ld({"@type": "NewsArticle", "headline": "Night buses extended to the eastern suburbs"}),
     "<h1>Market Updates</h1>", "Night buses extended to the eastern suburbs"),
    # a comment section's heading that quotes the title
    ("<title>Night buses extended to the eastern suburbs - City Paper</title>",
     "<h2>15 Replies to “Night buses extended to the eastern suburbs”</h2>",
     "Night buses extended to the eastern suburbs"),
    # a heading whose class names the site's masthead ("blog-title") but which says the declared title
    ('<meta property="og:title" content="Night buses extended to the eastern suburbs | City Paper">',
     '<h1 class="blog-title">Night buses extended to the eastern suburbs</h1><h2>Timetables</h2>',
     "Night buses extended to the eastern suburbs"),
    # ... or that is too long for a site's name: the post's headline, worded otherwise than og:title
    ('<meta property="og:title" content="Night Buses for the Suburbs | Expert Guide">',
     '<div class="blog-card"><h1 class="blog-title">How to Ride the Extended Night Buses to the Eastern Suburbs: '
     'A Guide</h1></div><h2>Timetables</h2>',
     "How to Ride the Extended Night Buses to the Eastern Suburbs: A Guide"),
    # the date shown inside the h1 is no part of the title
    ('<meta property="og:title" content="Night buses extended">',
     '<h1><a href="/night-buses.html" rel="bookmark"><time datetime="2024-03-05">Mar 5 2024</time> Night buses '
     'extended</a></h1>', "Night buses extended"),
    # a block marked as the post's title that holds the h1 with the byline and the date beside it
    ('<meta property="og:title" content="More night buses for the suburbs">',
     '<header class="entry-header post-title"><h1 class="entry-title">Night buses extended</h1>'
     '<span>City Paper | Transport news</span> <span>By Ana Lopez</span> Updated on 5 March 2024</header>',
     "Night buses extended"),
    # a line break inside the h1 is a space
    ("<title>Weekend Coding Agent | Lab Notes</title>", "<h1>WEEKEND<br>CODING AGENT</h1>", "WEEKEND CODING AGENT"),
    # the site's name at the end of the h1, as the page title carries it, is no part of the title
    ('<meta property="og:site_name" content="City Paper"><title>Night buses extended – City Paper</title>',
     "<h1>Night buses extended – City Paper</h1>", "Night buses extended"),
    # ... or the section's label that ends two declared titles of different wording
    ('<meta property="og:title" content="Night buses extended | Opinion"><title>Why we need night buses | Opinion</title>',
     "<h1>Night buses extended | Opinion</h1>", "Night buses extended"),
    # a part that only one declared title has stays
    ('<meta property="og:title" content="Night buses extended | Opinion"><title>Night buses extended | Opinion</title>',
     "<h1>Night buses extended | Opinion</h1>", "Night buses extended | Opinion"),
])
def test_title(head, headline, title):
    assert metadata(page(head, "", headline))["title"] == title


@pytest.mark.parametrize("head, headline, title", [
    # a section's h2 that is a piece of the page title, below an h1 on the same story worded otherwise
    ('<meta property="og:title" content="5 New Night Bus Routes for the Suburbs | City Paper">',
     "<h1>Night buses extended to the eastern suburbs with new routes</h1><h2>New night bus routes</h2>",
     "Night buses extended to the eastern suburbs with new routes"),
    # another story's headline (a list of other posts) where og:title and JSON-LD agree on this one's
    ('<meta property="og:title" content="Night buses extended to the eastern suburbs">'
     + ld({"@type": "BlogPosting", "headline": "Night buses extended to the eastern suburbs"}),
     '<h2 class="entry-title">Harbour ferry timetable changes for winter</h2><h1>Contact Us</h1>',
     "Night buses extended to the eastern suburbs"),
    # an h1 that lost a character to a wrong encoding, where og:title has it
    ('<meta property="og:title" content="Night Buses: A Rider’s Guide">', "<h1>Night Buses? A Rider? Guide</h1>",
     "Night Buses: A Rider’s Guide"),
    # the element marked as the headline carries on where the h1 and the page title stop
    ("<title>Night buses extended | City Paper</title>",
     '<p class="stage-headline">Night buses extended – to the suburbs</p><h1>Night buses extended</h1>',
     "Night buses extended – to the suburbs"),
    # another story's h1 (a list of more stories) that shares only short words with the page title
    ("<title>Where to Bike in the City | City Paper</title>",
     "<h1>The Best Trails and Quiet Streets for Biking</h1><h1 class=\"item__title\">Here's Where to Kayak in the City</h1>",
     "The Best Trails and Quiet Streets for Biking"),
    # the declared title is the h1 with the list's count before it, or the year after it
    ('<meta property="og:title" content="8 Night Bus Routes for the Suburbs | City Paper">',
     "<h1>Night Bus Routes for the Suburbs</h1>", "8 Night Bus Routes for the Suburbs"),
    ('<meta property="og:title" content="Night Bus Routes for the Suburbs 2024">',
     "<h1>Night Bus Routes for the Suburbs</h1>", "Night Bus Routes for the Suburbs 2024"),
    # ... not an id in parentheses
    ('<meta property="og:title" content="Night Bus Routes for the Suburbs (40222)">',
     "<h1>Night Bus Routes for the Suburbs</h1>", "Night Bus Routes for the Suburbs"),
    # a <title> that opens with the site's host name, the h1 linking home
    ("<title>example.com Night buses extended</title>", '<h1><a href="https://example.com/">example.com</a></h1>',
     "Night buses extended"),
])
def test_title_beside_other_headings(head, headline, title):
    assert metadata(page(head, "", headline))["title"] == title


def test_title_undoes_utf8_read_as_latin1():
    head = '<meta property="og:title" content="A DIY Investor\u00e2\u0080\u0099s Guide">'
    assert metadata(page(head, "", "<h2>Other</h2>"))["title"] == "A DIY Investor\u2019s Guide"


# --- JSON-LD -------------------------------------------------------------------------------

def test_json_ld_is_read_once_however_it_nests():
    scripts = [json.dumps([{"@type": "WebPage", "name": "Page", "mainEntity": {
        "@type": "NewsArticle", "headline": "Night &amp; day buses", "datePublished": "2024-03-05",
        "author": {"@type": "Person", "name": ["Ana Lopez", "Ben Okafor"]},
        "publisher": {"@type": "Organization", "name": "City Paper"}}}]),
        '{"@type": "Article", "headline": "broken", }']  # a trailing comma: one lenient retry
    data = read_linked_data(scripts)
    assert data.headline == "Night & day buses" and data.published == "2024-03-05"
    assert [a.name for a in data.authors] == ["Ana Lopez", "Ben Okafor"] and data.site_name == "City Paper"
    assert read_linked_data(["{not json"]).headline is None


def test_the_record_carries_authors_and_dates():
    head = (ld({"@type": "NewsArticle", "headline": "Night buses extended", "datePublished": "2024-03-05T09:00:00+01:00",
                "dateModified": "2024-03-06T09:00:00+01:00", "author": {"@type": "Person", "name": "Ana Lopez"}}))
    record = clean(page(head), kind="html").to_dict()
    meta = record.get("metadata", record)
    assert meta["authors"] == ["Ana Lopez"] and meta["date_source"] == "json-ld"
    assert meta["date_modified"] == "2024-03-06"


def test_the_corpus_records_carry_authors_and_dates(tmp_path):
    from cleaner.corpus import RunOptions, run_corpus

    head = ld({"@type": "NewsArticle", "headline": "Night buses extended", "datePublished": "2024-03-05T09:00:00+01:00",
               "dateModified": "2024-03-06T09:00:00+01:00", "author": [{"@type": "Person", "name": "Ana Lopez"},
                                                                      {"@type": "Person", "name": "Ben Okafor"}]})
    src = tmp_path / "in"
    src.mkdir()
    (src / "night-buses.html").write_text(page(head), encoding="utf-8")
    run_corpus([src], tmp_path / "out", options=RunOptions(dedup=False), workers=0)
    (shard,) = (tmp_path / "out" / "shards").iterdir()
    (record,) = [json.loads(line) for line in shard.read_text(encoding="utf-8").splitlines()]
    meta = record["metadata"]
    assert meta["authors"] == ["Ana Lopez", "Ben Okafor"] and meta["author"] == "Ana Lopez; Ben Okafor"
    assert (meta["date"], meta["date_source"], meta["date_modified"]) == ("2024-03-05", "json-ld", "2024-03-06")


# --- image credits ---------------------------------------------------------------------------

def _figure(caption: str) -> str:
    return f'<figure><img src="depot.jpg" alt=""><figcaption>{caption}</figcaption></figure>'


@pytest.mark.parametrize("figure, credits", [
    # an ad label where a credit would be
    (_figure('The night bus depot <span class="credit">inRead</span>'), []),
    # a caption kept inside the element marked as the credit
    (_figure('<span class="credit">The depot at night before the first run of the new route. Photo: Ana Lopez</span>'),
     ["Ana Lopez"]),
    (_figure('The depot at night. <span class="credit">Ana Lopez/Reuters</span>'), ["Ana Lopez/Reuters"]),
])
def test_image_credit_from_the_figure(figure, credits):
    meta = metadata(page("", figure))
    assert meta.get("image_credits", []) == credits


def test_a_first_name_alone_is_no_credit():
    article = clean("Night buses extended\n\nThe depot at night. Photo by Kevin\n\n" + STORY.replace("<p>", "")
                    .replace("</p>", "\n\n"), kind="text")
    assert not article.metadata.get("image_credits")
    assert "The depot at night. Photo by Kevin" not in article.text  # the credit line goes all the same


def test_a_name_ending_in_an_agencys_name_is_no_credit():
    text = "Night buses extended\n\n" + STORY.replace("<p>", "").replace("</p>", "\n\n") + "- Chai T. Rex"
    article = clean(text, kind="text")
    assert not article.metadata.get("image_credits") and article.text.endswith("- Chai T. Rex")


def test_a_page_builders_widget_block_is_no_sidebar():
    """A page builder wraps every block of the story in a "...-widget-container": the date
    shown there under the headline is the story's; a sidebar "widget" is another matter."""
    head = '<meta property="article:modified_time" content="2024-03-12T10:00:00+00:00">'
    info = ('<div class="builder-widget-container"><ul class="post-info"><li itemprop="datePublished">'
            '<span>On</span> <time>5 Mar 2024</time></li></ul></div>')
    assert metadata(page(head, info))["date"] == "2024-03-05"
    sidebar = '<div class="widget recent-posts"><time>5 Mar 2024</time></div>'
    assert metadata(page(head, sidebar)).get("date") != "2024-03-05"


def test_a_date_class_repeated_down_a_list_is_other_stories():
    """Three or more elements of one date class, their dates differing: a slider of other
    posts, not the story's own date; the published-time tag and JSON-LD outvote the one
    date that the text after a short story still reaches."""
    slider = "".join(f'<div class="card"><a href="/p{i}">Other post {i}</a><div class="card__date">{d}</div></div>'
                     for i, d in enumerate(["Mar 3, 2024", "Feb 26, 2024", "Feb 19, 2024"]))
    stamp = "2024-01-16T09:00:00+01:00"
    head = f'<meta property="article:published_time" content="{stamp}">' + ld({"@type": "Article", "datePublished": stamp})
    html = (f'<html><head>{head}</head><body>'
            f'<article><h1>Night buses extended</h1>{STORY}</article><section>{slider}</section></body></html>')
    meta = metadata(html)
    assert (meta["date"], meta["date_source"]) == ("2024-01-16", "meta")


def test_a_change_logs_dates_are_no_dateline():
    """A list whose items open with dates under the story ("2024-04-12 Link added"): its
    entries are the page's history, not its dateline; the published-time tag stands."""
    log = ("<p>Updates:</p><ul><li>2024-03-09 Emphasised the night routes in the first section.</li>"
           "<li>2024-04-12 Link added</li><li>2024-06-12 Further notes on the eastern suburbs and the fares.</li></ul>")
    meta = metadata(page('<meta property="article:published_time" content="2024-03-05T19:55+01:00">', log))
    assert (meta["date"], meta["date_source"]) == ("2024-03-05", "meta")
    # a byline's date in a list item of its own is still the dateline
    byline = "<ul><li>By Ana Lopez</li><li>05.03.2024</li><li>Transport</li></ul>"
    assert metadata(page("", byline))["date"] == "2024-03-05"


def test_a_time_labelled_as_the_publication_in_a_column_named_sidebar():
    """The story's column of facts, its class saying "sidebar": the <time> after "Published"
    is the story's date, not the first card's of a list of other guides after the story."""
    facts = ('<div class="layout-sidebar-left"><h4>Published</h4> <time datetime="2024-03-05T12:00:00Z">'
             "5 March 2024</time><h4>Reviewed</h4> <time>7 May 2024</time></div>")
    cards = ('<div class="cards"><a href="/guides/ferries"><span>Guidance</span> <time datetime="2024-06-01T12:00:00Z">'
             "1 June 2024</time> Harbour ferries: what changes for winter travellers in the city</a></div>")
    meta = metadata(page("", facts + STORY * 5 + cards))
    assert (meta["date"], meta["date_source"]) == ("2024-03-05", "time")
