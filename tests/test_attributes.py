"""`cleaner corpus --attributes`: dolma's documents/ and attributes/<name>/ beside the shards."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleaner.corpus import FieldNames, RunOptions, run_corpus
from cleaner.spans import PREFIX, rebuild
from corpus_inputs import build_mixed_corpus, cli_corpus, done_shards, fixture_texts, kill_9_after, numbered_stories

FIELDS = FieldNames(id="doc_id", text="body", url="link")
ATTRS = RunOptions(fields=FIELDS, attributes="cleaner")
# Text the passes change in every way: odd spaces, CR line ends, blank runs, spelling, debris.
ODD_TEXT = ("The  council\u00a0in Kiev met on Monday and agreed the budget for next year after a long debate.\r\n"
            "\r\n\r\n\r\nSign up for our newsletter\r\n\r\n"
            "It will be published on Friday, the mayor said at the end of the meeting in in the city hall.  \r\n")


def jsonl(path: Path) -> list:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def shard_ids(out: Path) -> list:
    names = [p.name for p in (out / "shards").iterdir()]
    return sorted(next(n[: -len(ext)] for ext in (".jsonl.gz", ".jsonl", ".parquet") if n.endswith(ext))
                  for n in names)


def check_aligned(out: Path, name: str = "cleaner", records_of=None) -> int:
    """Each shard's records, documents and attributes are line for line; the spans
    rebuild each record's text from its document's. Returns the records checked."""
    records_of = records_of or (lambda shard: jsonl(out / "shards" / f"{shard}.jsonl"))
    count = 0
    for shard in shard_ids(out):
        records = records_of(shard)
        documents = jsonl(out / "documents" / f"{shard}.jsonl.gz")
        attributes = jsonl(out / "attributes" / name / f"{shard}.jsonl.gz")
        assert [r["id"] for r in records] == [d["id"] for d in documents] == [a["id"] for a in attributes]
        for record, doc, attrs in zip(records, documents, attributes):
            assert set(doc) == {"id", "text", "source", "added", "created", "metadata"}
            assert attrs["source"] == doc["source"] == record["source"]
            assert all(key.startswith(PREFIX) for key in attrs["attributes"])
            assert PREFIX + "unaligned" not in attrs["attributes"]
            assert rebuild(doc["text"], attrs["attributes"]) == record["text"]
            count += 1
    return count


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus") / "in"
    expect = build_mixed_corpus(root)
    (root / "txt" / "odd.txt").write_bytes(ODD_TEXT.encode("utf-8"))
    (root / "odd.jsonl").write_text(json.dumps({"doc_id": "odd", "body": ODD_TEXT}) + "\n"
                                    + json.dumps({"doc_id": "copy", "body": ODD_TEXT}) + "\n", encoding="utf-8")
    return root, expect["inputs"] + 3


def test_every_record_has_its_document_and_attributes_line_for_line(corpus, tmp_path):
    root, inputs = corpus
    stats = run_corpus([root], tmp_path / "out", options=ATTRS, workers=0, shard_size=4)
    out = tmp_path / "out"
    assert stats["inputs"] == inputs
    assert check_aligned(out) == stats["records"] > 20
    assert stats["exact_duplicates"] >= 1  # the duplicate flags were written into the shards after
    documents = {d["id"]: d for p in (out / "documents").iterdir() for d in jsonl(p)}
    assert documents["odd"]["text"] == ODD_TEXT and documents["odd"]["metadata"]["kind"] == "text"
    html = [d for d in documents.values() if d["metadata"]["kind"] == "html"]
    assert html and all("<p>" not in d["text"] for d in html)  # the extracted text, not the markup
    attrs = {a["id"]: a["attributes"] for p in (out / "attributes" / "cleaner").iterdir() for a in jsonl(p)}
    odd = attrs["odd"]
    pieces = lambda rule: [(ODD_TEXT[s:e], rest) for s, e, _, *rest in odd[PREFIX + rule]]  # noqa: E731
    assert pieces("promo") == [("\r\n\r\n\r\n\r\nSign up for our newsletter", [])]
    assert pieces("spelling") == [("Kiev", ["Kyiv"]), ("in ", [])]
    assert ("\u00a0", [" "]) in pieces("whitespace") and ("\r\n\r\n", ["\n\n"]) in pieces("whitespace")
    assert odd == attrs["copy"]
    without_promo = rebuild(ODD_TEXT, odd, rules=[PREFIX + "promo"])
    assert "Sign up" not in without_promo and "Kiev" in without_promo


def test_same_bytes_whatever_the_number_of_workers(corpus, tmp_path):
    root, _ = corpus
    outputs = []
    for workers in (0, 2):
        out = tmp_path / f"w{workers}"
        run_corpus([root], out, options=ATTRS, workers=workers, shard_size=3)
        outputs.append({p.relative_to(out): p.read_bytes() for folder in ("documents", "attributes")
                        for p in sorted((out / folder).rglob("*.gz"))})
    assert outputs[0] == outputs[1] and len(outputs[0]) > 10


def test_resumes_after_kill_9(tmp_path):
    src = numbered_stories(tmp_path / "in", 200, fixture_texts(40))
    args = ["-j", "2", "--shard-size", "10", "--attributes"]
    assert cli_corpus([src, "-o", tmp_path / "ref", *args]).wait() == 0
    out = tmp_path / "out"
    kill_9_after([src, "-o", out, *args], out, 4)
    assert 0 < done_shards(out) < 20, "the run finished before it was killed: the test proves nothing"
    assert cli_corpus([src, "-o", out, *args]).wait() == 0
    for folder in ("shards", "documents", "attributes/cleaner"):
        got = {p.name: p.read_bytes() for p in (out / folder).iterdir()}
        assert got == {p.name: p.read_bytes() for p in (tmp_path / "ref" / folder).iterdir()} and len(got) == 20
    assert not list(out.rglob("*.tmp"))
    assert check_aligned(out) == 200


def test_with_parquet_and_txt_shards(corpus, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    root, _ = corpus
    out = tmp_path / "pq"
    stats = run_corpus([root], out, options=RunOptions(fields=FIELDS, fmt="parquet", attributes="cleaner"),
                       workers=0, shard_size=4)
    rows = lambda shard: pq.read_table(out / "shards" / f"{shard}.parquet").to_pylist()  # noqa: E731
    assert check_aligned(out, records_of=rows) == stats["records"]
    out = tmp_path / "txt"
    stats = run_corpus([root], out, options=RunOptions(fields=FIELDS, fmt="txt", attributes="cleaner"),
                       workers=0, shard_size=4)

    def texts(shard):  # the shard file lists each record's .txt in order
        listed = jsonl(out / "shards" / f"{shard}.jsonl")
        return [{"id": r["id"], "source": ATTRS.source,
                 "text": (out / r["file"]).read_text(encoding="utf-8")[:-1]} for r in listed]

    assert check_aligned(out, records_of=texts) == stats["records"]


def test_cli_names_the_attribute_folder_and_prunes_stale_shards(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i, text in enumerate(fixture_texts(3)):
        (src / f"a{i}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    args = ["--shard-size", "2", "-j", "0", "--attributes", "clean_v1"]
    assert cli_corpus([src, "-o", out, *args]).wait() == 0
    assert len(list((out / "attributes" / "clean_v1").iterdir())) == len(list((out / "documents").iterdir())) == 2
    (src / "a2.txt").unlink()
    assert cli_corpus([src, "-o", out, *args]).wait() == 0
    assert len(list((out / "attributes" / "clean_v1").iterdir())) == len(list((out / "documents").iterdir())) == 1
    assert check_aligned(out, "clean_v1") == 2
    proc = cli_corpus([src, "-o", tmp_path / "bad", "--attributes", "../up"])
    assert proc.wait() == 2 and b"--attributes" in proc.stderr.read()
