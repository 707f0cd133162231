"""Parquet shards out and Parquet files in (pyarrow: the ``parquet`` extra).

Out: one file per shard with the JSONL record's columns. ``metadata`` is a
JSON string, not a struct: its keys vary by document (HTML or text, duplicate
flags, a JSONL input's arbitrary ``input_fields``), and a struct needs one
schema for every shard of a run before any shard is written; a JSON string
is what ``clean_batch`` gives too, and DuckDB reads it with ``->>``.
Same records give the same bytes: fixed compression, row groups cut by
count and size only, no timestamp in the footer (``created_by`` names the
writer's version only).

In: a ``.parquet`` file (a Hugging Face dataset saved with ``to_parquet``,
a DuckDB or Spark export) is read a row group at a time, in batches, only
the columns a document can use; a shard is a range of rows.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Iterator, List, Optional

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .jsonl import record_document
from .reading import JSON_LINE_FACTOR, READ_BLOCK, Document, FieldNames, Shard, oversize
from .storage import open_input

COLUMNS = ("id", "text", "source", "added", "created", "metadata")
SCHEMA = pa.schema([(name, pa.string()) for name in COLUMNS])
ROW_GROUP_ROWS = 1000            # rows per row group written
ROW_GROUP_BYTES = 32 * 1024 * 1024  # or fewer, when their strings reach this size
READ_BATCH_ROWS = 256            # rows decoded at a time when reading
WRITE_OPTIONS = dict(compression="zstd", compression_level=3, version="2.6", use_dictionary=["source"],
                     write_statistics=False, store_schema=True)


def _utf8(text: str) -> str:
    """``text`` as UTF-8 can hold it: a lone surrogate becomes its escape, as in JSONL shards."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


class ParquetRecords:
    """The writer of a shard's records as Parquet rows, a row group at a time."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = pq.ParquetWriter(str(path), SCHEMA, **WRITE_OPTIONS)
        self._rows: List[tuple] = []
        self._bytes = 0

    def write(self, record: dict) -> None:
        metadata = json.dumps(record["metadata"], ensure_ascii=False, separators=(",", ":"))
        row = tuple(None if record[c] is None else _utf8(str(record[c])) for c in COLUMNS[:-1]) + (_utf8(metadata),)
        self._rows.append(row)
        self._bytes += sum(len(v) for v in row if v)
        if len(self._rows) >= ROW_GROUP_ROWS or self._bytes >= ROW_GROUP_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            columns = [pa.array([row[i] for row in self._rows], pa.string()) for i in range(len(COLUMNS))]
            self._writer.write_table(pa.Table.from_arrays(columns, schema=SCHEMA))
            self._rows, self._bytes = [], 0

    def close(self) -> None:
        try:
            self._flush()
        finally:
            self._writer.close()


def read_records(path: Path) -> Iterator[dict]:
    """The records of a Parquet shard, as the JSONL reader gives them."""
    for batch in pq.ParquetFile(str(path)).iter_batches(batch_size=READ_BATCH_ROWS):
        for row in batch.to_pylist():
            row["metadata"] = json.loads(row["metadata"])
            yield row


# ---- inputs ----

def count_rows(path: str) -> int:
    """Rows in a Parquet input, from its footer; 1 if it has none to read, so the
    reader reports the error as a reject instead of the file vanishing."""
    try:
        with open_input(path) as f:
            return pq.ParquetFile(f).metadata.num_rows
    except (OSError, ValueError, pa.ArrowException):
        return 1


def _plain(value):
    """A cell as a JSON value: dates and times as ISO strings."""
    return value.isoformat() if isinstance(value, (dt.date, dt.time, dt.datetime)) else value


def _usable_columns(schema: pa.Schema, fields: FieldNames) -> List[str]:
    """The columns a document can use: its fields, and scalars for input_fields.
    Lists, structs and the like are never read (an embedding column costs nothing)."""
    wanted = {fields.id, fields.text, fields.html, fields.url}
    scalar = (pa.types.is_string, pa.types.is_large_string, pa.types.is_binary, pa.types.is_large_binary,
              pa.types.is_integer, pa.types.is_floating, pa.types.is_boolean, pa.types.is_temporal)
    return [f.name for f in schema if f.name in wanted or any(test(f.type) for test in scalar)]


def read_parquet(shard: Shard, fields: FieldNames, max_bytes: Optional[int] = None) -> Iterator[Document]:
    """The documents of a shard of a Parquet input: its rows [start, stop). ``max_bytes``:
    a row with a cell over it, or over a JSON line's bound in all, is a reject, never
    made into Python strings (as a JSON line over its bound is never parsed)."""
    name = shard.paths[0]
    path = Path(name)
    try:
        stream = open_input(name)
        parquet = pq.ParquetFile(stream)
    except (OSError, ValueError, pa.ArrowException) as exc:
        yield Document(f"{path.name}:{shard.start}", name, shard.start,
                       reject=f"unreadable Parquet file: {type(exc).__name__}: {exc}")
        return
    with stream:
        stop = parquet.metadata.num_rows if shard.stop is None else shard.stop
        rows = _Rows(path, name, fields, _usable_columns(parquet.schema_arrow, fields), shard.start, stop, max_bytes)
        first = 0
        for group in range(parquet.metadata.num_row_groups):
            count = parquet.metadata.row_group(group).num_rows
            if first < stop and first + count > shard.start:
                yield from rows.of_group(parquet, group, first)
            first += count


class _Rows:
    """How a shard's rows [start, stop) of one Parquet input become documents."""

    def __init__(self, path: Path, name: str, fields: FieldNames, columns: List[str], start: int, stop: int,
                 max_bytes: Optional[int]) -> None:
        self.path, self.name, self.fields, self.columns = path, name, fields, columns
        self.start, self.stop, self.max_bytes = start, stop, max_bytes

    def of_group(self, parquet, group: int, first: int) -> Iterator[Document]:
        """The shard's rows of one row group that begins at row ``first``; if it breaks,
        each row it has not given is a reject, and the next row group is read."""
        row = first
        end = first + parquet.metadata.row_group(group).num_rows
        try:
            for batch in parquet.iter_batches(batch_size=READ_BATCH_ROWS, row_groups=[group], columns=self.columns):
                lo, hi = max(self.start - row, 0), min(self.stop - row, batch.num_rows)
                if lo < hi:
                    yield from self.of_batch(batch.slice(lo, hi - lo), row + lo)
                row += batch.num_rows
        except (OSError, ValueError, pa.ArrowException) as exc:
            reason = f"Parquet row group {group} cannot be read: {type(exc).__name__}: {exc}"
            for n in range(max(row, self.start), min(end, self.stop)):
                yield Document(f"{self.path.name}:{n}", self.name, n, reject=reason)

    def of_batch(self, batch: pa.RecordBatch, first: int) -> Iterator[Document]:
        over = _oversize(batch, self.max_bytes)
        records = batch.filter(pa.array([r is None for r in over])).to_pylist() if any(over) else batch.to_pylist()
        kept = iter(records)
        for n, reason in enumerate(over):
            if reason is not None:
                yield Document(f"{self.path.name}:{first + n}", self.name, first + n, reject=reason)
            else:
                record = {k: _plain(v) for k, v in next(kept).items()}
                yield record_document(record, self.path, self.name, first + n, self.fields)


def _oversize(batch: pa.RecordBatch, limit: Optional[int]) -> List[Optional[str]]:
    """For each row of ``batch``: why it is over ``limit`` (a cell over it, or all its cells
    over a JSON line's bound), else None. Measured on Arrow's buffers, nothing copied."""
    if limit is None:
        return [None] * batch.num_rows
    lengths = [pc.fill_null(pc.binary_length(column), 0) for column in batch.columns
               if pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
               or pa.types.is_binary(column.type) or pa.types.is_large_binary(column.type)]
    if not lengths:
        return [None] * batch.num_rows
    biggest = functools.reduce(pc.max_element_wise, lengths).to_pylist()
    total = functools.reduce(pc.add, lengths).to_pylist()
    row_limit = JSON_LINE_FACTOR * limit + READ_BLOCK  # a JSON line's bound
    return [oversize(limit, "a Parquet cell over") if big > limit
            else oversize(row_limit, "a Parquet row over") if all_ > row_limit else None
            for big, all_ in zip(biggest, total)]
