"""The shard function: all the work of one shard, whatever engine runs it.

It streams the shard's documents through one Cleaner (cleaning.py), writes the
records, the rejects, the duplicate signatures and the shard's stats under
temporary names, and renames them into place only when the whole shard is done
(shardfiles.py). Engines only schedule shards and mark them done in the manifest.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Dict, Optional

# DocumentTimeout, read_records and shard_paths are not used here: tests import them from here.
from .cleaning import DocumentTimeout, DocumentTimer, FailureWatch, clean_document, make_record  # noqa: F401
from .options import RunOptions
from .reading import Shard
from .shardfiles import ShardOutput, discard_partial, read_records, shard_paths  # noqa: F401
from .sources import read_documents


class ShardStats:
    def __init__(self) -> None:
        self.data = {"inputs": 0, "records": 0, "rejects": 0, "reject_reasons": {}, "removed_counts": {},
                     "languages": {}, "chars_in": 0, "chars_out": 0, "seconds": 0.0}

    def record(self, article, size_in: int) -> None:
        d = self.data
        d["records"] += 1
        d["chars_in"] += size_in
        d["chars_out"] += len(article.text)
        for rule, n in article.metadata["removed_counts"].items():
            d["removed_counts"][rule] = d["removed_counts"].get(rule, 0) + n
        lang = article.metadata["language"]
        d["languages"][lang] = d["languages"].get(lang, 0) + 1

    def reject(self, reason: str) -> None:
        d = self.data
        d["rejects"] += 1
        key = reason.split(":")[0]
        d["reject_reasons"][key] = d["reject_reasons"].get(key, 0) + 1

    def finish(self, started: float) -> None:
        """The shard's time since ``started`` and its worker (pid, peak memory)."""
        self.data["seconds"] = round(time.perf_counter() - started, 4)
        self.data["worker"] = {"pid": os.getpid(), "max_rss_kb": _max_rss_kb()}


def _max_rss_kb() -> int:
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux
    except (ImportError, OSError):
        return 0


def run_shard(shard: Shard, cleaner, options: RunOptions, out: Path,
              skip: Optional[Dict[int, str]] = None, progress=None, watch: Optional[FailureWatch] = None) -> dict:
    """Clean one shard into its output files; return its stats.

    ``skip`` maps document numbers to a reject reason given from outside (a
    document that hung its worker); ``progress(n)`` is called before each one;
    ``watch`` (a :class:`FailureWatch`) may stop the run with a RunError.
    """
    try:
        return _run_shard(shard, cleaner, options, out, skip or {}, progress, watch or FailureWatch(limit=0))
    except BaseException:  # an interrupt, an output error: no partial file stays behind
        discard_partial(out, shard.id, options)
        raise


def _run_shard(shard: Shard, cleaner, options: RunOptions, out: Path, skip: Dict[int, str], progress,
               watch: FailureWatch) -> dict:
    output = ShardOutput(out, shard.id, options)
    stats = ShardStats()
    started = time.perf_counter()
    try:
        with DocumentTimer(options.time_limit) as timer:
            for n, doc in enumerate(read_documents(shard, options.fields, options.max_bytes)):
                if progress is not None:
                    progress(n)
                stats.data["inputs"] += 1
                if n in skip:
                    article, reason = None, skip[n]
                else:
                    article, reason = clean_document(doc, cleaner, options, timer)
                if article is None:
                    stats.reject(reason)
                    output.reject(doc, reason)
                    if n not in skip:  # the engine counted those (a crash, a hang) itself
                        watch.reject(reason)
                    continue
                stats.record(article, len(doc.payload))
                watch.record()
                output.write(doc, article, make_record(doc, article, options))
    finally:
        output.close()
    output.commit_texts()
    stats.finish(started)
    output.commit(stats.data)
    return stats.data
