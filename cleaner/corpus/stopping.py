"""How a run stops, and its workers with it.

Ctrl-C, and SIGTERM while a run lasts, end it as :class:`Interrupted`; an output
that cannot be written ends it as :class:`OutputError`. A worker process leaves
Ctrl-C to its driver and dies with it, however the driver dies.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path
from typing import Sequence, Union


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal (SIGTERM; Ctrl-C raises KeyboardInterrupt).

    A KeyboardInterrupt, so that it passes every ``except Exception`` on its way
    out, as Ctrl-C does; the finished shards stay, and a rerun resumes.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.signum = signum


def _raise_interrupted(signum, frame):
    raise Interrupted(signum)


class StopOnSigterm:
    """While a run lasts, SIGTERM raises :class:`Interrupted` in the main thread (when
    nobody else handles SIGTERM), so that the run ends as after Ctrl-C."""

    def __enter__(self):
        self.previous = None
        if threading.current_thread() is threading.main_thread() \
                and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            self.previous = signal.signal(signal.SIGTERM, _raise_interrupted)
        return self

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


class OutputError(OSError):
    """The run's output cannot be written (a full disk, a read-only folder): the run
    stops, as no document is to blame; the finished shards stay, a rerun resumes."""


def output_error(exc: OSError, out: Union[str, Path]) -> OutputError:
    if isinstance(exc, OutputError):
        return exc
    reason = f"[Errno {exc.errno}] {exc.strerror}" if exc.strerror else f"{type(exc).__name__}: {exc}"
    if exc.filename:
        reason += f": {exc.filename}"
    return OutputError(f"cannot write the output in {out} ({reason}); the finished shards are kept: "
                       "make room or fix the folder, then rerun the same command to resume")


def die_with_driver(driver: int, inherited: Sequence[int]) -> None:
    """In a new worker: close the driver's pipe ends a fork copied (so that ``recv()``
    sees EOF when the driver dies), then :func:`worker_signals`."""
    for fd in inherited:
        try:
            os.close(fd)
        except OSError:
            pass
    worker_signals(driver)


PR_SET_PDEATHSIG = 1


def worker_signals(driver: int) -> None:
    """In a worker process of a run (the local engine's, site learning's pool): leave
    Ctrl-C to the driver, which stops the workers; die on SIGTERM; on Linux, be killed
    by the kernel when the driver dies (PR_SET_PDEATHSIG), however it dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl: the local engine's workers still see their pipe's EOF
    if os.getppid() != driver:  # the driver died before the request was made
        os._exit(0)
