"""The corpus runner's readers: binary files, broken WARC, JSONL cut short, bounded reads, dates."""
from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

from cleaner.corpus import RunOptions, run_corpus
from corpus_inputs import fixture_texts


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
