"""Files written whole or not at all: a temporary name beside the file, renamed into place.

Low level on purpose (it imports nothing of the cleaner): the corpus runner's shard
files and the site rule files of ``cleaner learn-sites`` are written through it.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

# A lone surrogate (an id read from JSON as "\ud800") is written as the JSON
# escape it came from, so the line stays valid JSON and the record is kept.
ERRORS = "backslashreplace"


def tmp_path(path: Path) -> Path:
    """The temporary name of ``path`` while it is written."""
    return path.with_name(path.name + ".tmp")


def unlink_missing_ok(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


@contextlib.contextmanager
def renamed_into_place(path: Path):
    """A temporary name beside ``path``, renamed to ``path`` when the block ends: a
    kill at any moment leaves the old file or the new one, never a part of either.
    On an error the temporary file is removed."""
    tmp = tmp_path(path)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        unlink_missing_ok(tmp)
        raise


@contextlib.contextmanager
def atomic_writer(path: Path):
    """A text file to write to ``path`` through :func:`renamed_into_place`."""
    with renamed_into_place(path) as tmp, open(tmp, "w", encoding="utf-8", errors=ERRORS) as f:
        yield f


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through :func:`atomic_writer`."""
    with atomic_writer(path) as f:
        f.write(text)
