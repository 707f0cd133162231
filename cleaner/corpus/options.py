"""The options of a corpus run besides the Cleaner's Config, and the run's time."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import asdict, dataclass, field

from .reading import FieldNames


@dataclass(frozen=True)
class RunOptions:
    """Everything a shard needs besides the Cleaner; picklable for workers."""

    source: str = "corpus"               # the collection name in each record
    fmt: str = "jsonl"                   # "jsonl" or "parquet" shards, or "txt" files with .json sidecars
    compress: bool = False               # gzip the JSONL shards
    time_limit: float = 60.0             # seconds per document; 0 = none
    max_bytes: int = 20 * 1024 * 1024    # per document
    fields: FieldNames = field(default_factory=FieldNames)
    audit: bool = True                   # keep each record's removals in its metadata
    dedup: bool = True
    kind: str = "auto"
    site_boilerplate: bool = False        # learn each site's repeated lines first (sitelearn.py), then remove them
    site_rules_digest: str = ""           # of the learned site rules phase 2 cleans with (set by the runner)
    added: str = ""                      # the run's time, each record's "added": run_corpus sets it once
    attributes: str = ""                 # dolma attributes under attributes/<this name>/ ("" = none)

    def to_dict(self) -> dict:
        return asdict(self)


def run_time() -> str:
    """Now, as dolma writes ``added``: see :func:`iso_time`. ``SOURCE_DATE_EPOCH`` (seconds),
    when set, stands for now: outputs made again are the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return iso_time(dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit()
                    else dt.datetime.now(dt.timezone.utc))


def iso_time(when: dt.datetime) -> str:
    """ISO 8601 in UTC with milliseconds, as dolma writes its times.

    >>> iso_time(dt.datetime.fromtimestamp(1700000000, dt.timezone.utc))
    '2023-11-14T22:13:20.000Z'
    """
    return when.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
