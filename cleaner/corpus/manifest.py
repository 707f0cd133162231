"""Resume: the manifest of finished shards, each keyed by what its output depends on."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

from ..config import Config
from .options import RunOptions
from .reading import Shard


class Manifest:
    """Append-only record of finished shards; a line is written after the rename.

    Each line carries the shard's key (:func:`shard_key`): a shard counts as done
    only when it was finished from the same inputs with the same settings, so a
    file added to a folder, a changed file or another configuration is cleaned
    again on a rerun instead of being skipped.
    """

    def __init__(self, path: Path, publish: Optional[Callable[[str], None]] = None,
                 keys: Optional[Dict[str, str]] = None) -> None:
        self.path = path
        self.publish = publish  # uploads a shard's files, then the manifest (remote outputs)
        self.keys: Dict[str, str] = keys or {}  # shard id -> key of this run's shard
        self.done: Dict[str, dict] = {}
        self.added = ""  # the time of the run that made the output (RunOptions.added), kept in each entry
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue  # a line cut by a kill: that shard is simply redone
                self.done[entry["shard"]] = entry
                self.added = self.added or entry.get("added", "")

    def pending(self, shards: Sequence[Shard]) -> List[Shard]:
        """The shards not finished by a run of the same inputs and settings."""
        return [s for s in shards
                if s.id not in self.done or self.done[s.id].get("key", "") != self.keys.get(s.id, "")]

    def mark(self, shard_id: str, stats: dict) -> None:
        entry = {"shard": shard_id, "records": stats["records"], "rejects": stats["rejects"],
                 "key": self.keys.get(shard_id, ""), "added": self.added}
        if self.publish:
            self.publish(shard_id)
        with open(self.path, "a+b") as f:
            f.seek(0, os.SEEK_END)
            if f.tell():  # a line cut by a kill is ended first, so that this one stands alone
                f.seek(-1, os.SEEK_END)
                if f.read(1) != b"\n":
                    f.write(b"\n")
            f.write(json.dumps(entry).encode("utf-8") + b"\n")
            f.flush()
            os.fsync(f.fileno())
        if self.publish:
            self.publish("")
        self.done[shard_id] = entry


def shard_key(shard: Shard, config: Config, options: RunOptions) -> str:
    """What a shard's output depends on: its inputs (paths, record range, and the size
    and modification time of local files), the configuration and the run options."""
    from .. import __version__

    stamps = []
    for name in shard.paths:
        try:
            info = os.stat(name)
            stamps.append([info.st_size, info.st_mtime_ns])
        except (OSError, ValueError):  # a remote URL: its name and range only
            stamps.append(None)
    text = json.dumps([__version__, shard.to_dict(), stamps, repr(config), repr(options)], default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
