"""report.html (cleaner/corpus/report.py), read back from the generated HTML."""
from __future__ import annotations

import json
import re
from html import escape, unescape
from pathlib import Path

from cleaner.corpus import RunOptions, run_corpus
from cleaner.corpus.report import write_report
from corpus_inputs import fixture_texts
from fixtures_lib import ARTICLES

SEED = ARTICLES / "seed_004_d10c353c19b3eda7.txt"

LONG_REASON = "WARC response is not HTML (application/vnd.openxmlformats-officedocument)"


def record(doc_id, removed, **flags):
    return {"id": doc_id, "text": f"Kept text of {doc_id}.", "source": "t", "added": "", "created": "",
            "metadata": {"title": f"Title {doc_id}", "language": "en", "word_count": 4,
                         "removed": [{"rule": rule, "text": text, "reason": reason, "stage": "text", "position": 0}
                                     for rule, text, reason in removed], **flags}}


def sample_ids(html: str):
    return re.findall(r'<section class="article">.*?<small>(.*?) · ', html, re.S)


def write(tmp_path, records, stats=None) -> str:
    shard = tmp_path / "s.jsonl"
    shard.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    write_report(tmp_path / "report.html", stats or {}, [shard], RunOptions())
    return (tmp_path / "report.html").read_text(encoding="utf-8")


PROMO = ("promo", "Sign up for our newsletter", "newsletter sign-up prompt ('sign up for our newsletter')")


def test_each_removal_shows_its_reason_beside_it_and_on_hover(tmp_path):
    credit = ("photo-credit", "Photo: Jane Roe/Agency", "a photo credit line (agency name after 'Photo:')")
    html = write(tmp_path, [record("a", [PROMO, credit])])
    for rule, text, reason in (PROMO, credit):
        line = re.search(rf'<p title="([^"]*)"><span class="rule">{rule}</span>(.*?)<span class="why">(.*?)</span></p>',
                         html)
        assert line, rule
        assert unescape(line.group(1)) == reason and unescape(line.group(2)) == text
        assert unescape(line.group(3)) == reason


def test_one_sample_article_per_duplicate_cluster(tmp_path):
    records = [record("first", [PROMO], near_duplicate_cluster="first", exact_duplicate_of=None),
               record("copy", [PROMO], near_duplicate_cluster="first", exact_duplicate_of="first"),
               record("near", [PROMO], near_duplicate_cluster="first", exact_duplicate_of=None),
               record("alone", [PROMO]),
               record("twin-a", [PROMO], near_duplicate_cluster="twin-a", exact_duplicate_of=None),
               record("twin-b", [PROMO], near_duplicate_cluster="twin-a", exact_duplicate_of="twin-a"),
               record("clean", [])]
    assert sample_ids(write(tmp_path, records)) == ["first", "alone", "twin-a"]


def test_chart_labels_are_whole_and_clear_of_their_bars(tmp_path):
    reasons = {LONG_REASON: 3, "symbolic link out of the input folder": 2, "empty after cleaning": 9}
    html = write(tmp_path, [], {"reject_reasons": reasons})
    chart = re.search(r'<h2 id="rejects">.*?(<svg.*?</svg>)', html, re.S).group(1)
    rows = re.findall(r'<title>(.*?): (\d+)</title><text x="0" y="\d+">(.*?)</text><rect x="(\d+)"', chart)
    assert {unescape(label): int(n) for label, n, _, _ in rows} == reasons
    width = int(re.search(r'<svg[^>]* width="(\d+)"', chart).group(1))
    for label, _, shown, bar_x in rows:
        assert unescape(shown) == unescape(label)                    # the whole label, not cut
        assert int(bar_x) >= len(unescape(label)) * 7                # its bar starts after it
    assert width >= max(int(x) for *_, x in rows) + 360


def test_skipped_inputs_are_listed(tmp_path):
    skipped = {"unknown extension": {"count": 7, "examples": ["in/a.md", "in/b.jpg"]}}
    html = write(tmp_path, [], {"skipped": skipped})
    assert "<li>unknown extension: 7 (in/a.md, in/b.jpg …)</li>" in html


def test_a_run_samples_one_of_two_copies_with_the_reasons(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i, text in enumerate(fixture_texts(4)):
        (src / f"s{i}.txt").write_text(text, encoding="utf-8")
    for name in ("seed.txt", "seed-copy.txt"):  # a wire copy: an exact duplicate, with removals
        (src / name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    stats = run_corpus([src], tmp_path / "out", workers=0)
    assert stats["exact_duplicates"] == 1
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    picked = sample_ids(html)
    assert len([i for i in picked if i in ("seed", "seed-copy")]) == 1 and len(picked) == len(set(picked))
    records = [json.loads(line) for p in sorted((tmp_path / "out" / "shards").iterdir())
               for line in p.read_text().splitlines()]
    reasons = {r["reason"] for rec in records if rec["id"] in picked for r in rec["metadata"]["removed"]}
    assert reasons and all(f'<span class="why">{escape(reason)}</span>' in html for reason in reasons)
