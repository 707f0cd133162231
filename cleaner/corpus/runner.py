"""Run a corpus: plan shards, run them on an engine, resume, finalize.

Engines only schedule shards; :func:`~cleaner.corpus.shard.run_shard` does the
work. The local engine keeps a pool of long-lived worker processes, each with
its own Cleaner; a watchdog kills a worker whose document runs past the time
limit (code that ignores the in-process alarm) and reruns its shard with that
document rejected. Progress is recorded in ``manifest.jsonl`` after each shard
is renamed into place, so a killed run resumes where it stopped.

Workers die with their driver: each closes the driver's ends of the pipes it
inherited, so that its ``recv()`` sees EOF when the driver is gone however it
died, and on Linux the kernel also kills it then (PR_SET_PDEATHSIG). SIGTERM
of the driver, like Ctrl-C, ends the run as :class:`~cleaner.corpus.stopping.Interrupted`: the workers
are killed, their partial files removed, the finished shards kept.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import replace
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

from ..config import Config
from ..errors import RunError
from .finalize import finalize
from .listing import check_apart, list_corpus
from .cleaning import CRASHED, FailureWatch
from .options import RunOptions, run_time
from .shard import run_shard
from .shardfiles import ATTRIBUTE_FILES, SHARD_FILES, discard_partial, shard_paths
from .stopping import OutputError, StopOnSigterm, die_with_driver, output_error
from .reading import Shard
from .sources import plan_shards
from .storage import Mirror, is_remote, local_path

WATCHDOG_GRACE = 5.0   # seconds past the document time limit before a worker is killed
MAX_SHARD_ATTEMPTS = 5


class Manifest:
    """Append-only record of finished shards; a line is written after the rename.

    Each line carries the shard's key (:func:`shard_key`): a shard counts as done
    only when it was finished from the same inputs with the same settings, so a
    file added to a folder, a changed file or another configuration is cleaned
    again on a rerun instead of being skipped.
    """

    def __init__(self, path: Path, publish: Optional[Callable[[str], None]] = None,
                 keys: Optional[Dict[str, str]] = None) -> None:
        self.path = path
        self.publish = publish  # uploads a shard's files, then the manifest (remote outputs)
        self.keys: Dict[str, str] = keys or {}  # shard id -> key of this run's shard
        self.done: Dict[str, dict] = {}
        self.added = ""  # the time of the run that made the output (RunOptions.added), kept in each entry
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue  # a line cut by a kill: that shard is simply redone
                self.done[entry["shard"]] = entry
                self.added = self.added or entry.get("added", "")

    def pending(self, shards: Sequence[Shard]) -> List[Shard]:
        """The shards not finished by a run of the same inputs and settings."""
        return [s for s in shards
                if s.id not in self.done or self.done[s.id].get("key", "") != self.keys.get(s.id, "")]

    def mark(self, shard_id: str, stats: dict) -> None:
        entry = {"shard": shard_id, "records": stats["records"], "rejects": stats["rejects"],
                 "key": self.keys.get(shard_id, ""), "added": self.added}
        if self.publish:
            self.publish(shard_id)
        with open(self.path, "a+b") as f:
            f.seek(0, os.SEEK_END)
            if f.tell():  # a line cut by a kill is ended first, so that this one stands alone
                f.seek(-1, os.SEEK_END)
                if f.read(1) != b"\n":
                    f.write(b"\n")
            f.write(json.dumps(entry).encode("utf-8") + b"\n")
            f.flush()
            os.fsync(f.fileno())
        if self.publish:
            self.publish("")
        self.done[shard_id] = entry


def shard_key(shard: Shard, config: Config, options: RunOptions) -> str:
    """What a shard's output depends on: its inputs (paths, record range, and the size
    and modification time of local files), the configuration and the run options."""
    from .. import __version__

    stamps = []
    for name in shard.paths:
        try:
            info = os.stat(name)
            stamps.append([info.st_size, info.st_mtime_ns])
        except (OSError, ValueError):  # a remote URL: its name and range only
            stamps.append(None)
    text = json.dumps([__version__, shard.to_dict(), stamps, repr(config), repr(options)], default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _worker_main(conn, state, config: Config, options: RunOptions, out: str,
                 driver: int = 0, inherited: Sequence[int] = (), cleaned=None) -> None:
    """A long-lived worker: build the Cleaner once, then run shards on request.

    Before each document it writes (the document's number, its start time) into
    ``state``, memory shared with the parent: no message, no system call per document.
    ``inherited``: the driver's pipe ends copied into this process by fork;
    ``cleaned``: the run's shared flag of :class:`~cleaner.corpus.shard.FailureWatch`.
    """
    die_with_driver(driver, inherited)
    from ..pipeline import Cleaner

    cleaner = Cleaner(config)
    out_path = Path(out)
    watch = FailureWatch(cleaned)

    def started(n: int) -> None:
        state[STARTED] = time.monotonic()  # the time first: the parent reads the number first
        state[DOC] = n

    while True:
        try:
            task = conn.recv()
        except EOFError:  # the driver is gone
            return
        if task is None:
            return
        shard = Shard(**{**task["shard"], "paths": tuple(task["shard"]["paths"])})
        skip = {int(k): v for k, v in task["skip"].items()}
        try:
            stats = run_shard(shard, cleaner, options, out_path, skip, progress=started, watch=watch)
        except OSError as exc:  # the readers turn input errors into rejects: this is the output's
            conn.send(("stop", shard.id, "output", str(output_error(exc, out))))
            continue
        except RunError as exc:
            conn.send(("stop", shard.id, "run", str(exc)))
            continue
        conn.send(("done", shard.id, stats))


DOC, STARTED = 0, 1  # the slots of a worker's shared state


class _Worker:
    def __init__(self, ctx, config, options, out, cleaned, others: Sequence["_Worker"] = ()):
        self.conn, child = ctx.Pipe()
        self.state = ctx.RawArray("d", 2)  # (document number, its start time), written by the worker
        # A forked worker holds copies of the driver's ends of its own pipe and the
        # other workers' pipes; it closes them first thing (a spawned one has none).
        inherited = [self.conn.fileno()] + [w.conn.fileno() for w in others if not w.conn.closed] \
            if ctx.get_start_method() == "fork" else []
        self.process = ctx.Process(target=_worker_main, daemon=True,
                                   args=(child, self.state, config, options, str(out), os.getpid(), inherited,
                                         cleaned))
        self.process.start()
        child.close()
        self.shard: Optional[Shard] = None
        self.counted = 0  # documents of the shard already shown on the progress bar

    def give(self, shard: Shard, skip: Dict[int, str]) -> None:
        self.shard, self.counted = shard, 0
        self.state[DOC], self.state[STARTED] = -1, time.monotonic()
        self.conn.send({"shard": shard.to_dict(), "skip": {str(k): v for k, v in skip.items()}})

    def current(self) -> Tuple[int, float]:
        """(the number of the document under way, -1 before the first; when it started)."""
        doc = int(self.state[DOC])
        return doc, self.state[STARTED]

    def count(self, bar, finished: Optional[int] = None) -> None:
        """Move the progress bar by the documents finished since the last count."""
        done = finished if finished is not None else max(self.current()[0], 0)
        if bar is not None and done > self.counted:
            bar.update(done - self.counted)
        self.counted = max(self.counted, done)

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()


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


def _death(exitcode: Optional[int]) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


def run_local(shards: List[Shard], config: Config, options: RunOptions, out: Path, manifest: Manifest,
              workers: int, bar=None) -> None:
    """Run the shards on a pool of worker processes (0 workers: in this process)."""
    todo = manifest.pending(shards)
    if workers == 0:
        from ..pipeline import Cleaner

        cleaner, watch = Cleaner(config), FailureWatch()
        for shard in todo:
            stats = run_shard(shard, cleaner, options, out, watch=watch,
                              progress=(lambda n: bar.update(1)) if bar is not None else None)
            manifest.mark(shard.id, stats)
        return
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    if ctx.get_start_method() == "fork" and config.enabled("language"):
        from ..passes.language import model_once

        try:
            model_once()  # the language profiles (~45 MB) load once, here: forked workers share the pages
        except Exception:  # e.g. langdetect missing: each document says so, and the FailureWatch stops the run
            pass
    watch = FailureWatch(ctx.RawArray("b", 1))  # crashes, counted here; its flag is shared with the workers
    skips: Dict[str, Dict[int, str]] = {}
    attempts: Dict[str, int] = {}
    queue = list(reversed(todo))
    pool: List[_Worker] = []
    for _ in range(min(workers, max(len(todo), 1))):
        pool.append(_Worker(ctx, config, options, out, watch.cleaned, pool))
    finished = False
    try:
        while queue or any(w.shard for w in pool):
            for w in pool:
                if w.shard is None and queue:
                    shard = queue.pop()
                    attempts[shard.id] = attempts.get(shard.id, 0) + 1
                    w.give(shard, skips.get(shard.id, {}))
            ready = wait([w.conn for w in pool if w.shard], timeout=0.5)
            for i, w in enumerate(pool):
                if w.shard is None:
                    continue
                if w.conn in ready:
                    try:
                        message = w.conn.recv()
                    except (EOFError, OSError):
                        message = ("died",)  # handled below: the process is gone
                        w.process.join(1)
                    if message[0] == "stop":  # the run cannot go on: an output error, a RunError
                        raise (OutputError if message[2] == "output" else RunError)(message[3])
                    if message[0] == "done":
                        w.count(bar, message[2]["inputs"])
                        manifest.mark(w.shard.id, message[2])
                        w.shard = None
                        continue
                w.count(bar)
                doc, started = w.current()
                overdue = options.time_limit > 0 and time.monotonic() - started > options.time_limit + WATCHDOG_GRACE
                if not w.process.is_alive() or overdue:
                    shard = w.shard
                    reason = (f"timed out: worker stopped after {options.time_limit + WATCHDOG_GRACE:g} s"
                              if overdue else f"{CRASHED} ({_death(w.process.exitcode)})")
                    if doc >= 0:
                        skips.setdefault(shard.id, {})[doc] = reason
                        watch.reject(reason)
                    if attempts[shard.id] >= MAX_SHARD_ATTEMPTS:
                        raise RunError(f"stopped: shard {shard.id} lost its worker {attempts[shard.id]} times "
                                       f"(last: {reason}); rerun the same command to resume")
                    w.kill()
                    pool[i] = _Worker(ctx, config, options, out, watch.cleaned, pool)
                    queue.append(shard)
        finished = True
    finally:
        for w in pool:
            if finished:
                w.stop()
            else:  # interrupted or failed: the shards under way are abandoned, their partial files removed
                w.kill()
                if w.shard is not None:
                    discard_partial(out, w.shard.id, options)


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
    if engine not in ("local", "ray"):
        raise ValueError(f"unknown engine {engine!r}")
    if workers is not None and (not isinstance(workers, int) or workers < 0):
        raise ValueError(f"workers must be 0 (this process) or more, not {workers!r}")  # -1 waited for ever
    if not isinstance(shard_size, int) or shard_size < 1:
        raise ValueError(f"shard_size must be 1 or more, not {shard_size!r}")
    check_apart(list(inputs), out)
    listing = list_corpus(list(inputs), follow_links)
    shards = plan_shards(list(inputs), shard_size, listing)
    mirror = None
    if is_remote(out):
        mirror = Mirror(str(out), Path(tempfile.mkdtemp(prefix="cleaner-out-")))
        mirror.pull()  # what a previous run finished is not done again
        local_out = mirror.local
    else:
        local_out = local_path(out)
    workers = os.cpu_count() or 1 if workers is None else workers
    bar = None
    started = time.perf_counter()
    try:
        local_out.mkdir(parents=True, exist_ok=True)
        manifest = Manifest(local_out / "manifest.jsonl", _publisher(mirror, options) if mirror else None)
        # the run's time, taken once, kept in the manifest: every record's "added", resumed runs' too
        options = replace(options, added=options.added or manifest.added or run_time())
        manifest.added = options.added
        if options.site_boilerplate:  # phase 1: the sites' repeated lines, learned before any shard is cleaned
            from .sitelearn import with_learned_sites

            unstamped = replace(options, added="")  # what the sketches depend on: not the run's time
            config, options = with_learned_sites(shards, config, options, local_out,
                                                 {s.id: shard_key(s, config, unstamped) for s in shards}, workers)
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
