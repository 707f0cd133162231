"""Which of a page's lines phase 1 counts (cleaner/sites.py): a long line too (a site's
"about the author" box, its archive menu), digits kept. Made-up sites: pages whose prices
change from page to page, and whose long "about the author" box stands under every story."""
from __future__ import annotations

from cleaner import Cleaner
from cleaner.sites import SiteLearner, SiteRules, fold, sketch_page
from test_sites import MENU, PITCH, learned, page_text, story

SITE = "gazette.example"


def clean(profiles, text):
    return Cleaner(site_rules=SiteRules.from_profiles(profiles.values())).clean(text, kind="text", site=SITE)


def test_a_price_or_a_count_that_changes_from_page_to_page_is_the_pages_own():
    # digits stay in a line's key: folding them measured worse (a shop's prices and its
    # filters' counts, "Green (14)", went on wcxb-dev, and the pages' content with them)
    def page(i):
        return page_text(i, extra=[f"Trail lamp ${20 + i}.95", f"Green ({3 * i + 1})"])

    profiles = learned([page(i) for i in range(8)])
    assert not any("lamp" in key or "green" in key for key in profiles[SITE].lines)
    article = clean(profiles, page(40))
    assert "Trail lamp $60.95" in article.text and "Green (121)" in article.text


def test_a_long_line_the_site_repeats_on_every_page_is_learned():
    about = ("About the author: " + " ".join(["Jo Quill writes about harbours, ferries, tides and the people who "
                                               "keep the quay running through the winter storms"] * 8) + ".")
    assert len(fold(about)) > 600  # longer than a line phase 1 used to count
    pages = [page_text(i, extra=[about]) for i in range(8)]
    profiles = learned(pages)
    assert fold(about) in profiles[SITE].lines
    article = clean(profiles, page_text(50, extra=[about]))
    assert about not in article.text and all(paragraph in article.text for paragraph in story(50))


def test_a_long_paragraph_two_syndicated_copies_share_stays():
    paragraph = " ".join(story(7000, paragraphs=6))  # one long paragraph of the wire story
    assert len(fold(paragraph)) > 600
    wire = story(1000) + [paragraph]
    copies = ["\n\n".join(MENU + [f"Sidebar teaser {i}"] + wire + [PITCH]) for i in range(3)]
    pages = copies + [page_text(i) for i in range(5)]
    counter = SiteLearner().add_all(sketch_page(p, "text", SITE) for p in pages).sites[SITE]
    assert counter.duplicates == 2  # the copies are one story, the long paragraph among its story lines
    profiles = learned(pages)
    assert fold(paragraph) not in profiles[SITE].lines
    assert paragraph in clean(profiles, copies[0]).text
