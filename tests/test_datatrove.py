"""The datatrove step, run by datatrove's own LocalPipelineExecutor, readers and writers.

Skipped when datatrove is not installed (``pip install "cleaner[datatrove]"``;
``make test`` installs it).
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove")
pytest.importorskip("magic")  # WarcReader's content sniffing (datatrove[io])

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.extractors import Trafilatura  # noqa: E402
from datatrove.pipeline.readers import JsonlReader, WarcReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from cleaner import Cleaner, Config  # noqa: E402
from cleaner.integrations.datatrove import ArticleCleaner, reason_code  # noqa: E402
from corpus_inputs import as_html, fixture_texts, write_warc  # noqa: E402

# A page with no article: nothing is left of it once the cleaner has removed its chrome.
EMPTY_PAGE = "<html><body><p>Advertisement</p></body></html>"


def run_pipeline(steps, logs: Path) -> dict:
    """Run the steps with datatrove's local executor; the stats of each step, by step name."""
    LocalPipelineExecutor(pipeline=steps, tasks=1, workers=1, logging_dir=str(logs)).run()
    stats = json.loads((logs / "stats.json").read_text())
    return {step["name"].split(": ", 1)[1]: step["stats"] for step in stats}


def read_output(folder: Path) -> list:
    docs = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            docs.extend(json.loads(line) for line in f)
    return docs


def count(stats: dict, name: str) -> int:
    value = stats.get(name)
    return 0 if value is None else value["total"] if isinstance(value, dict) else value


@pytest.fixture(scope="module")
def pages():
    return [as_html(t) for t in fixture_texts(6)]


def test_warc_reader_then_cleaner_in_place_of_trafilatura(tmp_path, pages):
    warc = tmp_path / "in" / "crawl.warc.gz"
    warc.parent.mkdir()
    write_warc(warc, pages + [EMPTY_PAGE])
    stats = run_pipeline([
        WarcReader(str(warc.parent)),
        ArticleCleaner(exclusion_writer=JsonlWriter(str(tmp_path / "excluded"))),
        JsonlWriter(str(tmp_path / "out")),
    ], tmp_path / "logs")
    docs = read_output(tmp_path / "out")
    cleaner = Cleaner()
    assert len(docs) == len(pages)
    for doc, page in zip(docs, pages):
        expected = cleaner.clean(page, kind="html")
        assert doc["text"] == expected.text
        assert doc["metadata"]["cleaner"]["title"] == expected.metadata["title"]
        assert doc["metadata"]["cleaner"]["kind"] == "html"
        assert doc["metadata"]["url"].startswith("https://example.org/story/")  # the reader's metadata stays
    excluded = read_output(tmp_path / "excluded")
    assert len(excluded) == 1
    assert excluded[0]["metadata"]["filter_reason"] == "empty_after_cleaning"
    assert excluded[0]["metadata"]["cleaner"]["reject_reason"] == "empty after cleaning"
    step = stats["🧹 cleaner"]
    assert count(step, "total") == len(pages) + 1
    assert count(step, "forwarded") == len(pages)
    assert count(step, "dropped") == 1 and count(step, "dropped_empty_after_cleaning") == 1


def test_removals_are_counted_by_rule_in_the_step_stats(tmp_path):
    texts = fixture_texts(12)
    path = tmp_path / "in" / "docs.jsonl"
    path.parent.mkdir()
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    stats = run_pipeline([
        JsonlReader(str(path.parent)),
        ArticleCleaner(kind="text"),
        JsonlWriter(str(tmp_path / "out")),
    ], tmp_path / "logs")
    cleaner = Cleaner()
    articles = [cleaner.clean(t, kind="text") for t in texts]
    docs = read_output(tmp_path / "out")
    assert [d["id"] for d in docs] == [f"d{i}" for i in range(len(texts))]
    assert [d["text"] for d in docs] == [a.text for a in articles]
    assert [d["metadata"]["cleaner"]["removed"] for d in docs] == [[r.to_dict() for r in a.removed]
                                                                   for a in articles]
    step = stats["🧹 cleaner"]
    lines, chars = {}, {}
    for article in articles:
        for r in article.removed:
            lines[r.rule] = lines.get(r.rule, 0) + 1
            chars[r.rule] = chars.get(r.rule, 0) + len(r.text)
    assert len(lines) >= 3  # the fixtures exercise several rules
    for rule in lines:
        assert count(step, f"removed_{rule}") == lines[rule]
        assert count(step, f"removed_chars_{rule}") == chars[rule]
    assert count(step, "forwarded") == len(texts)


def test_after_datatrove_trafilatura_the_step_cleans_its_text(tmp_path, pages):
    warc = tmp_path / "in" / "crawl.warc.gz"
    warc.parent.mkdir()
    write_warc(warc, pages[:3])
    run_pipeline([
        WarcReader(str(warc.parent)),
        Trafilatura(timeout=30),
        ArticleCleaner(kind="text", config=Config(whole_page=False)),
        JsonlWriter(str(tmp_path / "out")),
    ], tmp_path / "logs")
    import trafilatura

    cleaner = Cleaner(Config(whole_page=False))
    expected = [cleaner.clean(trafilatura.extract(p, favor_precision=True, include_comments=False,
                                                  deduplicate=True), kind="text").text for p in pages[:3]]
    assert [d["text"] for d in read_output(tmp_path / "out")] == expected


def test_a_document_over_the_time_limit_is_dropped_as_timed_out(tmp_path):
    long_text = "\n\n".join(fixture_texts(40)) * 20  # far more than a millisecond of work
    path = tmp_path / "in" / "docs.jsonl"
    path.parent.mkdir()
    path.write_text(json.dumps({"id": "slow", "text": long_text}) + "\n")
    stats = run_pipeline([
        JsonlReader(str(path.parent)),
        ArticleCleaner(kind="text", time_limit=0.001, exclusion_writer=JsonlWriter(str(tmp_path / "excluded"))),
        JsonlWriter(str(tmp_path / "out")),
    ], tmp_path / "logs")
    assert count(stats["🧹 cleaner"], "dropped_timed_out") == 1
    assert read_output(tmp_path / "excluded")[0]["metadata"]["filter_reason"] == "timed_out"
    assert not list((tmp_path / "out").glob("*.jsonl.gz")) or read_output(tmp_path / "out") == []


def test_a_document_that_is_not_text_is_dropped_with_a_reason():
    step = ArticleCleaner()
    from datatrove.data import Document

    doc = Document(text=None, id="x")  # a reader adapter that produced no text
    assert step.clean(doc, Cleaner()).startswith("InputError: text is NoneType")
    assert reason_code("over the size limit: 10 > 5") == "over_the_size_limit"


def test_importing_the_cleaner_does_not_import_datatrove_or_pyarrow():
    import subprocess
    import sys

    code = "import sys, cleaner, cleaner.corpus; print('datatrove' in sys.modules, 'pyarrow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
