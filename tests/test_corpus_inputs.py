"""The corpus runner's readers: binary files, broken WARC, JSONL cut short, bounded reads, dates."""
from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

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
