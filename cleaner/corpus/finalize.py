"""After all shards: duplicate flags, merged rejects, stats.json, report.html.

Everything here is computed from the shards' own files in plan order, so it
is the same whatever engine or number of workers produced them, and running
it again (after a resumed run) gives the same result.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from ..fileio import atomic_writer, renamed_into_place, write_atomic
from .dedup import FLAGS, find_duplicates
from .options import RunOptions
from .reading import Shard
from .report import write_report
from .shardfiles import (ATTRIBUTE_FILES, SHARD_FILES, json_line, open_text, read_records, records_writer, shard_paths,
                         sidecar_of)

MAX_CLUSTERS_LISTED = 200


def _read_lines(path: Path) -> List[str]:
    if not path.exists():
        return []
    with open_text(path) as f:
        return [line for line in f if line.strip()]


def _apply_flags(paths: Dict[str, Path], flags: Dict[int, dict], options: RunOptions) -> None:
    """Put this run's duplicate flags (by record number) in a shard's records, and take
    out those of an earlier run. The shard's flags file says what its records hold:
    a shard whose flags did not change is not rewritten."""
    records, held_at = paths["records"], paths["flags"]
    wanted = {str(k): flag for k, flag in sorted(flags.items())}
    held = json.loads(held_at.read_text(encoding="utf-8")) if held_at.exists() else {}
    if wanted == held or not records.exists():
        return
    if options.fmt == "txt":  # the flags are in the sidecars; the shard lists the files
        for k, record in enumerate(read_records(records)):
            if wanted.get(str(k)) != held.get(str(k)):
                _flag_sidecar(records.parent.parent / record["file"], wanted.get(str(k)))
    else:
        with renamed_into_place(records) as tmp:
            writer = records_writer(tmp, options)
            try:
                for k, record in enumerate(read_records(records)):
                    _set_flags(record["metadata"], wanted.get(str(k)))
                    writer.write(record)
            finally:
                writer.close()
    held_at.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(held_at, json.dumps(wanted))


def _set_flags(metadata: dict, flag: Optional[dict]) -> None:
    """The record's flags become ``flag`` (none: an earlier run's flags go), at the end
    of its metadata as in a record flagged for the first time."""
    for key in FLAGS:
        metadata.pop(key, None)
    metadata.update(flag or {})


def _flag_sidecar(txt_path: Path, flag: Optional[dict]) -> None:
    sidecar = sidecar_of(txt_path)
    record = json.loads(sidecar.read_text(encoding="utf-8"))
    _set_flags(record["metadata"], flag)
    write_atomic(sidecar, json_line(record))


def _sum_stats(parts: Sequence[dict]) -> dict:
    total: dict = {}
    for part in parts:
        for key, value in part.items():
            if isinstance(value, dict):
                bucket = total.setdefault(key, {})
                for k, v in value.items():
                    bucket[k] = bucket.get(k, 0) + v
            else:
                total[key] = total.get(key, 0) + value
    return total


def _prune_stale(shards: Sequence[Shard], options: RunOptions, out: Path) -> None:
    """Remove the outputs of shards this run does not have (an earlier run over more
    files, or other inputs): ``out`` then holds this run's shards and nothing else.
    The folders are those :func:`~cleaner.corpus.shardfiles.shard_paths` names."""
    import shutil

    planned = {s.id for s in shards}

    def shard_of(name: str) -> str:
        for ext in (".jsonl.gz", ".jsonl", ".json", ".parquet"):
            if name.endswith(ext):
                return name[: -len(ext)]
        return ""

    where = shard_paths(out, "", options)
    # A shard's records in another format than this run's (.jsonl beside .parquet) are stale too.
    records = {shard_paths(out, s.id, options)["records"].name for s in shards}
    for kind in SHARD_FILES + ("flags",) + ATTRIBUTE_FILES:
        if kind not in where:  # no --attributes: documents/ and attributes/ are left as they are
            continue
        folder = where[kind].parent
        if folder.is_dir():
            for path in folder.iterdir():
                shard_id = shard_of(path.name)
                stale = shard_id not in planned or (kind == "records" and path.name not in records)
                if path.is_file() and shard_id and stale:
                    path.unlink()
    if where["txt"].is_dir() and options.fmt != "txt":  # an earlier run's --format txt
        shutil.rmtree(where["txt"])
    elif where["txt"].is_dir():
        for path in where["txt"].iterdir():
            if path.is_dir() and path.name not in planned:
                shutil.rmtree(path)


def finalize(shards: Sequence[Shard], options: RunOptions, out: Path, seconds: float, listing=None) -> dict:
    """``listing``: what listing the inputs refused (reject records, first in rejects.jsonl
    and counted among the inputs) and skipped (stats' ``skipped``), listing.py."""
    _prune_stale(shards, options, out)
    paths = [shard_paths(out, s.id, options) for s in shards]
    signatures, positions = [], []  # a signature per record, in order: (shard number, record number)
    for n, p in enumerate(paths):
        for k, line in enumerate(_read_lines(p["signatures"])):
            signatures.append(json.loads(line))
            positions.append((n, k))
    flags, clusters = find_duplicates(signatures) if options.dedup else ({}, [])
    by_shard: List[Dict[int, dict]] = [{} for _ in paths]
    for i, flag in flags.items():
        n, k = positions[i]
        by_shard[n][k] = flag
    for p, shard_flags in zip(paths, by_shard):
        _apply_flags(p, shard_flags, options)
    refused = listing.refused if listing is not None else []
    with atomic_writer(out / "rejects.jsonl") as rejects:
        rejects.writelines(json_line(record) for record in refused)
        for p in paths:
            for line in _read_lines(p["rejects"]):
                rejects.write(line)
    parts = [json.loads(p["stats"].read_text(encoding="utf-8")) for p in paths if p["stats"].exists()]
    workers = [part.pop("worker", None) for part in parts]  # per shard, not summable
    listed = {"inputs": len(refused), "rejects": len(refused),
              "reject_reasons": _sum_stats([{r["reason"].split(":")[0]: 1} for r in refused])}
    stats = _sum_stats([listed, *parts])
    stats["skipped"] = listing.skipped if listing is not None else {}
    stats["max_worker_rss_kb"] = max((w["max_rss_kb"] for w in workers if w), default=0)
    stats.update({
        "shards": len(shards),
        "exact_duplicates": sum(1 for f in flags.values() if f["exact_duplicate_of"]),
        "near_duplicate_clusters": len(clusters),
        "clusters": clusters[:MAX_CLUSTERS_LISTED],
        "wall_seconds": round(seconds, 3),
        "docs_per_second": round(stats.get("inputs", 0) / seconds, 1) if seconds > 0 else None,
    })
    stats.pop("seconds", None)
    write_atomic(out / "stats.json", json.dumps(stats, indent=2, ensure_ascii=False) + "\n")
    with renamed_into_place(out / "report.html") as report:
        write_report(report, stats, [p["records"] for p in paths], options)
    return stats
