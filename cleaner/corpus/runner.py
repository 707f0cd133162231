"""Run a corpus: plan shards, run them on an engine, resume, finalize.

Engines only schedule shards; :func:`~cleaner.corpus.shard.run_shard` does the
work: the local engine's pool of worker processes (local_engine.py) or Ray's
tasks (ray_engine.py). Progress is recorded in ``manifest.jsonl`` after each
shard is renamed into place, so a killed run resumes where it stopped
(manifest.py). SIGTERM of the driver, like Ctrl-C, ends the run as
:class:`~cleaner.corpus.stopping.Interrupted`: the workers are killed, their
partial files removed, the finished shards kept.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable, List, Optional, Sequence, Tuple, Union

from ..config import Config
from .finalize import finalize
from .listing import check_apart, list_corpus
from .local_engine import run_local
from .manifest import Manifest, shard_key
from .options import RunOptions, run_time
from .reading import Shard
from .shardfiles import ATTRIBUTE_FILES, SHARD_FILES, shard_paths
from .sources import plan_shards
from .stopping import StopOnSigterm, output_error
from .storage import Mirror, is_remote, local_path


def run_corpus(inputs: Sequence[Union[str, Path]], out: Union[str, Path], config: Optional[Config] = None,
               options: Optional[RunOptions] = None, workers: Optional[int] = None, shard_size: int = 1000,
               engine: str = "local", ray_address: Optional[str] = None, progress: Optional[bool] = None,
               follow_links: bool = False) -> dict:
    """Clean a corpus into ``out``; resume if ``out`` holds a previous run of it.

    Inputs and ``out`` are local paths or fsspec URLs (see storage.py); ``out`` must be
    apart from every input (UsageError). Symbolic links in input folders are followed
    only inside them unless ``follow_links`` (listing.py). SIGTERM
    (when the caller has no handler of its own) and Ctrl-C stop the run with
    :class:`~cleaner.corpus.stopping.Interrupted` / KeyboardInterrupt; the same call then resumes it.
    """
    with StopOnSigterm():
        return _run_corpus(inputs, out, config, options, workers, shard_size, engine, ray_address, progress,
                           follow_links)


def _run_corpus(inputs, out, config, options, workers, shard_size, engine, ray_address, progress,
                follow_links) -> dict:
    config = config or Config()
    options = options or RunOptions()
    _check_arguments(engine, workers, shard_size)
    check_apart(list(inputs), out)
    listing = list_corpus(list(inputs), follow_links)
    shards = plan_shards(list(inputs), shard_size, listing)
    mirror, local_out = _output_folder(out)
    workers = os.cpu_count() or 1 if workers is None else workers
    bar = None
    started = time.perf_counter()
    try:
        local_out.mkdir(parents=True, exist_ok=True)
        manifest, options = _open_manifest(local_out, mirror, options)
        if options.site_boilerplate:  # phase 1: the sites' repeated lines, learned before any shard is cleaned
            config, options = _learn_sites(shards, config, options, local_out, workers)
        manifest.keys = {s.id: shard_key(s, config, options) for s in shards}
        show = sys.stderr.isatty() if progress is None else progress
        bar = _progress_bar(show, planned_documents(manifest.pending(shards)) if show else None)
        if engine == "ray":
            from .ray_engine import run_ray

            run_ray(shards, config, options, out if mirror else local_out, manifest, ray_address, bar)
            if mirror:
                mirror.pull()  # the tasks uploaded their shards; finalize reads them here
        else:
            run_local(shards, config, options, local_out, manifest, workers, bar)
        stats = finalize(shards, options, local_out, time.perf_counter() - started, listing)
        if mirror:
            mirror.push_all()
        return stats
    except OSError as exc:  # the inputs were found while planning, and readers reject what fails: the output's
        raise output_error(exc, out) from exc
    finally:
        if bar is not None:  # never `if bar:` — a tqdm with no total has no truth value
            bar.close()
        if mirror:
            shutil.rmtree(mirror.local, ignore_errors=True)


def _check_arguments(engine: str, workers: Optional[int], shard_size: int) -> None:
    if engine not in ("local", "ray"):
        raise ValueError(f"unknown engine {engine!r}")
    if workers is not None and (not isinstance(workers, int) or workers < 0):
        raise ValueError(f"workers must be 0 (this process) or more, not {workers!r}")  # -1 waited for ever
    if not isinstance(shard_size, int) or shard_size < 1:
        raise ValueError(f"shard_size must be 1 or more, not {shard_size!r}")


def _output_folder(out: Union[str, Path]) -> Tuple[Optional[Mirror], Path]:
    """(the mirror of a remote output or None, the local folder the shards are written in)."""
    if not is_remote(out):
        return None, local_path(out)
    mirror = Mirror(str(out), Path(tempfile.mkdtemp(prefix="cleaner-out-")))
    mirror.pull()  # what a previous run finished is not done again
    return mirror, mirror.local


def _open_manifest(local_out: Path, mirror: Optional[Mirror], options: RunOptions) -> Tuple[Manifest, RunOptions]:
    """The manifest of the output, and the options with the run's time: taken once, kept in the
    manifest, every record's "added", resumed runs' too."""
    manifest = Manifest(local_out / "manifest.jsonl", _publisher(mirror, options) if mirror else None)
    options = replace(options, added=options.added or manifest.added or run_time())
    manifest.added = options.added
    return manifest, options


def _learn_sites(shards: List[Shard], config: Config, options: RunOptions, local_out: Path,
                 workers: int) -> Tuple[Config, RunOptions]:
    from .sitelearn import with_learned_sites

    unstamped = replace(options, added="")  # what the sketches depend on: not the run's time
    return with_learned_sites(shards, config, options, local_out,
                              {s.id: shard_key(s, config, unstamped) for s in shards}, workers)


def _progress_bar(enabled: bool, total: Optional[int] = None):
    if not enabled:
        return None
    from tqdm import tqdm

    try:  # a terminal of no size (`script` under a job runner) would get an empty bar
        sized = os.get_terminal_size(sys.stderr.fileno()).columns > 0
    except (OSError, ValueError, AttributeError):
        sized = False
    return tqdm(total=total, unit="doc", desc="cleaning", dynamic_ncols=sized, ncols=None if sized else 80,
                nrows=None if sized else 24, file=sys.stderr)


def planned_documents(shards: Sequence[Shard]) -> Optional[int]:
    """How many documents the shards hold, when it is known before reading them
    (a WARC's count is not): the progress bar's total."""
    total = 0
    for shard in shards:
        if shard.fmt == "files":
            total += len(shard.paths)
        elif shard.fmt in ("jsonl", "parquet") and shard.stop is not None:
            total += shard.stop - shard.start
        else:
            return None
    return total


def _publisher(mirror: Mirror, options: RunOptions) -> Callable[[str], None]:
    """Upload a finished shard's files (or, for "", the manifest) to the output URL."""
    def publish(shard_id: str) -> None:
        if not shard_id:
            mirror.push([mirror.local / "manifest.jsonl"])
            return
        paths = shard_paths(mirror.local, shard_id, options)
        files = [paths[k] for k in SHARD_FILES + ATTRIBUTE_FILES if k in paths]
        if options.fmt == "txt":
            files += sorted((paths["txt"] / shard_id).glob("*"))
        mirror.push(files)
    return publish
