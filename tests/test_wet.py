"""Common Crawl WET input: conversion records cleaned in text mode, told by their record type."""
from __future__ import annotations

import json
from pathlib import Path

from cleaner import Cleaner, Config
from cleaner.corpus import run_corpus
from corpus_inputs import as_html, fixture_texts, write_wet


def records(out: Path) -> list:
    return [json.loads(line) for p in sorted((out / "shards").glob("*.jsonl"))
            for line in p.read_text(encoding="utf-8").splitlines()]


def rejects(out: Path) -> list:
    return [json.loads(line) for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]


def test_wet_records_are_cleaned_as_text_with_their_target_uri(tmp_path):
    texts = fixture_texts(5)
    (tmp_path / "in").mkdir()
    write_wet(tmp_path / "in" / "CC-MAIN-x.warc.wet.gz", texts)
    stats = run_corpus([tmp_path / "in"], tmp_path / "out", workers=0, progress=False)
    assert stats["inputs"] == len(texts) and stats["rejects"] == 0  # the warcinfo record is no document
    cleaner = Cleaner()
    recs = records(tmp_path / "out")
    assert [r["text"] for r in recs] == [cleaner.clean(t, kind="text").text for t in texts]
    assert [r["metadata"]["url"] for r in recs] == [f"https://example.org/wet/{n}" for n in range(len(texts))]
    assert all(r["metadata"]["kind"] == "text" for r in recs)
    assert recs[0]["metadata"]["input_fields"]["warc_refers_to"].startswith("<urn:uuid:")
    assert recs[0]["id"].startswith("<urn:uuid:") and recs[0]["added"]  # WARC-Record-ID and WARC-Date


def test_the_record_type_tells_wet_from_warc_not_the_file_name(tmp_path):
    texts = fixture_texts(6)
    (tmp_path / "in").mkdir()
    # Named like a WARC, holding conversion records and, after them, HTML responses.
    write_wet(tmp_path / "in" / "mixed.warc.gz", texts[:3], responses=[as_html(t) for t in texts[3:]])
    run_corpus([tmp_path / "in"], tmp_path / "out", workers=0, progress=False)
    recs = records(tmp_path / "out")
    assert [r["metadata"]["kind"] for r in recs] == ["text"] * 3 + ["html"] * 3
    cleaner = Cleaner()
    assert [r["text"] for r in recs[:3]] == [cleaner.clean(t, kind="text").text for t in texts[:3]]


def test_a_conversion_record_that_is_not_plain_text_is_rejected_with_its_type(tmp_path):
    (tmp_path / "in").mkdir()
    write_wet(tmp_path / "in" / "odd.warc.wet.gz", ["<p>not text</p>"], content_type="application/pdf")
    stats = run_corpus([tmp_path / "in"], tmp_path / "out", workers=0, progress=False)
    assert stats["inputs"] == 1 and stats["rejects"] == 1
    assert rejects(tmp_path / "out")[0]["reason"] == "WET conversion record is not text/plain (application/pdf)"


def test_whole_page_setting_of_the_run_applies_to_wet_text(tmp_path):
    menu, footer = ["Home", "World", "Sport", "Business", "Contact"] * 3, ["About us", "Privacy", "Terms", "Careers"]
    page = "\n".join(menu) + "\n\n" + fixture_texts(1)[0] + "\n\n" + "\n".join(footer)
    (tmp_path / "in").mkdir()
    write_wet(tmp_path / "in" / "page.warc.wet.gz", [page])
    config = Config(whole_page=True)
    run_corpus([tmp_path / "in"], tmp_path / "out", config=config, workers=0, progress=False)
    text = records(tmp_path / "out")[0]["text"]
    assert text == Cleaner(config).clean(page, kind="text").text
    assert "Careers" not in text and "Careers" in Cleaner().clean(page, kind="text").text  # the setting counted
