"""Parquet shards out (--format parquet) and Parquet files in, with the real
pyarrow, datasets and DuckDB."""
from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from cleaner.corpus import FieldNames, RunOptions, plan_shards, run_corpus  # noqa: E402
from corpus_inputs import (build_mixed_corpus, cli_corpus, done_shards, fixture_texts,  # noqa: E402
                           kill_9_after, numbered_stories)

FIELDS = FieldNames(id="doc_id", text="body", url="link")
PARQUET = RunOptions(fields=FIELDS, fmt="parquet")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus") / "in"
    return root, build_mixed_corpus(root)


def shard_files(out: Path) -> list:
    return sorted((out / "shards").iterdir())


def parquet_rows(out: Path) -> list:
    rows = []
    for path in shard_files(out):
        rows.extend(pq.read_table(path).to_pylist())
    return rows


def jsonl_records(out: Path) -> list:
    return [json.loads(line) for path in shard_files(out) for line in path.read_text("utf-8").splitlines()]


def shard_bytes(out: Path) -> dict:
    return {p.name: p.read_bytes() for p in shard_files(out)}


def test_parquet_shards_hold_the_jsonl_records(corpus, tmp_path):
    root, expect = corpus
    run_corpus([root], tmp_path / "jsonl", options=RunOptions(fields=FIELDS), workers=0, shard_size=5)
    stats = run_corpus([root], tmp_path / "pq", options=PARQUET, workers=0, shard_size=5)
    assert all(p.name.endswith(".parquet") for p in shard_files(tmp_path / "pq"))
    rows = parquet_rows(tmp_path / "pq")
    assert stats["inputs"] == expect["inputs"] and stats["records"] == len(rows) > 0
    for row in rows:
        assert list(row) == ["id", "text", "source", "added", "created", "metadata"]
        row["metadata"] = json.loads(row["metadata"])
    assert rows == jsonl_records(tmp_path / "jsonl")
    assert (tmp_path / "pq" / "rejects.jsonl").read_bytes() == (tmp_path / "jsonl" / "rejects.jsonl").read_bytes()
    assert "Sample articles" in (tmp_path / "pq" / "report.html").read_text() and "class=\"rule\"" in (
        tmp_path / "pq" / "report.html").read_text()


def test_same_bytes_whatever_the_number_of_workers_and_no_timestamp(corpus, tmp_path):
    root, _ = corpus
    results = []
    for workers in (1, 2):
        run_corpus([root], tmp_path / f"w{workers}", options=PARQUET, workers=workers, shard_size=4)
        results.append(shard_bytes(tmp_path / f"w{workers}"))
    time.sleep(1.1)  # a timestamp in the file would differ now
    run_corpus([root], tmp_path / "again", options=PARQUET, workers=0, shard_size=4)
    assert results[0] == results[1] == shard_bytes(tmp_path / "again") and len(results[0]) > 3
    meta = pq.ParquetFile(shard_files(tmp_path / "w1")[0]).metadata
    assert meta.created_by == f"parquet-cpp-arrow version {pa.__version__}"
    assert set(meta.metadata) == {b"ARROW:schema"}
    assert meta.row_group(0).column(1).compression == "ZSTD"


def test_readable_by_datasets_and_duckdb(corpus, tmp_path):
    datasets = pytest.importorskip("datasets")
    duckdb = pytest.importorskip("duckdb")
    root, _ = corpus
    out = tmp_path / "out"
    run_corpus([root], out, options=PARQUET, workers=0, shard_size=5)
    expected = parquet_rows(out)
    ds = datasets.load_dataset("parquet", data_files=[str(p) for p in shard_files(out)], split="train",
                               cache_dir=str(tmp_path / "hf"))
    assert ds.column_names == ["id", "text", "source", "added", "created", "metadata"]
    assert ds["id"] == [r["id"] for r in expected] and ds["text"] == [r["text"] for r in expected]
    languages = {}
    for r in expected:
        lang = json.loads(r["metadata"])["language"]
        languages[lang] = languages.get(lang, 0) + 1
    query = (f"SELECT metadata->>'language' AS lang, count(*) FROM read_parquet('{out}/shards/*.parquet') "
             "GROUP BY lang ORDER BY lang")
    assert dict(duckdb.sql(query).fetchall()) == languages
    words = duckdb.sql(f"SELECT sum(CAST(metadata->>'word_count' AS INTEGER)) "
                       f"FROM read_parquet('{out}/shards/*.parquet')").fetchall()[0][0]
    assert words == sum(json.loads(r["metadata"])["word_count"] for r in expected)


def test_duplicate_flags_are_written_into_the_parquet_shards(tmp_path):
    base, other = fixture_texts(3)[0], fixture_texts(3)[2]
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(base)
    (src / "b.txt").write_text(base + "\n\nAdvertisement\n\nShare this article")  # the same once cleaned
    (src / "d.txt").write_text(other)
    outs = []
    for size in (1, 3):  # the flag lands in another shard, or in the same one
        out = tmp_path / f"out{size}"
        run_corpus([src], out, options=RunOptions(fmt="parquet"), workers=0, shard_size=size)
        by_id = {r["id"]: json.loads(r["metadata"]) for r in parquet_rows(out)}
        assert by_id["b"]["exact_duplicate_of"] == "a" and "exact_duplicate_of" not in by_id["d"]
        assert not list((out / "shards").glob("*.tmp"))
        outs.append({k: {f: v for f, v in m.items() if f != "offset"} for k, m in by_id.items()})
    assert outs[0] == outs[1]  # the rewrite changes the flags only


def test_rerun_in_another_format_leaves_no_stale_shard(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i, text in enumerate(fixture_texts(3)):
        (src / f"a{i}.txt").write_text(text)
    out = tmp_path / "out"
    for options in (RunOptions(), RunOptions(compress=True), RunOptions(fmt="parquet")):
        stats = run_corpus([src], out, options=options, workers=0, shard_size=2)
        assert stats["records"] == 3
        names = [p.name for p in shard_files(out)]
        assert len(names) == 2 and all(n.endswith(".parquet" if options.fmt == "parquet" else
                                                  ".jsonl.gz" if options.compress else ".jsonl") for n in names)
    (src / "a2.txt").unlink()
    run_corpus([src], out, options=RunOptions(fmt="parquet"), workers=0, shard_size=2)
    assert len(shard_files(out)) == 1 and len(parquet_rows(out)) == 2


def test_parquet_run_resumes_after_kill_9(tmp_path):
    src = numbered_stories(tmp_path / "in", 240, fixture_texts(40))
    args = ["-j", "2", "--shard-size", "10", "--format", "parquet"]
    assert cli_corpus([src, "-o", tmp_path / "ref", *args]).wait() == 0
    out = tmp_path / "out"
    kill_9_after([src, "-o", out, *args], out, 4)
    assert 0 < done_shards(out) < 24, "the run finished before it was killed: the test proves nothing"
    assert cli_corpus([src, "-o", out, *args]).wait() == 0
    assert shard_bytes(out) == shard_bytes(tmp_path / "ref") and len(shard_bytes(out)) == 24
    assert len({r["id"] for r in parquet_rows(out)}) == 240


def test_cli_refuses_gzip_with_parquet(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(fixture_texts(1)[0])
    proc = cli_corpus([src, "-o", tmp_path / "out", "--format", "parquet", "--gzip"])
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and b"--gzip" in err and b"Parquet" in err
    assert not (tmp_path / "out").exists()


# ---- Parquet inputs ----

def _input_table(texts):
    """Rows of every kind a Parquet input can hold: custom field names, scalar
    extras, a timestamp, a list column (not read), a null text, HTML as bytes."""
    n = len(texts)
    bodies = list(texts)
    bodies[3] = None
    return pa.table({
        "doc_id": [f"p{i}" for i in range(n)],
        "body": bodies,
        "link": [f"https://example.org/p{i}" for i in range(n)],
        "rank": list(range(n)),
        "fetched": [dt.datetime(2024, 5, 1, 12, 0, i % 60) for i in range(n)],
        "embedding": [[0.5] * 8 for _ in range(n)],
    })


def test_parquet_input_rows_sharded_by_range_across_row_groups(tmp_path):
    texts = fixture_texts(23)
    path = tmp_path / "in" / "docs.parquet"
    path.parent.mkdir()
    pq.write_table(_input_table(texts), path, row_group_size=5)  # 5 row groups; shards of 4 cut across them
    shards = plan_shards([path], 4)
    assert [(s.fmt, s.start, s.stop) for s in shards] == [("parquet", i, min(i + 4, 23)) for i in range(0, 23, 4)]
    stats = run_corpus([path], tmp_path / "out", options=RunOptions(fields=FIELDS), workers=0, shard_size=4)
    records = jsonl_records(tmp_path / "out")
    rejects = [json.loads(l) for l in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()]
    assert stats["inputs"] == 23 == len(records) + len(rejects)
    assert [r["id"] for r in rejects] == ["p3"] and "no string field 'body'" in rejects[0]["reason"]
    assert [r["id"] for r in records] == [f"p{i}" for i in range(23) if i != 3]
    first = records[0]
    assert first["metadata"]["url"] == "https://example.org/p0" and first["metadata"]["offset"] == 0
    assert first["metadata"]["input_fields"] == {"rank": 0, "fetched": "2024-05-01T12:00:00"}
    assert records[5]["metadata"]["offset"] == 6
    # the same as those texts given as JSONL with the same fields
    jsonl = tmp_path / "in2" / "docs.jsonl"
    jsonl.parent.mkdir()
    jsonl.write_text("".join(json.dumps({"doc_id": f"p{i}", "body": t, "link": f"https://example.org/p{i}"}) + "\n"
                             for i, t in enumerate(texts) if i != 3))
    run_corpus([jsonl], tmp_path / "out2", options=RunOptions(fields=FIELDS), workers=0, shard_size=4)
    assert [r["text"] for r in jsonl_records(tmp_path / "out2")] == [r["text"] for r in records]


def test_parquet_input_reads_only_the_row_groups_of_its_shard_and_no_list_column(tmp_path, monkeypatch):
    from cleaner.corpus.sources import read_documents

    path = tmp_path / "docs.parquet"
    pq.write_table(_input_table(fixture_texts(20)), path, row_group_size=5)
    calls = []
    real = pq.ParquetFile.iter_batches

    def spy(self, *args, **kwargs):
        calls.append((kwargs.get("row_groups"), kwargs.get("columns")))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    shard = plan_shards([path], 4)[2]  # rows 8..11: row groups 1 (5-9) and 2 (10-14)
    docs = list(read_documents(shard, FIELDS))
    assert [d.id for d in docs] == ["p8", "p9", "p10", "p11"]
    assert [c[0] for c in calls] == [[1], [2]]
    assert all("embedding" not in c[1] and "body" in c[1] for c in calls)


def test_html_column_and_a_dataset_saved_with_to_parquet(tmp_path):
    datasets = pytest.importorskip("datasets")
    from corpus_inputs import as_html

    texts = fixture_texts(6)
    ds = datasets.Dataset.from_dict({"id": [f"h{i}" for i in range(6)], "html": [as_html(t) for t in texts],
                                     "lang": ["en"] * 6})
    (tmp_path / "in").mkdir()
    ds.to_parquet(str(tmp_path / "in" / "train.parquet"))
    stats = run_corpus([tmp_path / "in"], tmp_path / "out", workers=0)
    records = jsonl_records(tmp_path / "out")
    assert stats["inputs"] == stats["records"] == 6
    assert [r["id"] for r in records] == [f"h{i}" for i in range(6)]
    assert all(r["metadata"]["kind"] == "html" and r["metadata"]["input_fields"] == {"lang": "en"} for r in records)
    assert "Home | World | Sport" not in records[0]["text"] and records[0]["text"].strip()
    # HTML kept as bytes (a crawl's raw payload) reads too
    raw = pa.table({"id": ["b0"], "html": pa.array([as_html(texts[0]).encode("utf-8")], pa.binary())})
    pq.write_table(raw, tmp_path / "raw.parquet")
    run_corpus([tmp_path / "raw.parquet"], tmp_path / "out_raw", workers=0)
    assert jsonl_records(tmp_path / "out_raw")[0]["text"] == records[0]["text"]


def test_a_broken_parquet_input_is_a_reject_and_the_run_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    pq.write_table(_input_table(fixture_texts(6)), src / "good.parquet", row_group_size=3)
    data = (src / "good.parquet").read_bytes()
    (src / "cut.parquet").write_bytes(data[: len(data) // 2])  # no footer
    (src / "notes.txt").write_text(fixture_texts(8)[7])
    stats = run_corpus([src], tmp_path / "out", options=RunOptions(fields=FIELDS), workers=0)
    rejects = [json.loads(l) for l in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()]
    cut = [r for r in rejects if r["path"].endswith("cut.parquet")]
    assert len(cut) == 1 and cut[0]["reason"].startswith("unreadable Parquet file")
    assert stats["records"] == 6 and stats["inputs"] == stats["records"] + stats["rejects"]


def test_parquet_rows_over_max_bytes_are_rejects_never_read_into_python(tmp_path, monkeypatch):
    """A row with a cell over --max-bytes (its text, or any column a record keeps), or with
    all its cells over a JSON line's bound, is a reject; the rows after it are read."""
    from cleaner.corpus.sources import JSON_LINE_FACTOR, READ_BLOCK, read_documents

    texts = fixture_texts(5)
    limit = 100_000
    bodies = list(texts)
    bodies[1] = "word " * (limit // 4)                       # the text over the bound
    notes = ["short"] * 5
    notes[3] = "n" * (limit + 1)                              # a kept extra column over it
    links = [f"https://example.org/p{i}" for i in range(5)]
    bodies[4] = "a" * (limit - 10)                            # two cells near it: a document
    links[4] = "b" * (limit - 10)
    path = tmp_path / "docs.parquet"
    table = pa.table({"doc_id": [f"p{i}" for i in range(5)], "body": bodies, "link": links, "notes": notes})
    pq.write_table(table, path)
    import cleaner.corpus.parquet as parquet

    converted = []  # every cell made into a Python value
    real = parquet._plain
    monkeypatch.setattr(parquet, "_plain", lambda value: converted.append(value) or real(value))
    shard = plan_shards([path], 10)[0]
    docs = list(read_documents(shard, FIELDS, max_bytes=limit))
    assert [d.id for d in docs] == ["p0", "docs.parquet:1", "p2", "docs.parquet:3", "p4"]
    assert [d.reject for d in docs] == [None, f"larger than --max-bytes: a Parquet cell over {limit} bytes", None,
                                        f"larger than --max-bytes: a Parquet cell over {limit} bytes", None]
    assert [v for v in converted if str(v).startswith("p")] == ["p0", "p2", "p4"]
    assert max(len(str(v)) for v in converted) < limit
    # ... all of them together over a JSON line's bound: a reject too
    row_bound = JSON_LINE_FACTOR * limit + READ_BLOCK
    wide = pa.table({f"c{i}": ["x" * (limit - 1)] for i in range(row_bound // limit + 1)})
    wide = wide.append_column("body", pa.array(["A short story."]))
    pq.write_table(wide, tmp_path / "wide.parquet")
    docs = list(read_documents(plan_shards([tmp_path / "wide.parquet"], 10)[0], FIELDS, max_bytes=limit))
    assert [d.reject for d in docs] == [f"larger than --max-bytes: a Parquet row over {row_bound} bytes"]
    # no bound: every row is a document, as before
    assert all(d.reject is None for d in read_documents(shard, FIELDS))


def test_parquet_rows_over_max_bytes_are_rejects_in_a_run(tmp_path):
    texts = fixture_texts(3)
    path = tmp_path / "in" / "docs.parquet"
    path.parent.mkdir()
    pq.write_table(pa.table({"doc_id": ["a", "b", "c"], "body": [texts[0], "x " * 60_000, texts[2]]}), path)
    stats = run_corpus([path], tmp_path / "out", options=RunOptions(fields=FIELDS, max_bytes=100_000), workers=0)
    rejects = [json.loads(l) for l in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()]
    assert [r["reason"] for r in rejects] == ["larger than --max-bytes: a Parquet cell over 100000 bytes"]
    assert stats["inputs"] == 3 and stats["records"] == 2
