"""Clean a folder of articles into JSONL, one record per input, rejects kept.

A plain loop over files: every input becomes a record in ``articles.jsonl`` or
a line with its reason in ``rejects.jsonl``; nothing is dropped silently.
"""
from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Dict, Iterable, Iterator, List

from .errors import CleanerError

SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}


def iter_inputs(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def clean_folder(inputs: List[Path], output: Path, cleaner, kind: str = "auto") -> Dict:
    output.mkdir(parents=True, exist_ok=True)
    added = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    stats = {"inputs": 0, "records": 0, "rejects": 0, "removed_counts": {}, "languages": {}}
    with open(output / "articles.jsonl", "w", encoding="utf-8") as records, \
            open(output / "rejects.jsonl", "w", encoding="utf-8") as rejects:
        for path in iter_inputs(inputs):
            stats["inputs"] += 1
            file_kind = kind if kind != "auto" else SUFFIXES.get(path.suffix.lower(), "auto")
            try:
                article = cleaner.clean(path.read_bytes(), kind=file_kind)
                reason = None if article.text.strip() else "empty after cleaning"
            except (CleanerError, OSError) as exc:
                reason = f"{type(exc).__name__}: {exc}"
            if reason:
                stats["rejects"] += 1
                rejects.write(json.dumps({"path": str(path), "reason": reason}, ensure_ascii=False) + "\n")
                continue
            stats["records"] += 1
            for rule, n in article.metadata["removed_counts"].items():
                stats["removed_counts"][rule] = stats["removed_counts"].get(rule, 0) + n
            lang = article.metadata["language"]
            stats["languages"][lang] = stats["languages"].get(lang, 0) + 1
            record = {
                "id": path.stem,
                "text": article.text,
                "source": path.parent.name or "corpus",
                "added": added,
                "metadata": {**article.metadata, "path": str(path),
                             "removed": [r.to_dict() for r in article.removed]},
            }
            records.write(json.dumps(record, ensure_ascii=False) + "\n")
    (output / "stats.json").write_text(json.dumps(stats, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return stats
