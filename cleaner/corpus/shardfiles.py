"""A shard's files: where they go, the writers of records (JSON lines, Parquet, .txt
files), and the temporary names they are written under until the shard is done.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import shutil
from pathlib import Path
from typing import Dict, Iterator

from ..fileio import ERRORS as _ERRORS
from ..fileio import tmp_path as _tmp
from ..fileio import unlink_missing_ok as _unlink
from .dedup import signature_record
from .options import RunOptions
from .reading import Document, safe_name


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


def discard_partial(out: Path, shard_id: str, options: RunOptions) -> None:
    """Remove the temporary files of a shard that did not finish (its worker was
    killed, the run interrupted); its finished files, if any, stay as they were."""
    paths = shard_paths(out, shard_id, options)
    for key, path in paths.items():
        if key != "txt":
            _unlink(_tmp(path))
    shutil.rmtree(_tmp(paths["txt"] / shard_id), ignore_errors=True)


def text_writer(path: Path, compress: bool):
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = open(path, "wb")
    if compress:  # mtime 0 and no name: the same records give the same bytes
        return io.TextIOWrapper(gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0), encoding="utf-8",
                                errors=_ERRORS), raw
    return io.TextIOWrapper(raw, encoding="utf-8", errors=_ERRORS), raw


class _JsonlRecords:
    """The writer of a shard's records as JSON lines (see :func:`records_writer`)."""

    def __init__(self, path: Path, compress: bool) -> None:
        self._text, _ = text_writer(path, compress)

    def write(self, record: dict) -> None:
        self._text.write(json_line(record))

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


def json_line(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False, separators=(",", ":")) + "\n"


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


class ShardOutput:
    """A shard's files under their temporary names while it runs (:func:`~cleaner.corpus.shard.run_shard`);
    :meth:`commit` renames them into place, all at once, when the shard is done."""

    def __init__(self, out: Path, shard_id: str, options: RunOptions) -> None:
        self.shard_id, self.dedup = shard_id, options.dedup
        self.paths = shard_paths(out, shard_id, options)
        self.tmp = {k: _tmp(self.paths[k]) for k in SHARD_FILES}
        self.records = records_writer(self.tmp["records"], options)
        self.rejects, _ = text_writer(self.tmp["rejects"], False)
        self.signatures, _ = text_writer(self.tmp["signatures"], False)
        self.txt = _TxtFolder(self.paths["txt"] / shard_id) if options.fmt == "txt" else None
        self.tmp.update({k: _tmp(self.paths[k]) for k in ATTRIBUTE_FILES if k in self.paths})
        self.spans = _attributes_writer(self.tmp) if options.attributes else None

    def reject(self, doc: Document, reason: str) -> None:
        self.rejects.write(json_line({"id": doc.id, "path": doc.path, "offset": doc.offset,
                                      "shard": self.shard_id, "reason": reason}))

    def write(self, doc: Document, article, record: dict) -> None:
        """A cleaned document: its record (or its .txt file), its spans, its signature."""
        if self.txt is not None:
            self.records.write({"id": doc.id, "file": self.txt.add(doc.id, article.text, json_line(record))})
        else:
            self.records.write(record)
        if self.spans is not None:
            self.spans.write(record, article)
        if self.dedup:
            self.signatures.write(json_line(signature_record(doc.id, article.text)))

    def close(self) -> None:
        for f in (self.records, self.rejects, self.signatures, self.spans):
            if f is not None:
                f.close()

    def commit_texts(self) -> None:
        """Put the .txt folder in place of the previous run's (``--format txt``)."""
        if self.txt is not None:
            self.txt.commit()

    def commit(self, stats: dict) -> None:
        """Write the shard's stats, then rename every file into place."""
        self.tmp["stats"].parent.mkdir(parents=True, exist_ok=True)
        self.tmp["stats"].write_text(json.dumps(stats, sort_keys=True), encoding="utf-8")
        _unlink(self.paths["flags"])  # the new records carry no duplicate flags (yet)
        for key, path in self.tmp.items():
            os.replace(path, self.paths[key])
