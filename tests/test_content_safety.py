"""Issue 18, HTML mode: never lose the article. One made-up page per class of loss
seen on full-text gold, each in the class's shape (no copy of a dev page)."""
from __future__ import annotations

import lxml.html
import pytest

from cleaner import Cleaner

PARAGRAPHS = (
    "The harbour authority said on Monday that the old ferry pier would close for repairs in the spring, "
    "after divers found that its wooden piles had rotted further than the last survey showed. The harbour "
    "master told the board that the pier had been unsafe for heavy lorries since the storms of last winter.",
    "Engineers expect the work to take about four months. During that time the island ferry will use the "
    "fishing quay on the north side of the bay, which the town has been widening since last year.",
    "Residents of the island welcomed the plan but asked for a shuttle bus between the quay and the station, "
    "which is a twenty-minute walk away along a road with no pavement for most of its length.",
    "The council said it would look at the request and report back to the harbour board at its next meeting. "
    "A spokesman added that the cost of the repairs would be shared with the regional government.",
    "The pier was built in 1911 and last repaired in the nineteen-eighties. Local historians have asked that "
    "its iron railings, cast in the town's own foundry, be kept and put back once the work is done.",
)
STORY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
HEAD = "<html><head><title>Ferry pier to close for repairs</title></head><body>"


@pytest.fixture(scope="module")
def cleaner():
    return Cleaner()


def _kept(text: str):
    """Which of the story's paragraphs the text holds (by their first words)."""
    return [p[:40] in text for p in PARAGRAPHS]


def test_a_button_left_open_around_the_story_is_no_promo(cleaner):
    """Broken markup: a <button> (a menu toggle) never closed holds the whole page. The tag
    alone is no evidence against the story inside it."""
    page = (HEAD + "<header><button class='menu-toggle'><span>Menu</span><nav><a href='/'>Home</a>"
            "<a href='/news'>News</a></nav><h1>Ferry pier to close for repairs</h1>" + STORY
            + "</body></html>")
    article = cleaner.clean(page, kind="html")
    assert all(_kept(article.text))
    assert not [r for r in article.removed if r.rule == "promo" and "pier" in r.text]


def test_a_real_button_still_goes(cleaner):
    page = HEAD + "<article>" + STORY + "<button>Load more stories</button></article></body></html>"
    article = cleaner.clean(page, kind="html")
    assert all(_kept(article.text)) and "Load more" not in article.text
    assert [r.text for r in article.removed if r.rule == "promo"] == ["Load more stories"]


@pytest.mark.parametrize("wrapper", ["div", "article"])
def test_fast_extraction_keeping_one_paragraph_of_five_is_searched_again(cleaner, wrapper):
    """The container the fast extractor picks holds the lead only; the rest of the story
    stands beside it. The result is over the short-result size rule and over a fifth of
    the page's text, so neither trafilatura's retry nor the old size rule fired: the
    page's prose, four times the result, sends it to the full search."""
    page = (HEAD + f"<div class='layout'><{wrapper} class='article-body'>{STORY.split('</p>')[0]}</p>"
            f"</{wrapper}><div class='more'>" + "</p>".join(STORY.split("</p>")[1:]) + "</div></div></body></html>")
    assert all(_kept(cleaner.clean(page, kind="html").text))


def test_page_chrome_leaves_the_extractors_article_whole(cleaner):
    """A buying guide: a prose introduction, then many brands, each with a short list of
    labels. HTML mode's text is the extractor's article: page-chrome (for whole-page text
    dumps) took the brands for the page's footer below a core of the introduction."""
    intro = "".join(f"<p>Paragraph {k} of the introduction explains how I judged each brand, which "
                    "materials I looked for and why the price matters to me.</p>" for k in range(8))
    brands = [f"Brand {k}" for k in range(30)]
    labels = ["organic cotton", "hemp", "recycled polyester", "fair trade", "linen options"]
    body = intro + "".join(
        f"<h3>{b}</h3><p>" + "<br>".join(labels + (["where I bought the sun hats my daughter wears to the beach"]
                                                    if n % 4 == 0 else [])) + "</p>"
        for n, b in enumerate(brands))
    page = (f"<html><head><title>Clothing brands</title></head><body><article><h1>Clothing brands</h1>{body}"
            "</article></body></html>")
    article = cleaner.clean(page, kind="html")
    assert all(f"{b}\n" in article.text for b in brands)
    assert not [r for r in article.removed if r.rule == "page-chrome"]
    # the same text given as text (a whole-page dump, for all the cleaner knows): the pass runs
    assert [r for r in cleaner.clean(article.text, kind="text").removed if r.rule == "page-chrome"]


@pytest.mark.parametrize("inline", [
    "<a class='popup-link' href='/glossary/piles'>wooden piles</a>",  # a glossary pop-up
    "<span class='sponsor-name'>wooden piles</span>",
    "<em class='social-tag'>wooden piles</em>",
    "<span role='banner'>wooden piles</span>",
])
def test_an_inline_element_in_running_text_is_not_removed_by_a_block_rule(cleaner, inline):
    """A class token, an ARIA role or a tag names a widget; on a link or a span inside a
    paragraph of prose it would take words out of the middle of a sentence."""
    page = HEAD + "<article>" + STORY.replace("wooden piles", inline, 1) + "</article></body></html>"
    article = cleaner.clean(page, kind="html")
    assert "found that its wooden piles had rotted" in article.text
    assert not [r for r in article.removed if "wooden piles" in r.text]


def test_an_inline_element_opening_a_sentence_stays_and_hidden_labels_still_go(cleaner):
    story = STORY.replace("<p>Engineers expect", "<p><a class='popup' href='/who'>Engineers</a> expect", 1)
    story = story.replace("fishing quay", "fishing quay<span class='sr-only'> (opens a map)</span>", 1)
    article = cleaner.clean(HEAD + "<article>" + story + "</article></body></html>", kind="html")
    assert "Engineers expect the work" in article.text
    assert "opens a map" not in article.text and "fishing quay on the north side" in article.text
    assert [r.text for r in article.removed if r.rule == "promo"] == ["(opens a map)"]


def test_a_widget_link_row_of_its_own_still_goes(cleaner):
    row = "<p><a class='share-link' href='/s1'>Facebook</a> <a class='share-link' href='/s2'>Email</a></p>"
    article = cleaner.clean(HEAD + "<article>" + STORY + row + "</article></body></html>", kind="html")
    assert all(_kept(article.text)) and "Facebook" not in article.text


def test_a_removed_figure_leaves_its_place_for_the_full_search(cleaner):
    """The fast extractor takes a short FAQ box; the full search compares readability's
    result (the story's container, without the headline block's lead) with jusText's, but
    only when readability's result shows a figure (trafilatura's sign of an unclean result).
    With the captioned figures taken out whole, that check never ran and the lead was lost;
    an empty <figure> now stays in their place, the captions still go, recorded."""
    figure = ("<figure><div><img src='p{k}.jpg' alt=''></div>"
              "<figcaption>Picture {k} of the pier. Photo: Harbour Board</figcaption></figure>")
    lead = "The town's oldest pier will close for four months while divers replace its rotten piles."
    hero = ("<section class='hero'><div class='hero-top'><h1>Ferry pier to close for repairs</h1>"
            "<div class='author'><div>Written by</div><div>Ann Lee</div></div></div>"
            f"<div class='hero-heading'><p>{lead}</p></div></section>")
    faq = ("<section class='faq'><article class='faq-list'><h3>Questions</h3>"
           "<p>When does the pier close? In April, after the Easter holidays, when the ferry timetable "
           "changes for the summer.</p><p>Where will the ferry stop? At the fishing quay on the north side "
           "of the bay, next to the lifeboat station.</p><p>Will the fares change? No, the harbour board has "
           "said that fares stay the same until the pier reopens.</p></article></section>")
    story = "".join((figure.format(k=k) if k % 2 == 0 else "") + f"<p>{p}</p><h2>Part {k}</h2>"
                    f"<p>{p.replace('the', 'a')}</p>" for k, p in enumerate(PARAGRAPHS))
    page = (HEAD + f"<main class='main-wrapper'>{hero}{faq}<section class='feature'>"
            f"<div class='blog-content'>{story}</div></section></main></body></html>")
    article = cleaner.clean(page, kind="html")
    assert lead in article.text and all(_kept(article.text))
    assert "Picture 0 of the pier" not in article.text
    assert len([r for r in article.removed if r.rule == "photo-credit"]) == 3



FACTS = "".join(f"<li>Fact {k}: the pier's {part} was checked by the divers in the winter survey</li>"
                for k, part in enumerate(("north end", "south end", "iron railings", "landing stage")))


@pytest.mark.parametrize("wrapper", ["nav class='navbar navbar-expand'", "noscript", "fieldset"])
def test_the_story_inside_an_element_the_extractor_deletes_is_searched_again(cleaner, wrapper):
    """Broken markup: a site header's <nav> (or a <noscript>, a <fieldset>) never closed holds
    the whole page. trafilatura deletes such an element with all it holds before it reads a
    word; its fast extraction then returns its baseline rescue, the page's paragraphs alone
    (no subheading, no list), and that was over the size rules for the full search."""
    tag = wrapper.split()[0]
    page = (HEAD + f"<header><{wrapper}><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul>"
            "<main><h1>Ferry pier to close for repairs</h1>"
            + "".join(f"<h3>Part {k}</h3><p>{p}</p><ul>{FACTS}</ul>" for k, p in enumerate(PARAGRAPHS))
            + f"</main></{tag}></header><footer><p>Copyright the Harbour News</p></footer></body></html>")
    article = cleaner.clean(page, kind="html")
    assert all(_kept(article.text)) and "Part 4" in article.text
    assert article.text.count("Fact 3: the pier's landing stage") == 5
    assert [r.rule for r in article.removed] == ["title"]  # the headline, into the metadata


@pytest.mark.parametrize("heading", [
    "<h2 id='what-share-of-the-cost-will-the-region-pay'>What share of the cost will the region pay?</h2>",
    "<h2 class='wp-block-heading' id='h-why-the-pier-matters-to-social-life'>Why the pier matters to social life</h2>",
    "<h3 id='what-s-next-for-the-related-ferry-routes'>What’s next for the related ferry routes?</h3>",
])
def test_a_subheadings_anchor_id_is_no_widget_name(cleaner, heading):
    """A heading's id made of its own words (an anchor for the table of contents) holds
    the words of its text: "share" or "social" in it names no share widget."""
    story = STORY.replace("<p>Engineers expect", heading + "<p>Engineers expect", 1)
    article = cleaner.clean(HEAD + "<article>" + story + "</article></body></html>", kind="html")
    text = lxml.html.fromstring(heading).text_content()
    assert text in article.text and all(_kept(article.text))
    assert not [r for r in article.removed if r.text == text]


def test_a_widget_heading_named_by_its_id_still_goes(cleaner):
    row = ("<h3 id='social-share'>Share this story</h3><ul class='links'><li><a href='/f'>Facebook</a></li>"
           "<li><a href='/x'>X</a></li></ul>")
    article = cleaner.clean(HEAD + "<article>" + STORY + row + "</article></body></html>", kind="html")
    assert all(_kept(article.text)) and "Share this story" not in article.text and "Facebook" not in article.text


def test_a_sentence_around_its_links_ends_a_widget_under_a_related_heading(cleaner):
    """"Related" heads a section of the story (related work) whose first paragraph links its
    authors and its paper: over a third of it is links, but its own words make a sentence."""
    section = ("<h2>Related</h2><p>A <a href='/p1'>2019 survey by Ann Lee, Tom Berg, Jan Novak, Eva Holm and "
               "Olga Park</a> looked at what happens to wooden piles when the water warms, pier by pier "
               "along the coast. <a href='/p2'>Read the survey</a>.</p>")
    story = STORY.replace("<p>The pier was built", section + "<p>The pier was built", 1)
    article = cleaner.clean(HEAD + "<article>" + story + "</article></body></html>", kind="html")
    assert "looked at what happens to wooden piles when the water warms" in article.text
    assert all(_kept(article.text))


def _thread(ld_type: str) -> str:
    posts = "".join(f"<div class='comment'><span class='author'>user{k}</span><p>{p}</p></div>"
                    for k, p in enumerate(PARAGRAPHS))
    return (HEAD.replace("</head>", "<script type='application/ld+json'>{\"@context\": \"https://schema.org\", "
                         f"\"@type\": \"{ld_type}\", \"headline\": \"Ferry pier to close\"}}</script></head>")
            + "<h1>Ferry pier to close for repairs</h1><div id='comments' class='comments-area'>" + posts
            + "<form><textarea name='reply'></textarea><button>Post reply</button></form></div>"
            + "<div class='sidebar'><h3>Recent topics</h3><ul>" + "".join(
                f"<li><a href='/t{k}'>Topic number {k} about the ferry timetable and the harbour</a> posted in "
                "Island life</li>" for k in range(20)) + "</ul></div></body></html>")


def test_a_forum_threads_posts_are_its_content(cleaner):
    """A forum thread (JSON-LD DiscussionForumPosting, as trafilatura tells one) keeps its
    posts in a container named like a comment section, with a reply form: the posts are the
    page's content (the comment-section rule took the whole thread, form and all)."""
    article = cleaner.clean(_thread("DiscussionForumPosting"), kind="html")
    assert all(_kept(article.text))
    assert not [r for r in article.removed if r.rule == "comment-form" and "pier" in r.text]


def test_comments_under_a_story_still_go(cleaner):
    story = "<article>" + "".join(f"<p>Story: {p}</p>" for p in PARAGRAPHS) + "</article>"
    page = _thread("NewsArticle").replace("repairs</h1>", "repairs</h1>" + story)
    article = cleaner.clean(page, kind="html")
    assert article.text.count("Story: ") == 5 and "user0" not in article.text
    assert [r.rule for r in article.removed if "user0" in r.text] == ["comment-form"]


def test_a_subheading_named_for_the_table_of_contents_stays(cleaner):
    """The story's subheadings carry the ids a table of contents links to ("toc-heading-2"):
    a heading right above a paragraph of prose heads the story's section, whatever its
    names say. The table of contents itself, a box of links, still goes."""
    toc = ("<div class='toc'><p class='toc-title'>Contents</p><ul><li><a href='#toc-heading-1'>Repairs</a></li>"
           "<li><a href='#toc-heading-2'>The island quay</a></li></ul></div>")
    story = STORY.replace("<p>Engineers expect", "<h2 id='toc-heading-1'>Four months of repairs</h2>"
                          "<p>Engineers expect", 1)
    story = story.replace("<p>Residents", "<h2 class='toc-target' id='toc-heading-2'>The island quay</h2>"
                          "<p>Residents", 1)
    article = cleaner.clean(HEAD + "<article>" + toc + story + "</article></body></html>", kind="html")
    assert "Four months of repairs\n" in article.text and "The island quay\n" in article.text
    assert all(_kept(article.text)) and "Contents" not in article.text
