"""The shard function: all the work of one shard, whatever engine runs it.

It streams the shard's documents through one Cleaner, writes the records, the
rejects, the duplicate signatures and the shard's stats under temporary names,
and renames them into place only when the whole shard is done. Engines only
schedule shards and mark them done in the manifest.
"""
from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import shutil
import signal
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, Iterator, Optional, Tuple

from ..errors import CleanerError, RunError
from ..fileio import ERRORS as _ERRORS
from ..fileio import tmp_path as _tmp
from ..fileio import unlink_missing_ok as _unlink
from .dedup import signature_record
from .reading import Document, FieldNames, Shard, oversize, safe_name
from .sources import read_documents


@dataclass(frozen=True)
class RunOptions:
    """Everything a shard needs besides the Cleaner; picklable for workers."""

    source: str = "corpus"               # the collection name in each record
    fmt: str = "jsonl"                   # "jsonl" or "parquet" shards, or "txt" files with .json sidecars
    compress: bool = False               # gzip the JSONL shards
    time_limit: float = 60.0             # seconds per document; 0 = none
    max_bytes: int = 20 * 1024 * 1024    # per document
    fields: FieldNames = field(default_factory=FieldNames)
    audit: bool = True                   # keep each record's removals in its metadata
    dedup: bool = True
    kind: str = "auto"
    site_boilerplate: bool = False        # learn each site's repeated lines first (sitelearn.py), then remove them
    site_rules_digest: str = ""           # of the learned site rules phase 2 cleans with (set by the runner)
    added: str = ""                      # the run's time, each record's "added": run_corpus sets it once
    attributes: str = ""                 # dolma attributes under attributes/<this name>/ ("" = none)

    def to_dict(self) -> dict:
        return asdict(self)


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


def shard_paths(out: Path, shard_id: str, options: RunOptions) -> Dict[str, Path]:
    """Where a shard's outputs go; fixed names, so that a rerun overwrites them."""
    ext = ".parquet" if options.fmt == "parquet" else ".jsonl.gz" if options.compress else ".jsonl"
    return {
        "records": out / "shards" / f"{shard_id}{ext}",
        "rejects": out / ".work" / "rejects" / f"{shard_id}.jsonl",
        "signatures": out / ".work" / "signatures" / f"{shard_id}.jsonl",
        "stats": out / ".work" / "stats" / f"{shard_id}.json",
        "flags": out / ".work" / "flags" / f"{shard_id}.json",  # the duplicate flags finalize put in the records
        "txt": out / "txt",
        **(_attribute_paths(out, shard_id, options.attributes) if options.attributes else {}),
    }


SHARD_FILES = ("records", "rejects", "signatures", "stats")  # what run_shard writes, renamed into place at its end
ATTRIBUTE_FILES = ("documents", "attributes")  # and with --attributes (attributes.py)


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


def discard_partial(out: Path, shard_id: str, options: RunOptions) -> None:
    """Remove the temporary files of a shard that did not finish (its worker was
    killed, the run interrupted); its finished files, if any, stay as they were."""
    paths = shard_paths(out, shard_id, options)
    for key, path in paths.items():
        if key != "txt":
            _unlink(_tmp(path))
    shutil.rmtree(_tmp(paths["txt"] / shard_id), ignore_errors=True)


def _writer(path: Path, compress: bool):
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = open(path, "wb")
    if compress:  # mtime 0 and no name: the same records give the same bytes
        return io.TextIOWrapper(gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0), encoding="utf-8",
                                errors=_ERRORS), raw
    return io.TextIOWrapper(raw, encoding="utf-8", errors=_ERRORS), raw


class _JsonlRecords:
    """The writer of a shard's records as JSON lines (see :func:`records_writer`)."""

    def __init__(self, path: Path, compress: bool) -> None:
        self._text, _ = _writer(path, compress)

    def write(self, record: dict) -> None:
        self._text.write(_dumps(record))

    def close(self) -> None:
        self._text.close()


def records_writer(path: Path, options: RunOptions):
    """The writer of a shard's records, ``write(record)`` then ``close()``: JSON lines,
    or Parquet rows (parquet.py). The shard and finalize's rewrite both use it."""
    if options.fmt == "parquet":
        from .parquet import ParquetRecords

        return ParquetRecords(path)
    return _JsonlRecords(path, options.compress)


def read_records(path: Path) -> Iterator[dict]:
    """The records of a shard file, whichever writer made it."""
    if path.name.endswith(".parquet"):
        from .parquet import read_records as read_parquet_records

        yield from read_parquet_records(path)
        return
    with open_text(path) as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def open_text(path: Path):
    """Read a shard file, gzipped or not, as text."""
    return (gzip.open if path.name.endswith(".gz") else open)(path, "rt", encoding="utf-8")


def sidecar_of(txt_path: Path) -> Path:
    """The .json sidecar of an article written with --format txt."""
    return txt_path.with_name(txt_path.name[: -len(".txt")] + ".json")


def _attribute_paths(out: Path, shard_id: str, name: str) -> Dict[str, Path]:
    from .attributes import attribute_paths

    return attribute_paths(out, shard_id, name)


def _attributes_writer(tmp: Dict[str, Path]):
    from .attributes import AttributesWriter

    return AttributesWriter(tmp)


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False, separators=(",", ":")) + "\n"


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


def run_time() -> str:
    """Now, as dolma writes ``added``: see :func:`iso_time`. ``SOURCE_DATE_EPOCH`` (seconds),
    when set, stands for now: outputs made again are the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return iso_time(dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit()
                    else dt.datetime.now(dt.timezone.utc))


def iso_time(when: dt.datetime) -> str:
    """ISO 8601 in UTC with milliseconds, as dolma writes its times.

    >>> iso_time(dt.datetime.fromtimestamp(1700000000, dt.timezone.utc))
    '2023-11-14T22:13:20.000Z'
    """
    return when.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


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


class _TxtFolder:
    """The .txt files and .json sidecars of one shard (``--format txt``), written into
    a temporary folder that replaces the shard's folder when the shard is done: a
    shard cleaned again keeps no file of its previous run."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.partial = folder, _tmp(folder)
        self.names: set = set()
        if self.partial.exists():  # left by a killed run
            shutil.rmtree(self.partial)

    def add(self, doc_id: str, text: str, sidecar: str) -> str:
        """Write one article and its sidecar; return the text file's name in the output folder.

        Unique by construction: the same id again is given ``.2``, ``.3``..., and no
        name that :func:`safe_name` makes ends that way."""
        name = base = safe_name(doc_id)
        copy = 1
        while name in self.names:
            copy += 1
            name = f"{base}.{copy}"
        self.names.add(name)
        self.partial.mkdir(parents=True, exist_ok=True)
        (self.partial / f"{name}.txt").write_text(text + "\n", encoding="utf-8", errors=_ERRORS)
        (self.partial / f"{name}.json").write_text(sidecar, encoding="utf-8", errors=_ERRORS)
        return f"{self.folder.parent.name}/{self.folder.name}/{name}.txt"

    def commit(self) -> None:
        if self.folder.exists():
            shutil.rmtree(self.folder)
        if self.partial.exists():
            os.replace(self.partial, self.folder)


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
    paths = shard_paths(out, shard.id, options)
    tmp = {k: _tmp(paths[k]) for k in SHARD_FILES}
    stats = ShardStats()
    started = time.perf_counter()
    records = records_writer(tmp["records"], options)
    rejects, _ = _writer(tmp["rejects"], False)
    sigs, _ = _writer(tmp["signatures"], False)
    txt = _TxtFolder(paths["txt"] / shard.id) if options.fmt == "txt" else None
    tmp.update({k: _tmp(paths[k]) for k in ATTRIBUTE_FILES if k in paths})
    spans = _attributes_writer(tmp) if options.attributes else None
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
                    rejects.write(_dumps({"id": doc.id, "path": doc.path, "offset": doc.offset,
                                          "shard": shard.id, "reason": reason}))
                    if n not in skip:  # the engine counted those (a crash, a hang) itself
                        watch.reject(reason)
                    continue
                stats.record(article, len(doc.payload))
                watch.record()
                record = make_record(doc, article, options)
                if txt is not None:
                    records.write({"id": doc.id, "file": txt.add(doc.id, article.text, _dumps(record))})
                else:
                    records.write(record)
                if spans is not None:
                    spans.write(record, article)
                if options.dedup:
                    sigs.write(_dumps(signature_record(doc.id, article.text)))
    finally:
        for f in (records, rejects, sigs, spans):
            if f is not None:
                f.close()
    if txt is not None:
        txt.commit()
    stats.data["seconds"] = round(time.perf_counter() - started, 4)
    stats.data["worker"] = {"pid": os.getpid(), "max_rss_kb": _max_rss_kb()}
    tmp["stats"].parent.mkdir(parents=True, exist_ok=True)
    tmp["stats"].write_text(json.dumps(stats.data, sort_keys=True), encoding="utf-8")
    _unlink(paths["flags"])  # the new records carry no duplicate flags (yet)
    for key, path in tmp.items():
        os.replace(path, paths[key])
    return stats.data
