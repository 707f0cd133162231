"""Metadata accuracy classes (issue 20): each test a made-up page in one failure class's shape."""
from __future__ import annotations

from test_metadata import STORY, ld, metadata, page  # the made-up page the metadata tests build on


def test_an_all_capitals_heading_no_declared_title_says_gives_way_to_the_declared_title():
    """An h1 set in capitals that says other words than the page's declared title (a
    section's label over the story, or the headline retyped for display): the declared
    title, in its own case, is the title; the h1 stays the title where its words are a
    declared title's, in any order."""
    head = ('<meta property="og:site_name" content="City Times">'
            '<meta property="og:title" content="Night Buses: How the Eastern Suburbs Won Their Routes | City Times">'
            "<title>Night Buses: How the Eastern Suburbs Won Their Routes | City Times</title>")
    assert metadata(page(head, headline="<h1>NIGHT BUSES FOR THE EAST</h1>"))["title"] == (
        "Night Buses: How the Eastern Suburbs Won Their Routes")
    # the declared title's main part, where no site name says which part is the site's
    head = '<meta property="og:title" content="Night Buses: How the Eastern Suburbs Won Their Routes | City Times">'
    assert metadata(page(head, headline="<h1>NIGHT BUSES FOR THE EAST</h1>"))["title"] == (
        "Night Buses: How the Eastern Suburbs Won Their Routes")
    head = '<meta property="og:title" content="Eastern Night Buses | City Times">'
    assert metadata(page(head, headline="<h1>NIGHT BUSES EASTERN</h1>"))["title"] == "NIGHT BUSES EASTERN"
    assert metadata(page(head, headline="<h1>EASTERN NIGHT BUSES</h1>"))["title"] == "EASTERN NIGHT BUSES"


def test_a_meta_tag_naming_the_last_publication_is_a_last_change():
    """"last_published" names the latest (re)publication: a last change, not the
    publication; the time shown over the headline is the date."""
    head = ('<meta name="site:last_published" content="2024-07-05T14:27:23Z">'
            '<meta property="og:updated_time" content="2024-07-05T14:20:08-04:00">')
    shown = '<time datetime="2024-03-01 05:00:00">March 1, 2024</time><h1>Night buses extended</h1>'
    meta = metadata(page(head, headline=shown))
    assert (meta["date"], meta["date_modified"]) == ("2024-03-01", "2024-07-05")


def test_a_lone_shown_date_equal_to_the_last_change_loses_a_tie_to_the_published_time_tag():
    """The date a reader sees under the headline is the declared last change, and only that
    one reading gives it: the published-time meta tag's day wins the tie. Where JSON-LD
    alone declares the publication, or an element marked as the date also shows it, the
    shown date stays."""
    stamps = ('<meta property="article:published_time" content="2022-01-03T16:52:00+00:00">'
              '<meta property="article:modified_time" content="2025-11-03T10:00:00+00:00">')
    shown = "<p>By Ana Lopez</p><p>November 3, 2025</p>"
    assert metadata(page(stamps, shown))["date"] == "2022-01-03"
    declared = ld({"@type": "Article", "datePublished": "2022-01-03T16:52:00+00:00",
                   "dateModified": "2025-11-03T10:00:00+00:00"})
    assert metadata(page(declared, shown))["date"] == "2025-11-03"
    marked = '<p>By Ana Lopez</p><p class="post-date">November 3, 2025</p>'
    assert metadata(page(stamps + declared, marked))["date"] == "2025-11-03"


def test_a_times_text_naming_another_day_than_its_datetime_is_no_dateline():
    """The text of a <time> months away from the day its datetime declares: the declared
    day is the date; a text one day off (a time zone) is still read."""
    shown = '<div class="meta"><time datetime="2024-12-20">August 28, 2024</time></div>'
    assert metadata(page("", shown))["date"] == "2024-12-20"
    shown = '<div class="meta"><time datetime="2024-12-20T02:00:00Z">December 19, 2024</time></div>'
    assert metadata(page("", shown))["date"] == "2024-12-19"


def test_the_authors_description_is_no_name_the_box_around_it_holds_the_name():
    """An element classed as the author's description holds a job title and degrees, not
    the name: the name is the first text of the box around it that reads as one."""
    box = ('<div class="grid"><div class="inner"><p class="headline-text">Ana Lopez</p>'
           '<div class="dynamic-author-description">Licensed Transit Planner, M.A. Journalism</div>'
           '<p>Learn more about my work</p></div></div>')
    assert metadata(page("", box))["authors"] == ["Ana Lopez"]


def test_a_marked_byline_with_the_date_on_a_line_of_its_own():
    """The element marked as the author holds the name, then on a line of its own the
    date ("Ana Lopez<br>4 August 2010"): the name, not the headline's words after a
    section's h1 taken as names."""
    html = ('<html><head></head><body><article><h1 class="small"><a href="/blog/">The City Blog</a></h1>'
            '<h1>Buses, Trams, and Ferries</h1><p class="author">Ana Lopez<br>4 August 2010</p>'
            f"{STORY}</article></body></html>")
    assert metadata(html)["authors"] == ["Ana Lopez"]
    # a post's box whose class names its author holds the headline and a "Date:" label
    # before the date: no name; the author link after it is the byline
    html = ('<html><head></head><body><div class="post author-ana-lopez"><h1>City Agent Helps Worried Night Bus Riders</h1>'
            '<div class="meta"><span>Date:</span>November 2, 2012 | <span>Author:</span>'
            f'<a href="/blog/author/analopez/" rel="author">Ana Lopez</a></div>{STORY}</div></body></html>')
    assert metadata(html)["authors"] == ["Ana Lopez"]
