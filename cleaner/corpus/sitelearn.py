"""Phase 1 of a corpus run with site learning: sketch every shard, merge, write site rules.

Each shard's documents are sketched (cleaner/sites.py: the folded lines of the
text, or of the HTML page's blocks) into ``.work/sites/<shard>.jsonl``, whose
first line holds the shard's key: a rerun reuses the sketches of unchanged
shards. The sketches are merged in plan order (so the profiles do not depend on
the number of workers), and the profiles are written as site rule files into
``site-rules/`` of the output. Phase 2 is the ordinary run with those files
among the configuration's site rule folders; the digest of the profiles goes
into the run options, so a shard cleaned with other profiles is cleaned again.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Iterator, List, Optional, Sequence, Tuple

from ..config import Config
from ..fileio import atomic_writer
from ..sites import DEFAULT_PARAMS, RULE_FILE_SUFFIX, PageSketch, SiteLearner, SiteParams, SiteRules, sketch_page
from .options import RunOptions
from .reading import Document, Shard
from .sources import read_documents
from .stopping import worker_signals

SITE_RULES_DIR = "site-rules"


def document_kind(doc: Document, options: RunOptions) -> str:
    return options.kind if options.kind != "auto" else doc.kind if doc.kind in ("text", "html") else "auto"


def sketches_of(shard: Shard, options: RunOptions) -> Iterator[PageSketch]:
    """The sketch of each document of the shard that could be cleaned (rejects and
    documents over the size limit have none; one that fails is left out, never the run)."""
    from ..inputs import decode, detect_kind

    for doc in read_documents(shard, options.fields, options.max_bytes):
        if doc.reject or doc.payload is None or len(doc.payload) > options.max_bytes:
            continue
        site = doc.site()
        if not site:
            continue
        try:
            payload = doc.payload
            if isinstance(payload, (bytes, bytearray)):
                payload = decode(bytes(payload))[0]
            kind = document_kind(doc, options)
            if kind == "auto":
                kind = detect_kind(payload)
            yield sketch_page(payload, kind, site)
        except Exception:  # a document phase 1 cannot read teaches nothing; phase 2 rejects it with its reason
            continue


def sketch_path(out: Path, shard_id: str) -> Path:
    return out / ".work" / "sites" / f"{shard_id}.jsonl"


def sketch_shard(shard: Shard, options: RunOptions, out: Path, key: str) -> str:
    """Write the shard's sketches (first line: its key), under a temporary name, then renamed."""
    path = sketch_path(out, shard.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(path) as f:
        f.write(json.dumps({"key": key}) + "\n")
        for sketch in sketches_of(shard, options):
            f.write(json.dumps(sketch.to_dict(), ensure_ascii=False) + "\n")
    return shard.id


def _done(path: Path, key: str) -> bool:
    try:
        with open(path, encoding="utf-8") as f:
            return json.loads(f.readline()).get("key") == key
    except (OSError, ValueError, AttributeError):
        return False


def read_sketches(path: Path) -> Iterator[PageSketch]:
    with open(path, encoding="utf-8") as f:
        next(f, None)
        for line in f:
            if line.strip():
                yield PageSketch.from_dict(json.loads(line))


def _sketch_task(args: Tuple[Shard, RunOptions, str, str]) -> str:
    shard, options, out, key = args
    return sketch_shard(shard, options, Path(out), key)


def learn_sites(shards: Sequence[Shard], options: RunOptions, work: Path, keys: dict, folder: Path,
                workers: int = 0, params: SiteParams = DEFAULT_PARAMS) -> Path:
    """Phase 1: sketch the shards not sketched yet under ``work`` (``workers`` processes;
    0: here), merge in plan order, write the profiles into ``folder`` (stale files removed)."""
    todo = [s for s in shards if not _done(sketch_path(work, s.id), keys[s.id])]
    tasks = [(s, options, str(work), keys[s.id]) for s in todo]
    if workers and len(tasks) > 1:
        ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        with ctx.Pool(min(workers, len(tasks)), initializer=worker_signals, initargs=(os.getpid(),)) as pool:
            for _ in pool.imap_unordered(_sketch_task, tasks):
                pass
    else:
        for task in tasks:
            _sketch_task(task)
    def sketches() -> Iterator[PageSketch]:  # read twice (SiteLearner.learn), never held in memory
        for shard in shards:
            yield from read_sketches(sketch_path(work, shard.id))

    learner = SiteLearner().learn(sketches)
    folder.mkdir(parents=True, exist_ok=True)
    written = {profile.write(folder).name for profile in learner.profiles(params).values()}
    for stale in folder.glob("*" + RULE_FILE_SUFFIX):
        if stale.name not in written:
            stale.unlink()
    return folder


def learn_site_rules(inputs: Sequence[str], folder: Path, options: Optional[RunOptions] = None,
                     workers: int = 0, shard_size: int = 1000) -> List[str]:
    """`cleaner learn-sites`: the site rule files of a corpus, written into ``folder``;
    returns the sites that learned something."""
    import tempfile

    from .sources import plan_shards

    options = options or RunOptions()
    shards = plan_shards(list(inputs), shard_size)
    with tempfile.TemporaryDirectory(prefix="cleaner-sites-") as work:
        learn_sites(shards, options, Path(work), {s.id: "" for s in shards}, Path(folder), workers)
    return sorted(SiteRules([folder]).files)


def rules_digest(folder: Path) -> str:
    """What the learned files say, in one hash: phase 2's shards depend on it."""
    h = hashlib.sha1()
    for path in sorted(folder.glob("*" + RULE_FILE_SUFFIX)):
        h.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def with_learned_sites(shards: Sequence[Shard], config: Config, options: RunOptions, out: Path, keys: dict,
                       workers: int = 0) -> Tuple[Config, RunOptions]:
    """Run phase 1 and return the configuration and options of phase 2: the learned folder
    first among the site rule folders (a user's own files win a clash), and its digest."""
    folder = learn_sites(shards, options, out, keys, out / SITE_RULES_DIR, workers)
    config = replace(config, site_rule_dirs=(folder,) + tuple(config.site_rule_dirs))
    return config, replace(options, site_rules_digest=rules_digest(folder))
