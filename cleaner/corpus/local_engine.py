"""The local engine: a pool of long-lived worker processes, each with its own Cleaner.

A watchdog kills a worker whose document runs past the time limit (code that
ignores the in-process alarm) and reruns its shard with that document rejected.
Workers die with their driver: each closes the driver's ends of the pipes it
inherited, so that its ``recv()`` sees EOF when the driver is gone however it
died, and on Linux the kernel also kills it then (PR_SET_PDEATHSIG, stopping.py).
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import time
from multiprocessing.connection import wait
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from ..config import Config
from ..errors import RunError
from .cleaning import CRASHED, FailureWatch
from .manifest import Manifest
from .options import RunOptions
from .reading import Shard
from .shard import run_shard
from .shardfiles import discard_partial
from .stopping import OutputError, die_with_driver, output_error

WATCHDOG_GRACE = 5.0   # seconds past the document time limit before a worker is killed
MAX_SHARD_ATTEMPTS = 5


def _worker_main(conn, state, config: Config, options: RunOptions, out: str,
                 driver: int = 0, inherited: Sequence[int] = (), cleaned=None) -> None:
    """A long-lived worker: build the Cleaner once, then run shards on request.

    Before each document it writes (the document's number, its start time) into
    ``state``, memory shared with the parent: no message, no system call per document.
    ``inherited``: the driver's pipe ends copied into this process by fork;
    ``cleaned``: the run's shared flag of :class:`~cleaner.corpus.cleaning.FailureWatch`.
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
        _run_here(todo, config, options, out, manifest, bar)
        return
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    if ctx.get_start_method() == "fork" and config.enabled("language"):
        _load_language_model()
    _Pool(ctx, config, options, out, manifest, bar, min(workers, max(len(todo), 1))).run(todo)


def _run_here(todo: List[Shard], config: Config, options: RunOptions, out: Path, manifest: Manifest, bar) -> None:
    from ..pipeline import Cleaner

    cleaner, watch = Cleaner(config), FailureWatch()
    for shard in todo:
        stats = run_shard(shard, cleaner, options, out, watch=watch,
                          progress=(lambda n: bar.update(1)) if bar is not None else None)
        manifest.mark(shard.id, stats)


def _load_language_model() -> None:
    """The language profiles (~45 MB) load once, here: forked workers share the pages."""
    from ..passes.language import model_once

    try:
        model_once()
    except Exception:  # e.g. langdetect missing: each document says so, and the FailureWatch stops the run
        pass


class _Pool:
    """The workers of a run, fed shards from a queue. A shard whose worker died or hung
    goes back to the queue with that document to be rejected, at most MAX_SHARD_ATTEMPTS times."""

    def __init__(self, ctx, config: Config, options: RunOptions, out: Path, manifest: Manifest, bar,
                 size: int) -> None:
        self.ctx, self.config, self.options, self.out = ctx, config, options, out
        self.manifest, self.bar = manifest, bar
        self.watch = FailureWatch(ctx.RawArray("b", 1))  # crashes, counted here; its flag is shared with the workers
        self.skips: Dict[str, Dict[int, str]] = {}
        self.attempts: Dict[str, int] = {}
        self.workers: List[_Worker] = []
        for _ in range(size):
            self.workers.append(self._new_worker())

    def _new_worker(self) -> _Worker:
        return _Worker(self.ctx, self.config, self.options, self.out, self.watch.cleaned, self.workers)

    def run(self, todo: List[Shard]) -> None:
        queue = list(reversed(todo))
        finished = False
        try:
            while queue or any(w.shard for w in self.workers):
                self._give(queue)
                ready = wait([w.conn for w in self.workers if w.shard], timeout=0.5)
                for i, w in enumerate(self.workers):
                    if w.shard is not None:
                        self._tend(i, w, w.conn in ready, queue)
            finished = True
        finally:
            self._close(finished)

    def _give(self, queue: List[Shard]) -> None:
        for w in self.workers:
            if w.shard is None and queue:
                shard = queue.pop()
                self.attempts[shard.id] = self.attempts.get(shard.id, 0) + 1
                w.give(shard, self.skips.get(shard.id, {}))

    def _tend(self, i: int, w: _Worker, ready: bool, queue: List[Shard]) -> None:
        """Take the message of a ready worker; replace one that died or hangs."""
        if ready and self._receive(w):
            return
        w.count(self.bar)
        doc, started = w.current()
        overdue = (self.options.time_limit > 0
                   and time.monotonic() - started > self.options.time_limit + WATCHDOG_GRACE)
        if not w.process.is_alive() or overdue:
            self._replace(i, w, doc, overdue, queue)

    def _receive(self, w: _Worker) -> bool:
        """Whether the worker's message says its shard is done (then marked in the manifest)."""
        try:
            message = w.conn.recv()
        except (EOFError, OSError):
            message = ("died",)  # handled by the caller: the process is gone
            w.process.join(1)
        if message[0] == "stop":  # the run cannot go on: an output error, a RunError
            raise (OutputError if message[2] == "output" else RunError)(message[3])
        if message[0] == "done":
            w.count(self.bar, message[2]["inputs"])
            self.manifest.mark(w.shard.id, message[2])
            w.shard = None
            return True
        return False

    def _replace(self, i: int, w: _Worker, doc: int, overdue: bool, queue: List[Shard]) -> None:
        """Kill the worker, reject the document it was on, queue its shard again."""
        shard = w.shard
        reason = (f"timed out: worker stopped after {self.options.time_limit + WATCHDOG_GRACE:g} s"
                  if overdue else f"{CRASHED} ({_death(w.process.exitcode)})")
        if doc >= 0:
            self.skips.setdefault(shard.id, {})[doc] = reason
            self.watch.reject(reason)
        if self.attempts[shard.id] >= MAX_SHARD_ATTEMPTS:
            raise RunError(f"stopped: shard {shard.id} lost its worker {self.attempts[shard.id]} times "
                           f"(last: {reason}); rerun the same command to resume")
        w.kill()
        self.workers[i] = self._new_worker()
        queue.append(shard)

    def _close(self, finished: bool) -> None:
        for w in self.workers:
            if finished:
                w.stop()
            else:  # interrupted or failed: the shards under way are abandoned, their partial files removed
                w.kill()
                if w.shard is not None:
                    discard_partial(self.out, w.shard.id, self.options)
