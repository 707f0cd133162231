"""Which files a corpus run reads: the inputs as given, walked and checked.

Every entry met while walking an input folder ends in one of three places:

- an input file, read by the run (listed once, however many ways lead to it);
- a reject record, with its reason, counted among the run's inputs: what looks
  like an input but cannot be one (a dangling symbolic link, a FIFO, a socket
  or a device, a link out of the input folder, a folder that cannot be read);
- the stats' ``skipped`` count, with a few examples: what is not an input
  (a file of an unknown extension, a file already listed, a link to a folder
  read where it is, the output folder of an earlier run).

Nothing is opened here: a FIFO is known by ``stat`` and never blocks the run.
Symbolic links are followed only inside the input folder, unless the run
says ``follow_links`` (then links to folders are walked too, each folder once).
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set, Tuple, Union

from ..errors import UsageError
from .reading import input_format
from .storage import is_remote, list_inputs, local_path, relative_name

EXAMPLES = 5  # skipped entries named in the stats, per reason

UNKNOWN = "unknown extension"
TWICE = "listed twice"
FOLDER_LINK = "symbolic link to a folder inside the input, read where it is"
RUN_OUTPUT = "output folder of a corpus run"
NOT_REGULAR = "not a regular file"
DANGLING = "dangling symbolic link"
OUTSIDE = "symbolic link out of the input folder"
UNREADABLE = "unreadable folder"

_KINDS = ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
          (stat.S_ISBLK, "block device"))


@dataclass
class Listing:
    """The inputs of a run: per input as given, its files and the root their ids are relative to."""

    tops: List[Tuple[str, List[str], str]] = field(default_factory=list)
    refused: List[dict] = field(default_factory=list)      # reject records, in listing order
    skipped: Dict[str, dict] = field(default_factory=dict)  # reason -> {"count", "examples"}
    files_seen: Set[str] = field(default_factory=set, repr=False)   # real paths of the local files listed
    places_seen: Set[str] = field(default_factory=set, repr=False)  # entries met: real folder + name, or URL

    def first_time(self, path: Union[str, Path]) -> bool:
        """False for an entry met before (the same input given twice, or a folder and a file in it)."""
        place = os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(path))), os.path.basename(path))
        if place in self.places_seen:
            self.skip(str(path), TWICE)
            return False
        self.places_seen.add(place)
        return True

    def refuse(self, path: str, root: str, reason: str) -> None:
        self.refused.append({"id": relative_name(path, root), "path": path, "offset": 0, "shard": None,
                             "reason": reason})

    def skip(self, path: str, reason: str) -> None:
        entry = self.skipped.setdefault(reason, {"count": 0, "examples": []})
        entry["count"] += 1
        if len(entry["examples"]) < EXAMPLES:
            entry["examples"].append(path)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_apart(inputs: Sequence[Union[str, Path]], out: Union[str, Path]) -> None:
    """Refuse an output folder that is, or is inside, an input folder (the next run would
    read its own outputs back), and an input inside the output folder (the run rewrites it)."""
    if is_remote(out):
        target = str(out).rstrip("/") + "/"
        for top in inputs:
            if is_remote(top):
                here = str(top).rstrip("/") + "/"
                if target.startswith(here) or here.startswith(target):
                    raise UsageError(f"the output {out} and the input {top} overlap: "
                                     "give an output folder apart from every input")
        return
    target = local_path(out).resolve()
    for top in inputs:
        if is_remote(top):
            continue
        here = local_path(top).resolve()
        if _inside(target, here):
            raise UsageError(f"the output folder {out} is inside the input folder {top}, so a rerun would read "
                             "its outputs as inputs: give an output folder outside every input")
        if _inside(here, target):
            raise UsageError(f"the input {top} is inside the output folder {out}, which the run rewrites: "
                             "give an output folder apart from every input")


def list_corpus(inputs: Sequence[Union[str, Path]], follow_links: bool = False) -> Listing:
    """List the inputs: files in a fixed order, each file once over all inputs."""
    listing = Listing()
    for top in inputs:
        if is_remote(top):
            files, root = _remote_files(str(top), listing)
        else:
            files, root = _local_files(local_path(top), follow_links, listing)
        listing.tops.append((str(top), files, root))
    return listing


def _remote_files(url: str, listing: Listing) -> Tuple[List[str], str]:
    every, root = list_inputs(url, lambda _: True)
    files = []
    for path in every:
        if path in listing.places_seen:  # a URL has no links: its place is the file
            listing.skip(path, TWICE)
            continue
        listing.places_seen.add(path)
        if input_format(Path(path)) is None:
            _not_an_input(path, len(every) == 1 and path.rstrip("/") == url.rstrip("/"), listing)
        else:
            files.append(path)
    return files, root


def _not_an_input(path: str, named: bool, listing: Listing) -> None:
    """A file of an unknown extension: skipped in a folder, an error when named itself."""
    if named:
        raise ValueError("not a supported input (.txt, .html, .htm, .jsonl, .warc, optionally .gz; .parquet): "
                         f"{path}")
    listing.skip(path, UNKNOWN)


def _local_files(top: Path, follow_links: bool, listing: Listing) -> Tuple[List[str], str]:
    if not top.exists():
        raise FileNotFoundError(f"input does not exist: {top}")
    if not top.is_dir():  # a file named itself: links followed, as the user asked for it
        candidates = [(str(top), os.path.realpath(top), False)] if listing.first_time(top) else []
        root = str(top.parent)
    else:
        candidates = []
        root = str(top)
        _walk(top, top.resolve(), follow_links, set(), candidates, listing)
    files = []
    # Real files before links to them, then by name: which of two ways to a file is kept is fixed.
    for path, real, via_link in sorted(candidates, key=lambda c: (c[2], c[0])):
        kind = _special_kind(real)
        if kind:
            listing.refuse(path, root, f"{NOT_REGULAR}: {kind}")
        elif input_format(Path(path)) is None:
            _not_an_input(path, not top.is_dir(), listing)
        elif real in listing.files_seen:
            listing.skip(path, TWICE)
        else:
            listing.files_seen.add(real)
            files.append(path)
    files.sort()
    return files, root


def _special_kind(path: str) -> Optional[str]:
    """'FIFO', 'socket', ... for what is no regular file (by stat: nothing is opened)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return f"cannot stat: {exc.strerror}"
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a file")


def _is_run_output(folder: Path) -> bool:
    """The output folder of an earlier corpus run (its manifest beside its shards or work files)."""
    return (folder / "manifest.jsonl").is_file() and ((folder / "shards").is_dir() or (folder / ".work").is_dir())


def _walk(folder: Path, root: Path, follow_links: bool, walked: Set[str],
          candidates: List[Tuple[str, str, bool]], listing: Listing) -> None:
    """Collect (path, real path, reached by a link) below ``folder``; refuse or skip the rest.
    ``walked``: the real paths of the folders walked, so that no folder is walked twice."""
    walked.add(os.path.realpath(folder))
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        listing.refuse(str(folder), str(root), f"{UNREADABLE}: {type(exc).__name__}: {exc.strerror}")
        return
    for entry in entries:
        path = Path(entry.path)
        if not listing.first_time(path):
            continue
        link = entry.is_symlink()
        real = Path(os.path.realpath(path))
        if link and not os.path.exists(real):
            listing.refuse(str(path), str(root), f"{DANGLING}: {os.readlink(path)} does not exist")
        elif link and not follow_links and not _inside(real, root):
            listing.refuse(str(path), str(root), f"{OUTSIDE}: it points to {real} (--follow-links reads it)")
        elif not real.is_dir():
            candidates.append((str(path), str(real), link))
        elif link and not follow_links:
            listing.skip(str(path), FOLDER_LINK)
        elif str(real) in walked:
            listing.skip(str(path), TWICE)  # reached before by a link, or a link back up
        elif _is_run_output(path):
            listing.skip(str(path), RUN_OUTPUT)
        else:
            _walk(path, root, follow_links, walked, candidates, listing)
