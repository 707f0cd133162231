"""The command line as a user meets it: in a terminal (a pseudo-terminal here)."""
from __future__ import annotations

import fcntl
import os
import pty
import shutil
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from corpus_inputs import fixture_texts
from test_corpus import outputs

ROOT = Path(__file__).resolve().parent.parent


def run_in_terminal(args, timeout: float = 120.0, env=None, size=(24, 100), command=None):
    """Run ``python -m cleaner ARGS`` (or ``command ARGS``) with stdin, stdout and stderr on a
    pseudo-terminal, as a shell in a terminal window does; return (exit code, everything it printed).
    ``size``: (rows, columns) of the terminal; (0, 0) is what `script` gives under a job runner."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *size, 0, 0))
    command = command or [sys.executable, "-m", "cleaner"]
    proc = subprocess.Popen([*command, *map(str, args)], stdin=slave, stdout=slave,
                            stderr=slave, cwd=ROOT, close_fds=True, start_new_session=True, env=env)
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: every holder of the terminal's other end has closed it
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        else:
            proc.kill()
            pytest.fail(f"cleaner {' '.join(map(str, args))} did not finish in {timeout:g} s in a terminal")
    finally:
        os.close(master)
    return proc.wait(10), b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    src = tmp_path_factory.mktemp("tty") / "in"
    src.mkdir()
    for i, text in enumerate(fixture_texts(6)):
        (src / f"a{i}.txt").write_text(text, encoding="utf-8")
    return src


@pytest.mark.parametrize("workers", [0, 1, 2])
def test_corpus_in_a_terminal_shows_a_progress_bar_and_finishes(folder, tmp_path, workers):
    shown = tmp_path / "bar"
    code, printed = run_in_terminal(["corpus", folder, "-o", shown, "-j", workers, "--shard-size", "2"])
    assert code == 0, printed
    assert "Traceback" not in printed
    assert "cleaning:" in printed and "6/6" in printed and "doc" in printed  # tqdm's bar, with its total
    quiet = tmp_path / "quiet"
    code, printed = run_in_terminal(["corpus", folder, "-o", quiet, "-j", workers, "--shard-size", "2",
                                     "--no-progress"])
    assert code == 0, printed
    assert "cleaning:" not in printed and '"inputs": 6' in printed
    assert outputs(shown) == outputs(quiet) and len([n for n in outputs(shown) if n.startswith("shards/")]) == 3


def test_a_terminal_of_no_size_still_gets_a_bar(folder, tmp_path):
    code, printed = run_in_terminal(["corpus", folder, "-o", tmp_path / "out", "-j", "0"], size=(0, 0))
    assert code == 0 and "Traceback" not in printed
    assert "cleaning: 100%" in printed and "6/6" in printed


def test_make_clean_corpus_in_a_terminal_finishes_and_shows_its_bar(folder, tmp_path):
    """`make clean-corpus`, the project's main job, as a new user types it in a terminal
    (IN and OUT pointed at a small folder; the venv this test runs in, when make built it)."""
    make = shutil.which("make")
    venv = Path(sys.prefix)
    if make is None:
        pytest.skip("no make on this machine")
    settings = [f"VENV={venv}", f"IN={folder}", f"OUT={tmp_path / 'out'}"]
    if subprocess.run([make, "-q", "-C", str(ROOT), "install", *settings], capture_output=True).returncode != 0:
        pytest.skip(f"{venv} is not an up-to-date venv of `make install` (make would build one)")
    code, printed = run_in_terminal(["-C", ROOT, "clean-corpus", *settings], command=[make])
    assert code == 0, printed
    assert "Traceback" not in printed and "Error" not in printed
    assert "cleaning:" in printed and "6/6" in printed and '"inputs": 6' in printed
    assert len([n for n in outputs(tmp_path / "out") if n.startswith("shards/")]) == 1
