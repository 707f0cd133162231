"""Where corpus inputs and outputs live: local paths or fsspec URLs.

Local paths are used directly. A URL (``s3://``, ``gs://``, any fsspec
protocol except ``file://``) needs fsspec and that protocol's package
(s3fs, gcsfs, ...). Inputs at a URL are listed and read through fsspec, so
every node of a cluster reads them alike. An output at a URL is mirrored in a
local folder: pulled at the start (so that a rerun resumes), each shard's
files pushed before its manifest line, the run's results pushed at the end.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import BinaryIO, List, Tuple, Union

Location = Union[str, Path]


def is_remote(location: Location) -> bool:
    """True for an fsspec URL other than ``file://``."""
    text = str(location)
    return "://" in text and not text.startswith("file://")


def local_path(location: Location) -> Path:
    """A local path from a path or a ``file://`` URL."""
    text = str(location)
    return Path(text[len("file://"):]) if text.startswith("file://") else Path(text)


def _fs(url: str):
    import fsspec

    return fsspec.core.url_to_fs(url)


def _join(url: str, fs, path: str) -> str:
    protocol = url.split("://", 1)[0]
    return f"{protocol}://{path.lstrip('/')}" if protocol not in ("local",) else f"{protocol}://{path}"


def list_inputs(location: Location, is_input) -> Tuple[List[str], str]:
    """(input files below ``location``, the root their ids are relative to)."""
    if not is_remote(location):
        top = local_path(location)
        if top.is_dir():
            return [str(p) for p in sorted(p for p in top.rglob("*") if p.is_file() and is_input(p))], str(top)
        if top.exists():
            return [str(top)], str(top.parent)
        raise FileNotFoundError(f"input does not exist: {location}")
    url = str(location)
    fs, path = _fs(url)
    if fs.isdir(path):
        files = sorted(p for p in fs.find(path) if is_input(Path(p)))
        return [_join(url, fs, p) for p in files], url.rstrip("/")
    if fs.exists(path):
        return [url], url.rsplit("/", 1)[0]
    raise FileNotFoundError(f"input does not exist: {location}")


def open_input(path: str) -> BinaryIO:
    if not is_remote(path):
        return open(local_path(path), "rb")
    import fsspec

    return fsspec.open(path, "rb").open()


def modified(path: str) -> str:
    """The input's modification time as an ISO string ('' when unknown)."""
    if not is_remote(path):
        stamp = os.stat(local_path(path)).st_mtime
        return dt.datetime.fromtimestamp(stamp, dt.timezone.utc).isoformat(timespec="seconds")
    fs, p = _fs(path)
    info = fs.info(p)
    for key in ("mtime", "LastModified", "last_modified", "updated", "created"):
        value = info.get(key)
        if isinstance(value, (int, float)):
            return dt.datetime.fromtimestamp(value, dt.timezone.utc).isoformat(timespec="seconds")
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
        if isinstance(value, str) and value:
            return value
    return ""


def relative_name(path: str, root: str) -> str:
    """``path`` relative to ``root`` (both local paths or both URLs)."""
    if is_remote(path):
        return path[len(root):].lstrip("/") if path.startswith(root) else path.rsplit("/", 1)[-1]
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return Path(path).name


class Mirror:
    """A local folder that stands in for an output URL."""

    def __init__(self, url: str, local: Path) -> None:
        self.url = url.rstrip("/")
        self.local = local
        self.fs, self.root = _fs(self.url)
        self.root = self.root.rstrip("/")

    def pull(self) -> None:
        """Fetch what a previous run left at the URL: manifest, work files, shards."""
        if not self.fs.exists(self.root):
            return
        for remote in sorted(self.fs.find(self.root)):
            rel = remote[len(self.root):].lstrip("/")
            target = self.local / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            self.fs.get_file(remote, str(target))

    def push(self, paths) -> None:
        """Upload these local files (paths below the mirror) to the URL."""
        for path in paths:
            path = Path(path)
            if not path.is_file():
                continue
            target = f"{self.root}/{path.relative_to(self.local).as_posix()}"
            self.fs.makedirs(target.rsplit("/", 1)[0], exist_ok=True)
            self.fs.put_file(str(path), target)

    def push_all(self) -> None:
        self.push(sorted(p for p in self.local.rglob("*") if p.is_file() and not p.name.endswith(".tmp")))
