"""One document cleaned within the run's limits: its size, its time (DocumentTimer), and
the FailureWatch that stops a run whose documents all fail for a cause outside them.
A bad document is a reject with its reason, never an exception.
"""
from __future__ import annotations

import signal
import threading
from typing import Dict, Optional, Tuple

from ..errors import CleanerError, RunError
from .options import RunOptions, run_time
from .reading import Document, oversize


class DocumentTimeout(BaseException):
    """A document took longer than the per-document time limit.

    A BaseException, as KeyboardInterrupt is: raised by the timer wherever the
    document's code happens to be, it must pass the ``except Exception`` that
    the cleaner and its libraries wrap around parsing and extraction (the
    HTML parse used to catch it and parse again, for minutes).
    """


class DocumentTimer:
    """The per-document time limit, by SIGALRM (main thread only).

    The handler is installed once, for a whole shard (``with DocumentTimer(s)``);
    each document only arms and disarms the timer, two system calls. Code that
    never returns to the interpreter (a C loop) is not interrupted here; the
    local engine's watchdog kills such a worker from outside.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.usable = (seconds > 0 and threading.current_thread() is threading.main_thread()
                       and hasattr(signal, "SIGALRM"))
        self.previous = None

    def __enter__(self) -> "DocumentTimer":
        if self.usable:
            self.previous = signal.signal(signal.SIGALRM, self._expire)
        return self

    def __exit__(self, *exc) -> None:
        if self.usable:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)

    def _expire(self, signum, frame):
        raise DocumentTimeout(f"over the time limit of {self.seconds:g} s")

    def arm(self) -> None:
        if self.usable:
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def disarm(self) -> None:
        if self.usable:
            signal.setitimer(signal.ITIMER_REAL, 0)


def make_record(doc: Document, article, options: RunOptions) -> dict:
    metadata = dict(article.metadata)
    metadata.update({"path": doc.path, "offset": doc.offset})
    if doc.url:
        metadata["url"] = doc.url
    if doc.extra:
        metadata["input_fields"] = doc.extra
    if options.audit:
        metadata["removed"] = [r.to_dict() for r in article.removed]
    return {
        "id": doc.id,
        "text": article.text,
        "source": options.source,
        "added": options.added or run_time(),
        "created": metadata.get("date") or doc.created or None,
        "metadata": metadata,
    }


CRASHED = "worker crashed on this document"


def outside_cause(reason: str) -> Optional[str]:
    """The kind of a reject whose cause is not in the document (a bug, a missing
    library, a worker killed), e.g. ``internal error: ModuleNotFoundError``; else None."""
    if reason.startswith("internal error:"):
        return ":".join(reason.split(":")[:2])
    if reason.startswith(CRASHED):
        return CRASHED
    return None


class FailureWatch:
    """Stops a run whose documents all fail the same way for a cause outside them,
    after ``limit`` of them (0: never) and before any document is cleaned: one
    clear error instead of thousands of rejects.

    ``cleaned``: a one-slot array, shared by the run's processes, set once any of
    them has cleaned a document.
    """

    LIMIT = 20

    def __init__(self, cleaned=None, limit: int = LIMIT) -> None:
        self.cleaned = cleaned if cleaned is not None else [0]
        self.limit = limit
        self.counts: Dict[str, int] = {}

    def record(self) -> None:
        if not self.cleaned[0]:
            self.cleaned[0] = 1

    def reject(self, reason: str) -> None:
        kind = outside_cause(reason)
        if kind is None or self.cleaned[0] or not self.limit:
            return
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.counts[kind] >= self.limit:
            raise RunError(f"stopped: {self.counts[kind]} documents failed with \"{reason}\" and none was "
                           "cleaned; the cause is not in the documents: fix it, then rerun the same command")


def clean_document(doc: Document, cleaner, options: RunOptions,
                   timer: Optional[DocumentTimer] = None) -> Tuple[Optional[object], Optional[str]]:
    """(article, None) or (None, reason): never raises for a bad document.

    ``timer``: a :class:`DocumentTimer` already entered (a shard's), else one of its own.
    """
    if doc.reject:
        return None, doc.reject
    size = len(doc.payload)
    if size > options.max_bytes:
        return None, oversize(options.max_bytes, f"{size} >")
    if timer is None:
        with DocumentTimer(options.time_limit) as timer:
            return clean_document(doc, cleaner, options, timer)
    kind = options.kind if options.kind != "auto" else doc.kind if doc.kind in ("text", "html") else "auto"
    try:
        warm_up = getattr(cleaner, "warm_up", None)
        if warm_up is not None:  # the loads a first document of its kind would pay: not timed
            warm_up(kind)
        site = {"site": doc.site()} if options.site_boilerplate else {}
        timer.arm()
        try:
            article = cleaner.clean(doc.payload, kind=kind, **site)
        finally:
            timer.disarm()
    except DocumentTimeout as exc:
        return None, f"timed out: {exc}"
    except CleanerError as exc:
        return None, f"{type(exc).__name__}: {exc}"
    except RecursionError:
        return None, "parse error: nesting too deep"
    except Exception as exc:  # a bug or a library failure: reject the document, keep the run
        return None, f"internal error: {type(exc).__name__}: {exc}"
    if not article.text.strip():
        return None, "empty after cleaning"
    return article, None
