"""The Ray engine: one Ray task per shard, on a local Ray instance or a cluster.

A task does what a local worker does, :func:`~cleaner.corpus.shard.run_shard`
with a Cleaner built once per worker process, so the shard files are the same
bytes whichever engine wrote them. The driver marks a shard done in the
manifest when its task returns, in whatever order they finish. A task whose
worker process dies (killed, out of memory, node lost) is run again by Ray; a
rerun simply overwrites the shard's files, which only appear under their final
names at the end of a successful run.

Output locations: a local path (or ``file://`` URL) is written in place, and
must then be on a filesystem every node of the cluster sees. A remote fsspec
URL (``s3://``, ``gs://``, ...) is written through a local staging folder on
the worker and uploaded with fsspec when the shard is done. Inputs are local
paths on a filesystem every node sees, or fsspec URLs (see storage.py).
"""
from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path
from typing import Dict, List, Optional

from ..config import Config
from ..errors import RunError
from .options import RunOptions
from .reading import Shard
from .shard import run_shard
from .storage import Location, Mirror, is_remote, local_path

MAX_RETRIES = 3          # reruns of a shard whose worker process died
MIN_IN_FLIGHT = 16       # tasks submitted ahead; bounds the cost of each ray.wait


@functools.lru_cache(maxsize=1)
def _cleaner_for(config: Config):
    """One Cleaner per worker process and config: Ray reuses worker processes."""
    from ..pipeline import Cleaner

    return Cleaner(config)


def clean_shard(shard: Shard, config: Config, options: RunOptions, out: str, cwd: str) -> dict:
    """The body of a Ray task (a plain function, so that it can be tested without Ray).

    ``cwd`` is the driver's working folder: relative input paths are kept as
    given (they appear in the records) and read from there, as the local
    engine does.
    """
    if os.getcwd() != cwd and os.path.isdir(cwd):
        os.chdir(cwd)
    cleaner = _cleaner_for(config)
    if not is_remote(out):
        return run_shard(shard, cleaner, options, local_path(out))
    with tempfile.TemporaryDirectory(prefix="cleaner-shard-") as staging:
        stats = run_shard(shard, cleaner, options, Path(staging))
        upload_tree(Path(staging), out)
    return stats


def upload_tree(local_root: Path, url: str) -> None:
    """Copy every file under ``local_root`` to the same relative name under ``url``."""
    Mirror(url, local_root).push_all()


def run_ray(shards: List[Shard], config: Config, options: RunOptions, out: Location, manifest,
            address: Optional[str] = None, bar=None) -> None:
    """Run the shards not in ``manifest`` as Ray tasks; mark each done as it finishes.

    Connects to ``address`` (``"auto"``, ``"ray://host:10001"``, ...), or
    starts a local Ray instance when it is None; a Ray connection already made
    by the caller is used as it is. Raises RunError naming the shards that
    failed after all retries, once every other shard has finished.
    """
    import ray

    out_location = str(out) if is_remote(out) else str(local_path(out).resolve())
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address)
    try:
        task = ray.remote(clean_shard).options(max_retries=MAX_RETRIES, retry_exceptions=[OSError])
        failures = _schedule(ray, task, manifest.pending(shards),
                             config, options, out_location, manifest, bar)
    finally:
        if started_here:
            ray.shutdown()
    if failures:
        listed = "; ".join(f"{k}: {v}" for k, v in sorted(failures.items())[:5])
        raise RunError(f"stopped: {len(failures)} shard(s) failed on Ray after {MAX_RETRIES} retries: {listed}; "
                       "the others are kept: rerun the same command to resume")


def _schedule(ray, task, todo: List[Shard], config: Config, options: RunOptions, out: str,
              manifest, bar=None) -> Dict[str, str]:
    """Keep a bounded number of tasks in flight; return {shard id: error} of failures."""
    cwd = os.getcwd()
    config_ref, options_ref = ray.put(config), ray.put(options)
    limit = max(MIN_IN_FLIGHT, 4 * int(ray.cluster_resources().get("CPU", 1)))
    queue = list(reversed(todo))
    pending: Dict[object, Shard] = {}
    failures: Dict[str, str] = {}
    while queue or pending:
        while queue and len(pending) < limit:
            shard = queue.pop()
            pending[task.remote(shard, config_ref, options_ref, out, cwd)] = shard
        ready, _ = ray.wait(list(pending), num_returns=1)
        for ref in ready:
            shard = pending.pop(ref)
            try:
                stats = ray.get(ref)
            except Exception as exc:  # RayTaskError, WorkerCrashedError...: the others go on
                failures[shard.id] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                continue
            manifest.mark(shard.id, stats)
            if bar is not None:
                bar.update(stats["inputs"])  # per shard: tasks report when they finish
    return failures
