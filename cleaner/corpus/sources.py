"""Inputs of a corpus run: find files, plan shards, stream documents.

A shard is the unit of work: one input file, or a slice of at most
``shard_size`` records of a large one, or a group of at most ``shard_size``
single-article files of one folder. Its id is fixed by the input alone, so the
same input always gives the same shards, whatever runs them.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, List, Optional, Sequence, Tuple, Union

from ..inputs import replace_surrogates
from ..sites import site_of
from .storage import is_remote, local_path, modified, open_input, relative_name

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


def _open(path: Union[str, Path], gz: bool):
    raw = open_input(str(path))
    return gzip.open(raw) if gz else raw


def _count_lines(path: Path, gz: bool) -> int:
    """Lines in the file (a last line without a newline counts), read a line or a block at a
    time: a line of a gigabyte costs no memory. One more when it ends in error (a cut
    gzip), so the reader reports that."""
    count = 0
    try:
        with _open(path, gz) as f:
            for _ in _lines(f, READ_BLOCK):
                count += 1
    except (OSError, EOFError, zlib.error):
        return count + 1
    return count


def _count_rows(path: str) -> int:
    try:
        from .parquet import count_rows
    except ImportError as exc:
        raise ValueError(f"reading Parquet needs pyarrow (pip install 'cleaner[parquet]'): {path}") from exc
    return count_rows(path)


def plan_shards(inputs: Sequence[Union[str, Path]], shard_size: int = 1000, listing=None) -> List[Shard]:
    """The shards of a run, in a fixed order (sorted paths, then slices).
    ``listing``: the inputs' :class:`~cleaner.corpus.listing.Listing`, when already made."""
    if listing is None:
        from .listing import list_corpus

        listing = list_corpus(inputs)
    shards: List[Shard] = []
    for top, files, root in listing.tops:
        singles = [p for p in files if input_format(Path(p))[0] in ("text", "html")]
        tag = safe_name(str(top) if is_remote(top) else str(local_path(top).resolve()), 40)
        for n in range(0, len(singles), shard_size):
            group = singles[n:n + shard_size]
            shards.append(Shard(f"{tag}.files.{n // shard_size:05d}", "files", tuple(group), root=root))
        for path in files:
            fmt, gz = input_format(Path(path))
            rel = safe_name(relative_name(path, root), 60)
            if fmt == "warc":
                shards.append(Shard(f"{tag}.{rel}", "warc", (path,)))
            elif fmt in ("jsonl", "parquet"):
                total = _count_lines(path, gz) if fmt == "jsonl" else _count_rows(path)
                for n, start in enumerate(range(0, max(total, 1), shard_size)):
                    shards.append(Shard(f"{tag}.{rel}.{n:05d}", fmt, (path,), start,
                                        min(start + shard_size, total)))
    return shards


def read_documents(shard: Shard, fields: FieldNames = FieldNames(),
                   max_bytes: Optional[int] = None) -> Iterator[Document]:
    """Stream the documents of a shard; bad records come as rejects, never raise.

    ``max_bytes`` bounds what is read of a document (a file, a JSON line, a WARC payload,
    a Parquet row): a larger one is a reject ``larger than --max-bytes`` without being
    held in memory.
    """
    if shard.fmt == "files":
        yield from _read_files(shard, max_bytes)
    elif shard.fmt == "jsonl":
        yield from _read_jsonl(shard, fields, max_bytes)
    elif shard.fmt == "warc":
        yield from _read_warc(shard, max_bytes)
    elif shard.fmt == "parquet":
        from .parquet import read_parquet

        yield from read_parquet(shard, fields, max_bytes)
    else:
        raise ValueError(f"unknown shard format {shard.fmt!r}")


READ_BLOCK = 1 << 20  # bytes read at a time where a file, line or payload is read in pieces
# A JSON line may hold its text escaped ("\u00e9" for the two bytes of "é", "\n" for one)
# besides other fields: it is refused unread past three times --max-bytes.
JSON_LINE_FACTOR = 3


def oversize(limit: int, what: str = "") -> str:
    """The reject reason of a document over ``--max-bytes`` (told before it is read whole)."""
    return f"larger than --max-bytes: {what or 'over'} {limit} bytes"


def _bounded_read(stream, limit: Optional[int], drain: bool = True) -> Tuple[bytes, bool]:
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


def _read_files(shard: Shard, limit: Optional[int] = None) -> Iterator[Document]:
    for index, name in enumerate(shard.paths):
        fmt, gz = input_format(Path(name))
        rel = relative_name(name, shard.root)
        doc_id = rel[:-3] if gz else rel
        doc_id = os.path.splitext(doc_id)[0]
        try:
            with _open(name, gz) as f:
                payload, over = _bounded_read(f, limit, drain=False)
            created = modified(name)
        except (OSError, EOFError, zlib.error) as exc:
            yield Document(doc_id, name, index, reject=f"unreadable: {type(exc).__name__}: {exc}")
            continue
        if over:
            yield Document(doc_id, name, index, reject=oversize(limit))
            continue
        yield Document(doc_id, name, index, payload, kind=fmt, created=created)


def _lines(stream, limit: Optional[int]) -> Iterator[Tuple[bytes, bool]]:
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


def _read_jsonl(shard: Shard, fields: FieldNames, max_bytes: Optional[int] = None) -> Iterator[Document]:
    """The records of lines ``start`` to ``stop`` of a JSONL file. A blank line is no input; a
    line over the bound is a reject unread; a last line cut in its JSON is 'truncated JSON
    line'; a file with fewer lines than planned (cut while the run read it) gives a reject
    for the lines missing."""
    name = shard.paths[0]
    path = Path(name)
    _, gz = input_format(path)
    stop = shard.stop if shard.stop is not None else float("inf")
    limit = None if max_bytes is None else JSON_LINE_FACTOR * max_bytes + READ_BLOCK
    try:
        stream = _open(name, gz)
    except OSError as exc:
        yield Document(f"{path.name}:{shard.start}", name, shard.start, reject=f"unreadable: {exc}")
        return
    lineno = -1
    with stream:
        try:
            for lineno, (raw, over) in enumerate(_lines(stream, limit)):
                if lineno < shard.start:
                    continue
                if lineno >= stop:
                    break
                if over:
                    yield Document(f"{path.name}:{lineno}", name, lineno, reject=oversize(limit, "a JSON line over"))
                elif raw.strip():
                    yield _jsonl_document(raw, path, name, lineno, fields)
            else:
                lineno += 1  # the lines ran out before the stop
        except (OSError, EOFError, zlib.error) as exc:  # BadGzipFile is an OSError
            yield Document(f"{path.name}:truncated", name, -1, reject=f"input ends in error: {exc}")
            return
    if shard.stop is not None and max(lineno, shard.start) < shard.stop:
        first = max(lineno, shard.start)
        yield Document(f"{path.name}:{first}", name, first,
                       reject=f"input cut short: lines {first} to {shard.stop - 1} were planned, "
                              f"the file ends at line {lineno}")


def _unicode(text: str, errors: str = "replace") -> str:
    """``text`` without lone surrogates (JSON can hold "\\ud800"; UTF-8 cannot).

    An id keeps the escape as text, so it stays unique; other strings get U+FFFD,
    as undecodable bytes do.
    """
    if errors == "replace":
        return replace_surrogates(text)[0]
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _jsonl_document(raw: bytes, path: Path, name: str, lineno: int, fields: FieldNames) -> Document:
    fallback_id = f"{path.name}:{lineno}"
    try:
        record = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        if not raw.endswith(b"\n"):  # the last line, and no newline after it: the file was cut
            return Document(fallback_id, name, lineno, reject=f"truncated JSON line: {exc}")
        return Document(fallback_id, name, lineno, reject=f"malformed JSON line: {exc}")
    except RecursionError:
        return Document(fallback_id, name, lineno, reject="malformed JSON line: nested too deep")
    if not isinstance(record, dict):
        return Document(fallback_id, name, lineno, reject="JSON line is not an object")
    return record_document(record, path, name, lineno, fields)


def record_document(record: dict, path: Path, name: str, lineno: int, fields: FieldNames) -> Document:
    """The document in a record read from JSONL or Parquet (row ``lineno``).
    A Parquet record's HTML may be bytes: the cleaner decodes it as a file's."""
    fallback_id = f"{path.name}:{lineno}"
    doc_id = record.get(fields.id)
    doc_id = _unicode(str(doc_id), "backslashreplace") if doc_id not in (None, "") else fallback_id
    url = record.get(fields.url)
    created = record.get("created")
    extra = {_unicode(k): _unicode(v) if isinstance(v, str) else v for k, v in record.items()
             if k not in (fields.id, fields.text, fields.html) and isinstance(v, (str, int, float, bool))
             and k != fields.url}
    for key, kind in ((fields.html, "html"), (fields.text, "text")):
        value = record.get(key)
        if isinstance(value, (str, bytes)):
            return Document(doc_id, name, lineno, _unicode(value) if isinstance(value, str) else value, kind=kind,
                            url=_unicode(url) if isinstance(url, str) else None,
                            created=_unicode(created) if isinstance(created, str) else None, extra=extra)
    return Document(doc_id, name, lineno,
                    reject=f"no string field {fields.text!r} or {fields.html!r} in the record")


def warc_payload(record, limit: Optional[int]) -> Tuple[Optional[bytes], Optional[str]]:
    """(the payload of a WARC record, None) or (None, why not): read within ``limit``, and
    read to its end, so that a record cut short (a file cut inside it) is told from a whole
    one by the bytes its Content-Length promised and the file did not hold."""
    try:
        payload, over = _bounded_read(record.content_stream(), limit)
        error = None
    except (OSError, EOFError, ValueError, zlib.error) as exc:  # a bad chunked or gzip body
        payload, over, error = None, False, exc
    cut = _cut_short(record)
    if cut:
        return None, cut
    if error is not None:
        return None, f"unreadable WARC payload: {type(error).__name__}: {error}"
    if over:
        return None, oversize(limit)
    return payload, None


def _cut_short(record) -> Optional[str]:
    """Read the rest of a WARC record; the reason it is truncated, or None when it is whole."""
    length = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not record.rec_type or not length.isdigit() or not hasattr(record.raw_stream, "limit"):
        return "truncated WARC record: its headers end before its WARC-Type and Content-Length"
    try:
        while record.raw_stream.read(READ_BLOCK):
            pass
    except (OSError, EOFError, zlib.error):
        pass  # a gzip cut mid-member: what is left unread tells it
    missing = record.raw_stream.limit
    if missing > 0:
        return f"truncated WARC record: {missing} of its {record.length} bytes missing"
    return None


def _http_status(record) -> Optional[str]:
    """The status line of a response that is not a page (not 2xx: a 404, a 500, a redirect)."""
    status = record.http_headers.get_statuscode() if record.http_headers else None
    if status and not status.startswith("2"):
        line = record.http_headers.statusline
        location = record.http_headers.get_header("Location")
        return f"{line} (redirect to {location})" if location and status.startswith("3") else line
    return None


def _read_warc(shard: Shard, limit: Optional[int] = None) -> Iterator[Document]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = shard.paths[0]
    index, end, truncated = -1, 0, False
    try:
        with open_input(name) as stream:
            records = ArchiveIterator(stream)
            try:
                for record in records:
                    doc = _warc_document(record, name, index + 1, limit)
                    if doc is not None:
                        index += 1
                        truncated = truncated or (doc.reject or "").startswith("truncated WARC record")
                        yield doc
                    end = records.get_record_offset() + records.get_record_length()
            except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error, AttributeError) as exc:
                # warcio fails on a record whose headers it cannot parse (AttributeError on a cut
                # before WARC-Target-URI): a cut, when no whole record follows, else damage
                cut = _cut_after(stream, end, name.endswith(".gz"))
                yield _warc_reject(name, index + 1, TRUNCATED_WARC if cut else _unreadable_warc(exc))
                return
            if not truncated and _cut_after(stream, end, name.endswith(".gz")):  # a cut inside headers: warcio
                yield _warc_reject(name, index + 1, TRUNCATED_WARC)  # stops
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as exc:
        yield _warc_reject(name, index + 1, _unreadable_warc(exc))


def _warc_reject(name: str, index: int, reason: str) -> Document:
    """The reject of the ``index``-th document of a WARC file (no record id to name it by)."""
    return Document(f"{Path(name).name}:{index}", name, index, reject=reason)


def _unreadable_warc(exc: BaseException) -> str:
    return f"WARC cannot be read past this point: {type(exc).__name__}: {exc}"


TRUNCATED_WARC = "truncated WARC record: the file ends inside a record's headers"


def _warc_document(record, name: str, index: int, limit: Optional[int]) -> Optional[Document]:
    """The document of a response or conversion record, or None for the other records."""
    from .wet import CONVERSION, conversion_document

    if record.rec_type == CONVERSION:  # a WET record: the page's text (wet.py)
        return conversion_document(record, name, index, limit)
    if record.rec_type != "response":  # a request, metadata, warcinfo ...: no document, unless cut
        cut = _cut_short(record)
        return _warc_reject(name, index, cut) if cut else None
    headers = record.rec_headers
    doc_id = headers.get_header("WARC-Record-ID") or f"{Path(name).name}:{index}"
    ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
    status = _http_status(record)
    payload, reason = warc_payload(record, limit)
    if reason is None and status:
        reason = f"WARC response HTTP status {status}"
    if reason is None and "html" not in ctype.lower():
        reason = f"WARC response is not HTML ({ctype or 'no type'})"
    return Document(doc_id, name, index, None if reason else payload, kind="html",
                    url=headers.get_header("WARC-Target-URI"), created=headers.get_header("WARC-Date"),
                    reject=reason)


def _cut_after(stream, end: int, gz: bool) -> bool:
    """Whether the bytes of ``stream`` from ``end`` (where the last whole record ended) are the
    start of a record the file was cut in: a gzip member that never ends, or, uncompressed,
    more than blank lines with no other record's start after them. False when it cannot tell
    (a stream that does not seek)."""
    try:
        stream.seek(end)
        if gz:
            member, block = zlib.decompressobj(wbits=31), stream.read(READ_BLOCK)
            if not block:
                return False  # the file ends with its last whole record
            while not member.eof:
                if not block:
                    return True  # the input ended inside the member
                member.decompress(block, READ_BLOCK)
                block = member.unconsumed_tail or stream.read(READ_BLOCK)
            return False
        rest = stream.read(READ_BLOCK).lstrip()  # the blank lines that end a record are not in its length
        return bool(rest) and b"\nWARC/1." not in rest
    except (OSError, ValueError, zlib.error):
        return False
