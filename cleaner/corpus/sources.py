"""Inputs of a corpus run: plan shards, stream their documents by input kind.

A shard is the unit of work: one input file, or a slice of at most
``shard_size`` records of a large one, or a group of at most ``shard_size``
single-article files of one folder. Its id is fixed by the input alone, so the
same input always gives the same shards, whatever runs them. The readers of
each kind are in jsonl.py, warc.py (and wet.py) and parquet.py; what they
share (Shard, Document, FieldNames, bounded reads) is in reading.py.
"""
from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Iterator, List, Optional, Sequence, Union

from .jsonl import read_jsonl
# JSON_LINE_FACTOR is not used here: the tests import it from here, with the readers' other bounds.
from .reading import (JSON_LINE_FACTOR, READ_BLOCK, Document, FieldNames, Shard,  # noqa: F401
                      bounded_read, input_format, open_file, oversize, read_lines, safe_name)
from .storage import is_remote, local_path, modified, relative_name
from .warc import read_warc


def _count_lines(path: Path, gz: bool) -> int:
    """Lines in the file (a last line without a newline counts), read a line or a block at a
    time: a line of a gigabyte costs no memory. One more when it ends in error (a cut
    gzip), so the reader reports that."""
    count = 0
    try:
        with open_file(path, gz) as f:
            for _ in read_lines(f, READ_BLOCK):
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
        yield from read_jsonl(shard, fields, max_bytes)
    elif shard.fmt == "warc":
        yield from read_warc(shard, max_bytes)
    elif shard.fmt == "parquet":
        from .parquet import read_parquet

        yield from read_parquet(shard, fields, max_bytes)
    else:
        raise ValueError(f"unknown shard format {shard.fmt!r}")


def _read_files(shard: Shard, limit: Optional[int] = None) -> Iterator[Document]:
    for index, name in enumerate(shard.paths):
        fmt, gz = input_format(Path(name))
        rel = relative_name(name, shard.root)
        doc_id = rel[:-3] if gz else rel
        doc_id = os.path.splitext(doc_id)[0]
        try:
            with open_file(name, gz) as f:
                payload, over = bounded_read(f, limit, drain=False)
            created = modified(name)
        except (OSError, EOFError, zlib.error) as exc:
            yield Document(doc_id, name, index, reject=f"unreadable: {type(exc).__name__}: {exc}")
            continue
        if over:
            yield Document(doc_id, name, index, reject=oversize(limit))
            continue
        yield Document(doc_id, name, index, payload, kind=fmt, created=created)
