"""The corpus runner's readers: binary files, broken WARC, JSONL cut short, bounded reads, dates."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.corpus import RunOptions, run_corpus
from corpus_inputs import as_html, fixture_texts


def read_out(out: Path):
    """(records, rejects) of a finished run."""
    recs = []
    for shard in sorted((out / "shards").iterdir()):
        opener = gzip.open if shard.name.endswith(".gz") else open
        with opener(shard, "rt", encoding="utf-8") as f:
            recs.extend(json.loads(line) for line in f)
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    return recs, rejects


def test_random_bytes_under_txt_are_a_binary_reject(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "noise.txt").write_bytes(os.urandom(20_000))
    (src / "bytes.txt").write_bytes(bytes(range(256)) * 40)
    (src / "story.txt").write_text(fixture_texts(1)[0], encoding="utf-8")
    stats = run_corpus([src], tmp_path / "out", workers=0)
    recs, rejects = read_out(tmp_path / "out")
    assert [r["id"] for r in recs] == ["story"]
    assert sorted(r["id"] for r in rejects) == ["bytes", "noise"]
    assert all(r["reason"].startswith("InputError: binary input") for r in rejects)
    assert stats["inputs"] == 3 and stats["rejects"] == 2


def _warc_bytes(pages, statuses=None, gz=True) -> bytes:
    """A WARC of HTML responses (with these HTTP status lines), as bytes."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for n, page in enumerate(pages):
        status = (statuses or {}).get(n, "200 OK")
        fields = [("Content-Type", "text/html; charset=utf-8")]
        if status.startswith("3"):
            fields.append(("Location", f"https://example.org/moved/{n}"))
        writer.write_record(writer.create_warc_record(
            f"https://example.org/story/{n}", "response", payload=io.BytesIO(page.encode("utf-8")),
            http_headers=StatusAndHeaders(status, fields, protocol="HTTP/1.1")))
    return out.getvalue()


def _warc_docs(path: Path):
    from cleaner.corpus.sources import Shard, read_documents

    return list(read_documents(Shard("s", "warc", (str(path),))))


def test_a_warc_cut_anywhere_gives_its_whole_records_and_a_truncated_reject(tmp_path):
    """Cut at every 13th byte, gzipped and not: the records before the cut come whole, the
    cut one is a reject 'truncated WARC record' (never a partial page), whatever part of
    the record (WARC headers, HTTP headers, payload) the cut falls in. A cut after a
    record's last byte (in the blank lines after it, or the gzip trailer) loses nothing."""
    pages = [as_html(t) for t in fixture_texts(3)]
    for gz in (True, False):
        data = _warc_bytes(pages, gz=gz)
        whole = [d.payload for d in _warc_docs(_write(tmp_path / ("w.warc.gz" if gz else "w.warc"), data))]
        assert len(whole) == 3 and all(whole)
        ends = _record_ends(data)
        cuts = 0
        for cut in range(1, len(data) - 4, 13):
            docs = _warc_docs(_write(tmp_path / ("cut.warc.gz" if gz else "cut.warc"), data[:cut]))
            good = [d for d in docs if not d.reject]
            assert [d.payload for d in good] == whole[:len(good)], cut
            if any(end - (12 if gz else 0) <= cut <= end + 4 for end in ends):
                continue  # all of a record is there, none of the next
            cuts += 1
            assert len(docs) == len(good) + 1, (cut, [d.reject for d in docs])
            assert docs[-1].reject.startswith("truncated WARC record"), (cut, docs[-1].reject)
        assert cuts > 200


def _record_ends(data: bytes):
    """Where each record of a WARC ends (its last byte, before the blank lines after it)."""
    import io

    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(io.BytesIO(data))
    return [records.get_record_offset() + records.get_record_length() for _ in records]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_truncated_warc_in_a_run_is_counted(tmp_path):
    pages = [as_html(t) for t in fixture_texts(3)]
    data = _warc_bytes(pages)
    src = tmp_path / "in"
    src.mkdir()
    _write(src / "cut.warc.gz", data[:len(data) - 200])
    _write(src / "early.warc.gz", data[:40])  # cut inside the first record: nothing came out before
    stats = run_corpus([src], tmp_path / "out", workers=0)
    recs, rejects = read_out(tmp_path / "out")
    assert len(recs) == 2 and stats["records"] == 2
    assert sorted(r["reason"].split(":")[0] for r in rejects) == ["truncated WARC record"] * 2
    assert stats["inputs"] == 4 and stats["rejects"] == 2
    assert stats["reject_reasons"] == {"truncated WARC record": 2}


def test_warc_responses_that_are_no_page_are_rejects_naming_the_status(tmp_path):
    pages = [as_html(t) for t in fixture_texts(4)]
    path = _write(tmp_path / "s.warc.gz", _warc_bytes(pages, {1: "404 Not Found", 2: "500 Internal Server Error",
                                                               3: "301 Moved Permanently"}))
    docs = _warc_docs(path)
    assert docs[0].reject is None and docs[0].payload
    assert [d.reject for d in docs[1:]] == [
        "WARC response HTTP status 404 Not Found", "WARC response HTTP status 500 Internal Server Error",
        "WARC response HTTP status 301 Moved Permanently (redirect to https://example.org/moved/3)"]


def _jsonl_docs(path: Path, max_bytes=None, stop=None):
    from cleaner.corpus.sources import FieldNames, Shard, plan_shards, read_documents

    shard = plan_shards([path])[0] if stop is None else Shard("s", "jsonl", (str(path),), 0, stop)
    return list(read_documents(shard, FieldNames(), max_bytes))


def test_jsonl_blank_lines_are_no_inputs_and_a_cut_last_line_is_a_truncated_reject(tmp_path):
    text = fixture_texts(1)[0]
    good = json.dumps({"id": "a", "text": text})
    path = _write(tmp_path / "a.jsonl", f"{good}\n\n   \n{good.replace('a', 'b', 1)}\n\n".encode())
    assert [(d.id, d.reject) for d in _jsonl_docs(path)] == [("a", None), ("b", None)]
    path = _write(tmp_path / "b.jsonl", f"{good}\n{good.replace('a', 'c', 1)}".encode())  # no newline at the end
    assert [(d.id, d.reject) for d in _jsonl_docs(path)] == [("a", None), ("c", None)]
    path = _write(tmp_path / "c.jsonl", f"{good}\n{good[:40]}".encode())  # cut in its JSON
    docs = _jsonl_docs(path)
    assert docs[0].reject is None and docs[1].reject.startswith("truncated JSON line")
    path = _write(tmp_path / "d.jsonl", f"{good}\n{good[:40]}\n".encode())  # a bad line, not the end
    assert _jsonl_docs(path)[1].reject.startswith("malformed JSON line")


def test_a_jsonl_file_cut_while_the_run_reads_it_reports_the_lines_missing(tmp_path):
    from cleaner.corpus.sources import plan_shards

    lines = [json.dumps({"id": f"r{n}", "text": t}) for n, t in enumerate(fixture_texts(6))]
    path = _write(tmp_path / "r.jsonl", ("\n".join(lines) + "\n").encode())
    shards = plan_shards([path], shard_size=4)
    assert [(s.start, s.stop) for s in shards] == [(0, 4), (4, 6)]
    _write(path, ("\n".join(lines[:3]) + "\n").encode())  # the file loses its end after the plan
    from cleaner.corpus.sources import FieldNames, read_documents

    first = list(read_documents(shards[0], FieldNames()))
    assert [d.id for d in first[:3]] == ["r0", "r1", "r2"]
    assert [d.reject for d in first[3:]] == ["input cut short: lines 3 to 3 were planned, the file ends at line 3"]
    second = list(read_documents(shards[1], FieldNames()))
    assert [d.reject for d in second] == ["input cut short: lines 4 to 5 were planned, the file ends at line 3"]


def test_jsonl_in_a_run_blank_lines_and_truncation_counted(tmp_path):
    text = fixture_texts(1)[0]
    src = tmp_path / "in"
    src.mkdir()
    good = json.dumps({"id": "a", "text": text})
    _write(src / "x.jsonl", f"\n{good}\n\n{good.replace('a', 'b', 1)}\n{good[:50]}".encode())
    stats = run_corpus([src], tmp_path / "out", workers=0)
    recs, rejects = read_out(tmp_path / "out")
    assert [r["id"] for r in recs] == ["a", "b"]
    assert [r["reason"].split(":")[0] for r in rejects] == ["truncated JSON line"]
    assert stats["inputs"] == 3


def test_documents_over_max_bytes_are_rejects_read_no_further(tmp_path):
    """A file, a JSON line (bound: 3 x --max-bytes + 1 MiB, for escapes and other fields)
    and a WARC payload over the bound are rejects; the documents after them are read."""
    from cleaner.corpus.sources import JSON_LINE_FACTOR, READ_BLOCK, Shard, read_documents

    text = fixture_texts(1)[0]
    big = "x " * 5_000
    lines = [json.dumps({"id": i, "text": t}) for i, t in (("a", text), ("big", big * 110), ("c", text))]
    path = _write(tmp_path / "j.jsonl", ("\n".join(lines) + "\n").encode())
    assert [d.reject for d in _jsonl_docs(path)] == [None] * 3
    bound = JSON_LINE_FACTOR * 1_000 + READ_BLOCK
    assert len(lines[1]) > bound
    assert [(d.id, d.reject) for d in _jsonl_docs(path, max_bytes=1_000)] == [
        ("a", None), ("j.jsonl:1", f"larger than --max-bytes: a JSON line over {bound} bytes"), ("c", None)]
    src = tmp_path / "files"
    src.mkdir()
    _write(src / "big.html.gz", gzip.compress(b" " * 200_000))
    _write(src / "small.txt", text.encode())
    from cleaner.corpus.sources import Shard, read_documents

    docs = list(read_documents(Shard("f", "files", (str(src / "big.html.gz"), str(src / "small.txt")),
                                     root=str(src)), max_bytes=100_000))
    assert [(d.id, d.reject) for d in docs] == [("big", "larger than --max-bytes: over 100000 bytes"), ("small", None)]
    warc = _write(tmp_path / "w.warc.gz", _warc_bytes([text, "<p>" + big * 30 + "</p>", text]))
    docs = list(read_documents(Shard("w", "warc", (str(warc),)), max_bytes=100_000))
    assert [d.reject for d in docs] == [None, "larger than --max-bytes: over 100000 bytes", None]
    assert docs[2].payload == text.encode()


def _bomb(path: Path, megabytes: int, head: bytes = b"", tail: bytes = b"") -> Path:
    """A gzip file of ``megabytes`` MiB of spaces (between ``head`` and ``tail``) in about a
    thousandth of that: gzip members of 64 MiB each, one after the other."""
    member = gzip.compress(b" " * (64 << 20), compresslevel=9, mtime=0)
    with open(path, "wb") as f:
        f.write(gzip.compress(head, mtime=0))
        for _ in range(megabytes // 64):
            f.write(member)
        f.write(gzip.compress(tail, mtime=0))
    return path


# Runs a corpus, prints [inputs, rejects, its peak resident memory in kB]: VmHWM, its own;
# ru_maxrss would count this (forking) process's memory before the child's exec, as Linux
# carries it over.
_RUN_AND_MEASURE = """
import json, resource, sys
from cleaner.corpus import run_corpus

stats = run_corpus([sys.argv[1]], sys.argv[2], workers=0, progress=False)
try:
    peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps([stats["inputs"], stats["rejects"], peak]))
"""


@pytest.mark.parametrize("name, head, tail", [
    ("spaces.html.gz", b"<html><body><p>", b"</p></body></html>"),
    ("line.jsonl.gz", b'{"id": "huge", "text": "', b'"}\n'),
])
def test_max_bytes_bounds_memory_however_large_a_file_unpacks(tmp_path, name, head, tail):
    """A 1.5 MB .html.gz of spaces (1.5 GB unpacked) and a 0.5 MB .jsonl.gz of one line
    (0.5 GB): the run's peak memory (ru_maxrss of the child that runs it) stays under 300 MB
    and the document is a reject. Before, whole files and lines were read first: 3.1 GB for
    that .html.gz, 4.2 GB for a 1 GB line (86 and 177 MB now)."""
    src = tmp_path / "in"
    src.mkdir()
    _bomb(src / name, 1536 if name.endswith(".html.gz") else 512, head, tail)
    assert (src / name).stat().st_size < 2_000_000
    done = subprocess.run([sys.executable, "-c", _RUN_AND_MEASURE, str(src), str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    inputs, rejected, peak_kb = json.loads(done.stdout.strip().splitlines()[-1])
    assert (inputs, rejected) == (1, 1)
    assert peak_kb < 300_000, f"peak RSS {peak_kb / 1024:.0f} MB"
    _, rejects = read_out(tmp_path / "out")
    assert rejects[0]["reason"].startswith("larger than --max-bytes")


def test_added_is_the_runs_time_kept_by_a_resumed_run_and_created_is_null_when_unknown(tmp_path, monkeypatch):
    """dolma's fields: ``added`` is when the run made the record (ISO 8601, one value for the
    whole run, JSONL and WARC records included, kept in the manifest so that a resumed run
    stamps its records the same); ``created`` is the article's date, else the input's (a
    WARC-Date, a file's time), else null, never ""."""
    import datetime as dt
    import time

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    texts = fixture_texts(4)
    src = tmp_path / "in"
    src.mkdir()
    _write(src / "a.jsonl", (json.dumps({"id": "a", "text": texts[0]}) + "\n").encode())
    _write(src / "w.warc.gz", _warc_bytes([as_html(texts[1])]))
    before = dt.datetime.now(dt.timezone.utc)
    run_corpus([src], tmp_path / "out", workers=2)  # two processes, one time
    first, _ = read_out(tmp_path / "out")
    added = {r["added"] for r in first}
    assert len(first) == 2 and len(added) == 1
    stamp = dt.datetime.strptime(added.pop(), "%Y-%m-%dT%H:%M:%S.%f%z")
    assert before - dt.timedelta(seconds=1) <= stamp <= dt.datetime.now(dt.timezone.utc)
    by_id = {r["id"]: r for r in first}
    assert by_id["a"]["created"] is None  # no date in the text, none in the record
    assert by_id[[i for i in by_id if i != "a"][0]]["created"]  # the WARC-Date
    time.sleep(0.01)
    _write(src / "b.jsonl", (json.dumps({"id": "b", "text": texts[2]}) + "\n").encode())  # a new shard
    run_corpus([src], tmp_path / "out", workers=0)
    again, _ = read_out(tmp_path / "out")
    assert len(again) == 3 and {r["added"] for r in again} == {first[0]["added"]}
    assert [r for r in again if r["id"] != "b"] == first  # the finished shards were not redone


def test_added_is_the_same_bytes_whatever_the_workers(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for n, text in enumerate(fixture_texts(4)):
        _write(src / f"{n}.jsonl", (json.dumps({"id": str(n), "text": text}) + "\n").encode())
    for workers in (0, 2):
        run_corpus([src], tmp_path / f"out{workers}", workers=workers)
    recs = [read_out(tmp_path / f"out{w}")[0] for w in (0, 2)]
    assert recs[0] == recs[1] and {r["added"] for r in recs[0]} == {"2023-11-14T22:13:20.000Z"}
