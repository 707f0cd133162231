"""The corpus runner under faults: signals, dead drivers, output errors, races.

These tests run the CLI in real child processes and send real signals; an
output error is injected (the machine may not allow a small tmpfs, and a
read-only folder does not stop root) by a wrapper that patches a write call
before the CLI starts, so the driver and its forked workers share the fault.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus_inputs import cli_corpus, done_shards, fixture_texts, numbered_stories

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; Linux signals")


def children(pid: int) -> list:
    """The pids whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def outputs(out: Path) -> dict:
    """Every output file that must be reproducible, by relative name."""
    files = sorted(p for p in out.rglob("*") if p.is_file() and ".work" not in p.parts
                   and p.name not in ("stats.json", "report.html", "manifest.jsonl"))
    return {str(p.relative_to(out)): p.read_bytes() for p in files}


@pytest.fixture(scope="module")
def stories(tmp_path_factory):
    """A folder of 240 single-article files (24 shards of 10) and an uninterrupted run's outputs."""
    root = tmp_path_factory.mktemp("faults")
    src = numbered_stories(root / "in", 240, fixture_texts(40))
    reference = root / "ref"
    proc = cli_corpus([src, "-o", reference, "-j", "2", "--shard-size", "10"])
    assert proc.wait() == 0, proc.stderr.read().decode()
    return src, outputs(reference)


def _start(src: Path, out: Path, **kw) -> subprocess.Popen:
    proc = cli_corpus([src, "-o", out, "-j", "2", "--shard-size", "10"], start_new_session=True, **kw)
    assert wait_for(lambda: done_shards(out) >= 2 or proc.poll() is not None)
    assert proc.poll() is None, "the run finished before the signal: the test proves nothing"
    return proc


def _resume_gives_the_reference(src: Path, out: Path, reference: dict) -> None:
    assert done_shards(out) < 24
    proc = cli_corpus([src, "-o", out, "-j", "2", "--shard-size", "10"])
    assert proc.wait() == 0, proc.stderr.read().decode()
    assert outputs(out) == reference


def test_workers_die_when_the_driver_is_killed_9(stories, tmp_path):
    src, reference = stories
    out = tmp_path / "out"
    proc = _start(src, out)
    workers = children(proc.pid)
    assert len(workers) == 2
    proc.send_signal(signal.SIGKILL)  # the driver alone, as the OOM killer would
    proc.wait()
    survivors = [pid for pid in workers if not wait_for(lambda: not alive(pid), 10)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert survivors == [], "workers outlived their driver"
    _resume_gives_the_reference(src, out, reference)


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_and_ctrl_c_end_the_run_cleanly(stories, tmp_path, signum, code):
    src, reference = stories
    out = tmp_path / "out"
    proc = _start(src, out)
    workers = children(proc.pid)
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signum)  # Ctrl-C: the terminal signals the whole process group
    else:
        proc.send_signal(signum)  # `kill PID`, `timeout`, a container stop: the driver alone
    try:
        assert proc.wait(30) == code
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    stderr = proc.stderr.read().decode()
    assert "Traceback" not in stderr, stderr
    assert "rerun" in stderr and "resume" in stderr, stderr
    assert all(wait_for(lambda: not alive(pid), 10) for pid in workers), "workers outlived their driver"
    assert not list((out / "shards").glob("*.tmp"))
    for shard in (out / "shards").iterdir():  # every finished shard is whole
        assert all(json.loads(line)["text"] for line in shard.read_text().splitlines())
    _resume_gives_the_reference(src, out, reference)


def _shard_ids(src: Path) -> list:
    from cleaner.corpus import plan_shards

    return [s.id for s in plan_shards([src], 10)]


def _no_document_blamed(out: Path) -> None:
    for path in (out / ".work" / "rejects").glob("*.jsonl"):
        assert "worker crashed" not in path.read_text()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("workers", ["0", "2"])
def test_a_full_disk_stops_the_run_with_one_message(stories, tmp_path, workers):
    """A real ENOSPC: the temporary file of the fifth shard is a link to /dev/full."""
    src, reference = stories
    out = tmp_path / "out"
    (out / "shards").mkdir(parents=True)
    os.symlink("/dev/full", out / "shards" / f"{_shard_ids(src)[4]}.jsonl.tmp")
    proc = cli_corpus([src, "-o", out, "-j", workers, "--shard-size", "10"])
    assert proc.wait(120) == 1
    stderr = proc.stderr.read().decode()
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("cleaner:")]
    assert len(lines) == 1 and "No space left on device" in lines[0] and "rerun" in lines[0], stderr
    assert str(out) in lines[0]
    _no_document_blamed(out)
    assert not list((out / "shards").glob("*.tmp"))
    for shard in (out / "shards").iterdir():  # the finished shards are whole
        assert all(json.loads(line)["text"] for line in shard.read_text().splitlines())
    _resume_gives_the_reference(src, out, reference)
    assert (out / "rejects.jsonl").read_text() == ""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_while_finishing_stops_with_one_message(stories, tmp_path):
    src, reference = stories
    out = tmp_path / "out"
    out.mkdir()
    os.symlink("/dev/full", out / "stats.json.tmp")
    proc = cli_corpus([src, "-o", out, "-j", "2", "--shard-size", "10"])
    assert proc.wait(120) == 1
    stderr = proc.stderr.read().decode()
    assert "Traceback" not in stderr and "No space left on device" in stderr, stderr
    assert not (out / "stats.json.tmp").exists()
    proc = cli_corpus([src, "-o", out, "-j", "2", "--shard-size", "10"])
    assert proc.wait() == 0, proc.stderr.read().decode()
    assert outputs(out) == reference
