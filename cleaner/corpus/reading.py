"""What every reader of a corpus's inputs shares: the Shard, the Document, the field
names of records, and reads bounded by ``--max-bytes`` (a file, a line, a payload).
"""
from __future__ import annotations

import gzip
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Tuple, Union

from ..sites import site_of
from .storage import open_input

SINGLE = {".txt": "text", ".html": "html", ".htm": "html"}
RECORDS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".warc": "warc", ".wet": "warc", ".parquet": "parquet"}


def input_format(path: Path) -> Optional[Tuple[str, bool]]:
    """(format, gzipped) from the file name, or None if it is not an input."""
    name = path.name.lower()
    gz = name.endswith(".gz")
    stem = name[:-3] if gz else name
    suffix = os.path.splitext(stem)[1]
    if suffix in SINGLE:
        return SINGLE[suffix], gz
    if suffix in RECORDS:
        return RECORDS[suffix], gz
    return None


@dataclass(frozen=True)
class FieldNames:
    """JSONL field names: where the id, text, HTML and URL of a record are."""

    id: str = "id"
    text: str = "text"
    html: str = "html"
    url: str = "url"


@dataclass(frozen=True)
class Shard:
    id: str                      # fixed name of the output shard
    fmt: str                     # "files" | "jsonl" | "warc" | "parquet"
    paths: Tuple[str, ...]       # the input file(s)
    start: int = 0               # first record (jsonl, parquet)
    stop: Optional[int] = None   # one past the last record (jsonl, parquet)
    root: str = ""               # folder the paths are relative to (ids of single files)

    def to_dict(self) -> dict:
        return {"id": self.id, "fmt": self.fmt, "paths": list(self.paths), "start": self.start,
                "stop": self.stop, "root": self.root}


@dataclass
class Document:
    """One input document, or the reason it cannot be one (``reject``)."""

    id: str
    path: str
    offset: int                  # line number (jsonl), record index (warc, files)
    payload: Union[str, bytes, None] = None
    kind: str = "auto"
    url: Optional[str] = None
    created: Optional[str] = None
    reject: Optional[str] = None
    extra: dict = field(default_factory=dict)

    def site(self) -> str:
        """The document's site (issue 24): its URL's host (a record's URL field, a WARC
        target URI), else the folder its file is in."""
        return site_of(self.url, os.path.dirname(self.path))


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(text: str, limit: int = 80) -> str:
    """A file name made from any string: no separators, no dot files, no clash.

    >>> safe_name("../../etc/passwd")[:14]
    'etc_passwd-936'
    """
    cleaned = _UNSAFE.sub("_", text).strip("._-")[:limit] or "doc"
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{cleaned}-{digest}"


def open_file(path: Union[str, Path], gz: bool):
    raw = open_input(str(path))
    return gzip.open(raw) if gz else raw


READ_BLOCK = 1 << 20  # bytes read at a time where a file, line or payload is read in pieces
# A JSON line may hold its text escaped ("\u00e9" for the two bytes of "é", "\n" for one)
# besides other fields: it is refused unread past three times --max-bytes.
JSON_LINE_FACTOR = 3


def oversize(limit: int, what: str = "") -> str:
    """The reject reason of a document over ``--max-bytes`` (told before it is read whole)."""
    return f"larger than --max-bytes: {what or 'over'} {limit} bytes"


def bounded_read(stream, limit: Optional[int], drain: bool = True) -> Tuple[bytes, bool]:
    """(at most ``limit`` bytes of ``stream``, whether more followed): memory stays within the
    limit however large the stream (a gzip bomb) is. ``drain``: read the rest through (a
    WARC record, whose end must be reached), keeping none of it."""
    if limit is None:
        return stream.read(), False
    data = stream.read(limit + 1)
    if len(data) <= limit:
        return data, False
    while drain and stream.read(READ_BLOCK):
        pass
    return b"", True


def read_lines(stream, limit: Optional[int]) -> Iterator[Tuple[bytes, bool]]:
    """(line, whether it was longer than ``limit`` and so not kept) for each line of ``stream``."""
    while True:
        line = stream.readline() if limit is None else stream.readline(limit + 1)
        if not line:
            return
        if limit is not None and len(line) > limit and not line.endswith(b"\n"):
            while True:  # the rest of the line, a block at a time
                rest = stream.readline(READ_BLOCK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield b"", True
            continue
        yield line, False

