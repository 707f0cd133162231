"""WARC inputs: a document for each HTML response (and WET conversion, wet.py), a reject
for a response that is no page, and a reject where the file is cut or damaged."""
from __future__ import annotations

import zlib
from pathlib import Path
from typing import Iterator, Optional, Tuple

from .reading import READ_BLOCK, Document, Shard, bounded_read, oversize
from .storage import open_input


def warc_payload(record, limit: Optional[int]) -> Tuple[Optional[bytes], Optional[str]]:
    """(the payload of a WARC record, None) or (None, why not): read within ``limit``, and
    read to its end, so that a record cut short (a file cut inside it) is told from a whole
    one by the bytes its Content-Length promised and the file did not hold."""
    try:
        payload, over = bounded_read(record.content_stream(), limit)
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


def read_warc(shard: Shard, limit: Optional[int] = None) -> Iterator[Document]:
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
