"""dolma attributes beside the shards (``cleaner corpus --attributes``).

dolma keeps a corpus as ``documents/`` and, for each tagger's output,
``attributes/<name>/``, file for file and line for line: a mixer reads both
and keeps or cuts text by the spans and their scores. Here ``documents/``
holds the text the cleaner's passes were handed (a text input as decoded,
the extracted text of an HTML page) and ``attributes/<name>/`` where each
rule acted in it (:mod:`cleaner.spans`), one line per record of the shard,
in the shard's order: applying every span to a document's text gives the
record's clean ``text``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict

from .shardfiles import json_line, text_writer


def attribute_paths(out: Path, shard_id: str, name: str) -> Dict[str, Path]:
    """dolma's layout: documents/ holds the text the spans index, attributes/<name>/ the
    spans, file for file and line for line (the shard's records in the same order)."""
    return {"documents": out / "documents" / f"{shard_id}.jsonl.gz",
            "attributes": out / "attributes" / name / f"{shard_id}.jsonl.gz"}


class AttributesWriter:
    """The writers of a shard's documents/ and attributes/ files (--attributes)."""

    def __init__(self, tmp: Dict[str, Path]) -> None:
        self._documents, _ = text_writer(tmp["documents"], True)
        self._attributes, _ = text_writer(tmp["attributes"], True)

    def write(self, record: dict, article) -> None:
        doc = {key: record[key] for key in ("id", "source", "added", "created")}
        meta = {key: record["metadata"][key] for key in ("kind", "path", "offset")}
        self._documents.write(json_line({"id": doc["id"], "text": article.source_text, **doc, "metadata": meta}))
        self._attributes.write(json_line({"id": doc["id"], "source": doc["source"],
                                       "attributes": article.attributes()}))

    def close(self) -> None:
        self._documents.close()
        self._attributes.close()
