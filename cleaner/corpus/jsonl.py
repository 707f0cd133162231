"""JSONL inputs: the records of a slice of lines, each a document or a reject."""
from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Iterator, Optional

from ..inputs import replace_surrogates
from .reading import (JSON_LINE_FACTOR, READ_BLOCK, Document, FieldNames, Shard, input_format, open_file, oversize,
                      read_lines)


def read_jsonl(shard: Shard, fields: FieldNames, max_bytes: Optional[int] = None) -> Iterator[Document]:
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
        stream = open_file(name, gz)
    except OSError as exc:
        yield Document(f"{path.name}:{shard.start}", name, shard.start, reject=f"unreadable: {exc}")
        return
    lineno = -1
    with stream:
        try:
            for lineno, (raw, over) in enumerate(read_lines(stream, limit)):
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
