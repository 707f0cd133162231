"""Site boilerplate learned from a corpus (cleaner/sites.py, pass `site-boilerplate`).

Every corpus here is made up in the test: sites whose pages share a menu, a
newsletter pitch and a footer, and carry stories of their own.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from cleaner import Cleaner, Config
from cleaner.config import ConfigError
from cleaner.errors import RuleError
from cleaner.sites import (SiteCounter, SiteLearner, SiteParams, SiteProfile, SiteRules, fold, html_lines, learn,
                           sketch_page)
from test_corpus import outputs as corpus_outputs
from test_corpus import records

WORDS = ("council bridge river harbour budget school teacher hospital nurse market price election voter "
         "traffic storm ferry factory worker museum library garden railway station tenant landlord farmer "
         "harvest orchard festival theatre").split()
MENU = ["Home | World | Politics | Sport", "Weather"]
# lines no packaged rule names: only the site's pages tell they are not the story
PITCH = "Tell the desk what is happening on your street today."
FOOTER = "Harbour Gazette, 12 Quay Street, Porthaven"


def story(seed: int, paragraphs: int = 4) -> list:
    """Paragraphs of made-up prose, different for each seed."""
    rng = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        words = [rng.choice(WORDS) for _ in range(rng.randint(14, 22))]
        out.append(" ".join(words).capitalize() + ", officials said.")
    return out


def page_text(seed: int, extra=()) -> str:
    lines = MENU + [f"Headline number {seed} about the {WORDS[seed % len(WORDS)]}"] + story(seed) + list(extra)
    return "\n\n".join(lines + [PITCH, FOOTER]) + "\n"


def learned(pages, site="gazette.example", params=SiteParams()):
    learner = SiteLearner().add_all(sketch_page(p, "text", site) for p in pages)
    return learner.profiles(params)


def test_a_site_learns_the_lines_on_its_pages_and_not_its_stories():
    pages = [page_text(i) for i in range(8)]
    profile = learned(pages)["gazette.example"]
    assert profile.pages == 8
    assert profile.lines == {fold(MENU[0]): 8, fold(MENU[1]): 8, fold(PITCH): 8, fold(FOOTER): 8}


def test_clean_with_a_site_rule_dir_removes_the_site_lines_with_their_evidence(tmp_path):
    pages = [page_text(i) for i in range(8)]
    learned(pages)["gazette.example"].write(tmp_path / "site-rules")
    cleaner = Cleaner(Config(site_rule_dirs=[tmp_path / "site-rules"]))
    new_page = page_text(99)
    article = cleaner.clean(new_page, kind="text", site="gazette.example")
    site_removals = [r for r in article.removed if r.rule == "site-boilerplate"]
    assert [r.text for r in site_removals] == MENU + [PITCH, FOOTER]
    assert {r.reason for r in site_removals} == {"on 8 of 8 pages of gazette.example"}
    for paragraph in story(99):
        assert paragraph in article.text
    assert article.metadata["removed_counts"]["site-boilerplate"] == 4
    # another site, or no site named: the text is not touched by the site's rules
    for other in (cleaner.clean(new_page, kind="text", site="other.example"), cleaner.clean(new_page, kind="text")):
        assert "site-boilerplate" not in other.metadata["removed_counts"]
        assert PITCH in other.text


def test_an_html_page_names_its_site_by_its_declared_url(tmp_path):
    pages = [page_text(i) for i in range(8)]
    learned(pages)["gazette.example"].write(tmp_path)
    body = "".join(f"<p>{p}</p>" for p in story(5))
    html = (f"<html><head><title>A day</title><meta property='og:url' content='https://www.gazette.example/a/1'>"
            f"</head><body><article><h1>A day</h1>{body}<p>{PITCH}</p></article></body></html>")
    article = Cleaner(Config(site_rule_dirs=[tmp_path])).clean(html, kind="html")
    assert [r.text for r in article.removed if r.rule == "site-boilerplate"] == [PITCH]
    assert PITCH not in article.text and story(5)[0] in article.text
    assert PITCH in Cleaner().clean(html, kind="html").text


def test_a_site_of_three_pages_learns_nothing():
    assert learned([page_text(i) for i in range(3)]) == {}
    assert learned([page_text(i) for i in range(3)], params=SiteParams(min_pages=3))  # the minimum is what stops it


def test_a_quote_two_syndicated_copies_share_stays():
    quote = '"We will rebuild the harbour wall before the winter storms," the mayor told the council on Monday.'
    wire = story(1000) + [quote]
    # the same wire story on three pages of the site, each copy with its own debris
    copies = ["\n\n".join(MENU + [f"Sidebar teaser {i}"] + wire + [PITCH, FOOTER]) for i in range(3)]
    pages = copies + [page_text(i) for i in range(5)]
    counter = SiteLearner().add_all(sketch_page(p, "text", "gazette.example") for p in pages).sites["gazette.example"]
    assert (counter.pages, counter.duplicates) == (6, 2)
    profile = learn("gazette.example", counter, SiteParams(min_count=2, min_share=0.1))
    assert fold(quote) not in profile.lines and fold(PITCH) in profile.lines
    article = Cleaner(site_rules=SiteRules.from_profiles([profile])).clean(copies[0], kind="text",
                                                                          site="gazette.example")
    assert quote in article.text and PITCH not in article.text


def test_a_line_inside_the_story_or_a_sentence_needs_more_evidence():
    label = "Filed under harbour news and ferry crossings"
    note = "Corrections: an earlier version of this story misnamed the ferry."
    # each stands on 3 of 8 pages: enough for a label at the page's edge, not for one
    # inside the story, nor for a sentence anywhere
    pages = [page_text(i, extra=[note]) if i >= 5 else
             page_text(i).replace(story(i)[2], story(i)[2] + "\n\n" + label) if i < 3 else page_text(i)
             for i in range(8)]
    params = SiteParams(min_count=3, min_share=0.3, prose_factor=2.0)
    profile = learned(pages, params=params)["gazette.example"]
    assert profile.lines[fold(label)] == 3 and profile.lines[fold(note)] == 3
    cleaner = Cleaner(site_rules=SiteRules.from_profiles([profile]))
    inside = cleaner.clean(pages[0], kind="text", site="gazette.example")
    assert label in inside.text and PITCH not in inside.text
    assert note in cleaner.clean(pages[6], kind="text", site="gazette.example").text
    # after the story, the same evidence is enough for the label
    tail = cleaner.clean(page_text(50, extra=[label]), kind="text", site="gazette.example")
    assert label not in tail.text and story(50)[3] in tail.text


@pytest.mark.parametrize("byline", [
    "Post written by Morgan Reyes",
    "Post written by Łukasz Nowak",   # a name opening with a capital of Latin Extended-A
    "Written by Ёлка Смирнова",        # ... of Cyrillic (cleaner.letters.CAPITAL, shared by every name reader)
])
def test_a_byline_the_site_repeats_stays(byline):
    pages = [page_text(i).replace(MENU[1], MENU[1] + "\n\n" + byline) for i in range(8)]
    profile = learned(pages)["gazette.example"]
    assert fold(byline) in profile.lines
    article = Cleaner(site_rules=SiteRules.from_profiles([profile])).clean(pages[0], kind="text",
                                                                          site="gazette.example")
    assert byline in article.text and MENU[0] not in article.text


@pytest.mark.parametrize("line, where", [
    ("What happened next?", "between"),          # the site's subheading formula, inside every story
    ("– Morgan Reyes", "after"),                   # a one-author blog's sign-off under the story
    ("- March 3, 2012 | 14:20", "before"),         # pages of one day share their date line
])
def test_a_repeated_line_that_belongs_to_the_story_stays(line, where):
    def page(seed: int) -> str:
        paragraphs = story(seed)
        if where == "between":
            paragraphs.insert(2, line)
        elif where == "after":
            paragraphs.append(line)
        else:
            paragraphs.insert(0, line)
        return "\n\n".join(MENU + [f"Headline number {seed}"] + paragraphs + [PITCH, FOOTER]) + "\n"

    profile = learned([page(i) for i in range(8)])["gazette.example"]
    assert profile.lines[fold(line)] == 8
    article = Cleaner(site_rules=SiteRules.from_profiles([profile])).clean(page(99), kind="text",
                                                                          site="gazette.example")
    assert line in article.text.splitlines()
    assert PITCH not in article.text and MENU[0] not in article.text
    # the same line where no story stands about it is the site's
    menu_page = page(99).replace(MENU[1], MENU[1] + "\n\n" + line, 1)
    if where != "before":
        article = Cleaner(site_rules=SiteRules.from_profiles([profile])).clean(menu_page, kind="text",
                                                                              site="gazette.example")
        assert article.text.count(line) == 1


def test_an_author_name_alone_under_the_headline_stays():
    """Whole-page text: the <title> first, the menu, the headline, its author's bare name."""
    def page(seed: int, name: str = "Morgan Reyes") -> str:
        headline = f"Headline number {seed} about the {WORDS[seed % len(WORDS)]}"
        lines = [f"{headline} | Harbour Gazette"] + MENU + [headline, name] + story(seed) + [PITCH, FOOTER]
        return "\n\n".join(lines) + "\n"

    profile = learned([page(i) for i in range(8)])["gazette.example"]
    assert profile.lines[fold("Morgan Reyes")] == 8
    cleaner = Cleaner(site_rules=SiteRules.from_profiles([profile]))
    article = cleaner.clean(page(99), kind="text", site="gazette.example")
    assert "Morgan Reyes" in article.text.splitlines() and PITCH not in article.text
    # the name where no headline stands above it is the site's (an author list, a menu)
    elsewhere = page(99).replace(MENU[1], MENU[1] + "\n\nMorgan Reyes", 1)
    assert cleaner.clean(elsewhere, kind="text", site="gazette.example").text.count("Morgan Reyes") == 1


def test_a_page_that_is_all_site_lines_keeps_them():
    profile = SiteProfile("gazette.example", 8, {fold(MENU[0]): 8, fold(PITCH): 8})
    cleaner = Cleaner(Config(disabled={"title"}), site_rules=SiteRules.from_profiles([profile]))
    article = cleaner.clean(f"{MENU[0]}\n\n{PITCH}\n", kind="text", site="gazette.example")
    assert article.text == f"{MENU[0]}\n\n{PITCH}" and not article.removed
    assert cleaner.clean(f"{MENU[0]}\n\n{PITCH}\n\nA line of its own.\n", kind="text",
                         site="gazette.example").text == "A line of its own."


def test_near_duplicates_count_once_and_other_stories_do_not_collide():
    counter = SiteCounter()
    assert counter.add(sketch_page(page_text(1), "text", "s"))
    assert not counter.add(sketch_page(page_text(1).replace("Weather", "Weather today"), "text", "s"))
    assert all(counter.add(sketch_page(page_text(i), "text", "s")) for i in range(2, 30))
    assert (counter.pages, counter.duplicates) == (29, 1)


def test_pages_that_share_a_sidebar_of_teasers_are_no_near_duplicates():
    teasers = [f"Read how the {w} of the old quarter changed after the council vote last spring" for w in WORDS[:5]]
    pages = [page_text(i, extra=teasers) for i in range(8)]
    counter = SiteLearner().add_all(sketch_page(p, "text", "s") for p in pages).sites["s"]
    assert (counter.pages, counter.duplicates) == (8, 0)
    # read in one pass, without knowing the teasers are the site's, they would make every page a copy
    single = SiteCounter()
    assert [single.add(sketch_page(p, "text", "s")) for p in pages[:2]] == [True, False]


def test_counts_are_capped_per_site(monkeypatch):
    import cleaner.sites as sites

    monkeypatch.setattr(sites, "MAX_KEYS", 200)
    counter = SiteCounter()
    for i in range(100):
        counter.add(sketch_page(page_text(i), "text", "s"))
        assert len(counter.counts) <= 200
    assert counter.counts[fold(PITCH)] == 100 and counter.pages == 100


def test_the_rule_file_reads_back_and_a_broken_one_names_its_line(tmp_path):
    profile = learned([page_text(i) for i in range(8)])["gazette.example"]
    path = profile.write(tmp_path)
    assert path.name == "gazette.example.site.txt"
    again = SiteProfile.read(path)
    assert (again.site, again.pages, again.lines, again.params) == (profile.site, 8, profile.lines, profile.params)
    path.write_text(path.read_text(encoding="utf-8").replace("\t", " ", 1), encoding="utf-8")
    with pytest.raises(RuleError, match=r"gazette\.example\.site\.txt:\d+: a \[lines\] entry"):
        SiteRules([tmp_path])
    with pytest.raises(RuleError, match="not found"):
        Cleaner(Config(site_rule_dirs=[tmp_path / "missing"]))
    with pytest.raises(ConfigError, match="site_rule_dirs"):
        Config(site_rule_dirs=str(tmp_path))


def test_a_rule_file_that_cannot_be_put_in_place_leaves_no_temporary_file(tmp_path):
    profile = learned([page_text(i) for i in range(8)])["gazette.example"]
    (tmp_path / "gazette.example.site.txt").mkdir()  # the rename onto it fails
    with pytest.raises(OSError):
        profile.write(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gazette.example.site.txt"]


def test_html_lines_reads_blocks_and_skips_code():
    html = ("<html><head><title>T</title><style>p{}</style></head><body><nav><a href=/>Home</a> "
            "<a href=/w>World</a></nav><!-- <p>hidden</p> --><p>Story &amp; more<br/>line two</p>"
            "<script>var x = '<p>no</p>';</script><footer>Contact us</footer></body></html>")
    assert html_lines(html) == ["Home World", "Story & more", "line two", "Contact us"]



def test_html_lines_keeps_text_after_code_when_lowering_changes_length():
    # "İ".lower() is two characters: the code's end, found in the lowered page, was
    # applied to the page itself, and the first letters after it went
    html = "<p>İstanbul İzmir İnebolu</p><script>var x = 1;</script><p>After the script</p><!-- c --><p>And more</p>"
    assert html_lines(html) == ["İstanbul İzmir İnebolu", "After the script", "And more"]


# --- corpus runs -----------------------------------------------------------------

def build_sites_corpus(root: Path) -> dict:
    """A JSONL file of two sites by URL (gazette: 8 pages, one of them twice; tiny: 3 pages),
    and a folder of .txt pages that is a site by its folder."""
    import json

    root.mkdir(parents=True, exist_ok=True)
    rows = [{"id": f"g{i}", "url": f"https://www.gazette.example/news/{i}", "text": page_text(i)} for i in range(8)]
    rows.append({"id": "g0-copy", "url": "https://gazette.example/wire/0", "text": page_text(0)})
    rows += [{"id": f"t{i}", "url": f"http://tiny.example/{i}", "text": page_text(100 + i)} for i in range(3)]
    (root / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    blog = root / "blog"
    blog.mkdir()
    for i in range(6):
        (blog / f"post{i}.txt").write_text(page_text(200 + i).replace(PITCH, "Thanks for reading the quay blog."),
                                           encoding="utf-8")
    return {"inputs": len(rows) + 6}


def corpus_records(out: Path) -> dict:
    return {record["id"]: record for record in records(out)}


@pytest.fixture(scope="module")
def sites_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("sites") / "in"
    return root, build_sites_corpus(root)


def test_a_corpus_run_learns_each_site_and_removes_its_lines(sites_corpus, tmp_path):
    from cleaner.corpus import RunOptions, run_corpus

    root, expect = sites_corpus
    stats = run_corpus([root], tmp_path / "out", options=RunOptions(site_boilerplate=True), workers=0, shard_size=4)
    assert stats["records"] == expect["inputs"]
    recs = corpus_records(tmp_path / "out")
    g = recs["g3"]
    removed = [r for r in g["metadata"]["removed"] if r["rule"] == "site-boilerplate"]
    # the copy of g0 counts once: 8 distinct pages
    assert [r["text"] for r in removed] == MENU + [PITCH, FOOTER]
    assert {r["reason"] for r in removed} == {"on 8 of 8 pages of gazette.example"}
    assert PITCH not in g["text"] and story(3)[0] in g["text"] and g["metadata"]["site"] == "gazette.example"
    assert PITCH in recs["t1"]["text"]  # three pages: nothing learned
    assert "Thanks for reading the quay blog." not in recs["blog/post2"]["text"]  # a folder is a site
    files = sorted(p.name for p in (tmp_path / "out" / "site-rules").iterdir())
    assert "gazette.example.site.txt" in files and not any("tiny" in f for f in files) and len(files) == 2
    assert stats["removed_counts"]["site-boilerplate"] > 0
    # without the switch nothing is learned and the lines stay
    plain = run_corpus([root], tmp_path / "plain", workers=0, shard_size=4)
    assert "site-boilerplate" not in plain["removed_counts"]
    assert PITCH in corpus_records(tmp_path / "plain")["g3"]["text"]


def test_a_corpus_run_with_site_learning_is_the_same_bytes_for_any_workers_and_resumes(sites_corpus, tmp_path):
    from cleaner.corpus import RunOptions, run_corpus

    root, _ = sites_corpus
    options = RunOptions(site_boilerplate=True)
    run_corpus([root], tmp_path / "j0", options=options, workers=0, shard_size=3)
    run_corpus([root], tmp_path / "j2", options=options, workers=2, shard_size=3)
    first = corpus_outputs(tmp_path / "j0")
    assert first == corpus_outputs(tmp_path / "j2")
    assert any(name.startswith("site-rules") for name in first)
    # a rerun finds every shard done and gives the same files
    manifest = (tmp_path / "j2" / "manifest.jsonl").read_text()
    run_corpus([root], tmp_path / "j2", options=options, workers=2, shard_size=3)
    assert (tmp_path / "j2" / "manifest.jsonl").read_text() == manifest
    assert corpus_outputs(tmp_path / "j2") == first


def test_a_new_page_changes_what_the_site_learned_and_its_shards_are_cleaned_again(tmp_path):
    from cleaner.corpus import RunOptions, run_corpus

    root = tmp_path / "in"
    build_sites_corpus(root)
    options = RunOptions(site_boilerplate=True)
    run_corpus([root], tmp_path / "out", options=options, workers=0, shard_size=4)
    before = corpus_records(tmp_path / "out")
    assert "Thanks for reading the quay blog." not in before["blog/post1"]["text"]
    for i in range(6, 12):  # the blog's line now stands on 6 of 12 pages: still over the share
        (root / "blog" / f"post{i}.txt").write_text(page_text(300 + i), encoding="utf-8")
    run_corpus([root], tmp_path / "out", options=options, workers=0, shard_size=4)
    after = corpus_records(tmp_path / "out")
    reasons = {r["reason"] for r in after["blog/post1"]["metadata"]["removed"] if r["rule"] == "site-boilerplate"}
    assert any(reason.startswith("on 6 of 12 pages of") for reason in reasons)
    assert len(after) == len(before) + 6


def test_learn_sites_writes_rule_files_that_clean_reads_back(sites_corpus, tmp_path):
    import subprocess
    import sys

    root, _ = sites_corpus
    run = subprocess.run([sys.executable, "-m", "cleaner", "learn-sites", str(root), "-o", str(tmp_path / "rules")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "rules" / "gazette.example.site.txt").exists()
    page = tmp_path / "page.txt"
    page.write_text(page_text(77), encoding="utf-8")
    cmd = [sys.executable, "-m", "cleaner", "clean", str(page), "--site-rules", str(tmp_path / "rules")]
    cleaned = subprocess.run(cmd + ["--site", "gazette.example"], capture_output=True, text=True)
    assert cleaned.returncode == 0, cleaned.stderr
    assert PITCH not in cleaned.stdout and story(77)[1] in cleaned.stdout
    assert PITCH in subprocess.run(cmd, capture_output=True, text=True).stdout  # no site named
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "x.site.txt").write_text("[site]\nx\n[pages]\nmany\n", encoding="utf-8")
    bad = subprocess.run(cmd[:-1] + [str(broken)], capture_output=True, text=True)
    assert bad.returncode == 3 and "x.site.txt:4" in bad.stderr


def test_a_corpus_run_with_site_learning_on_ray_is_the_same_bytes(sites_corpus, tmp_path):
    pytest.importorskip("ray")
    from cleaner.corpus import RunOptions, run_corpus

    root, _ = sites_corpus
    options = RunOptions(site_boilerplate=True)
    run_corpus([root], tmp_path / "local", options=options, workers=2, shard_size=3)
    run_corpus([root], tmp_path / "ray", options=options, engine="ray", shard_size=3, progress=False)
    assert corpus_outputs(tmp_path / "ray") == corpus_outputs(tmp_path / "local")


@pytest.mark.parametrize("piece", ["<script>", "<!--", "<p", "<div class='", "<style>a</style>", "<head><p>x"])
def test_html_lines_reads_a_hostile_page_in_linear_time(piece):
    import time

    start = time.perf_counter()
    lines = html_lines(piece * 50000 + "<p>The end of the page.</p>")
    assert time.perf_counter() - start < 3.0
    assert lines[-1] == "The end of the page."
