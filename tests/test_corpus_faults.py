"""The corpus runner under faults: signals, dead drivers, output errors, races.

These tests run the CLI in real child processes and send real signals; an
output error is injected (the machine may not allow a small tmpfs, and a
read-only folder does not stop root) by a wrapper that patches a write call
before the CLI starts, so the driver and its forked workers share the fault.
"""
from __future__ import annotations

import json
import os
import shutil
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


# ---- outputs that a rerun rewrites: names, duplicate flags, formats ----

def _records(out: Path) -> list:
    from cleaner.corpus.shard import read_records

    return [r for shard in sorted((out / "shards").iterdir()) for r in read_records(shard)]


def _jsonl(path: Path, rows: list) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_txt_file_names_are_unique_by_construction(tmp_path):
    from cleaner.corpus import RunOptions, run_corpus

    texts = fixture_texts(3)
    src = _jsonl(tmp_path / "in.jsonl", [{"id": i, "text": t} for i, t in zip(["a#2", "a", "a"], texts)])
    out = tmp_path / "out"
    stats = run_corpus([src], out, options=RunOptions(fmt="txt"), workers=0)
    assert stats["records"] == 3
    index = _records(out)
    assert len({r["file"] for r in index}) == 3
    for line, entry in enumerate(index):  # each file holds its own document
        sidecar = json.loads((out / entry["file"]).with_suffix(".json").read_text())
        assert sidecar["metadata"]["offset"] == line and sidecar["id"] == entry["id"]
        assert (out / entry["file"]).read_text() == sidecar["text"] + "\n"
    assert len(list((out / "txt").rglob("*.txt"))) == 3


def test_duplicate_flags_follow_records_not_ids(tmp_path):
    from cleaner.corpus import run_corpus

    x, y = fixture_texts(2)
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "0", "text": x}, {"id": "1", "text": x}, {"id": "1", "text": y}])
    stats = run_corpus([src], tmp_path / "out", workers=0)
    flags = [(r["metadata"].get("exact_duplicate_of"), r["metadata"].get("near_duplicate_cluster"))
             for r in _records(tmp_path / "out")]
    assert flags == [(None, "0"), ("0", "0"), (None, None)]
    assert stats["exact_duplicates"] == 1 and stats["near_duplicate_clusters"] == 1


def test_an_input_given_twice_is_read_once(tmp_path):
    from cleaner.corpus import run_corpus

    src = numbered_stories(tmp_path / "in", 6, fixture_texts(6))
    once = run_corpus([src], tmp_path / "once", workers=0, shard_size=4)
    twice = run_corpus([src, src, src / "a001.txt", tmp_path / "in" / ".." / "in"], tmp_path / "twice", workers=0,
                       shard_size=4)
    assert twice["inputs"] == once["inputs"] == twice["records"] == 6
    assert twice["exact_duplicates"] == 0 and twice["chars_in"] == once["chars_in"]
    assert outputs(tmp_path / "twice") == outputs(tmp_path / "once")


FORMATS = ("jsonl", "gzip", "txt", "parquet")


def _options(fmt: str):
    from cleaner.corpus import RunOptions

    return RunOptions(fmt={"gzip": "jsonl"}.get(fmt, fmt), compress=fmt == "gzip")


@pytest.mark.parametrize("fmt", ["jsonl", "txt", "parquet"])
def test_a_rerun_with_fewer_inputs_drops_stale_duplicate_flags(tmp_path, fmt):
    from cleaner.corpus import run_corpus

    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    texts = fixture_texts(3)
    first = _jsonl(tmp_path / "in" / "first.jsonl", [{"id": f"f{i}", "text": t} for i, t in enumerate(texts)])
    second = _jsonl(tmp_path / "in" / "second.jsonl", [{"id": "s0", "text": texts[1]}])
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    assert run_corpus([first, second], out, options=_options(fmt), workers=0)["exact_duplicates"] == 1
    stats = run_corpus([first], out, options=_options(fmt), workers=0)
    assert stats["exact_duplicates"] == stats["near_duplicate_clusters"] == 0
    run_corpus([first], fresh, options=_options(fmt), workers=0)
    assert outputs(out) == outputs(fresh)


@pytest.fixture(scope="module")
def small_folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("formats")
    texts = fixture_texts(5)
    return numbered_stories(root / "in", 5, texts[:4] + [texts[0]])  # one duplicate: flags are rewritten too


@pytest.mark.parametrize("before, after", [(b, a) for b in FORMATS for a in FORMATS if b != a])
def test_switching_the_format_leaves_one_formats_outputs(small_folder, tmp_path, before, after):
    from cleaner.corpus import run_corpus

    if "parquet" in (before, after):
        pytest.importorskip("pyarrow")
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    run_corpus([small_folder], out, options=_options(before), workers=0, shard_size=2)
    stats = run_corpus([small_folder], out, options=_options(after), workers=0, shard_size=2)
    assert stats["inputs"] == stats["records"] == 5
    run_corpus([small_folder], fresh, options=_options(after), workers=0, shard_size=2)
    assert outputs(out) == outputs(fresh)


def test_a_txt_shard_cleaned_again_keeps_no_file_of_its_previous_run(tmp_path):
    from cleaner.corpus import RunOptions, run_corpus

    texts = fixture_texts(4)
    src = _jsonl(tmp_path / "in.jsonl", [{"id": f"old{i}", "text": t} for i, t in enumerate(texts)])
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    run_corpus([src], out, options=RunOptions(fmt="txt"), workers=0)
    _jsonl(src, [{"id": "new", "text": texts[0]}])  # the file changed: its shard is cleaned again
    run_corpus([src], out, options=RunOptions(fmt="txt"), workers=0)
    run_corpus([src], fresh, options=RunOptions(fmt="txt"), workers=0)
    assert outputs(out) == outputs(fresh)
    assert len(list((out / "txt").rglob("*.txt"))) == 1


def _killed_while_writing(args, limit: int) -> subprocess.Popen:
    """`cleaner corpus ARGS` killed by the kernel (SIGXFSZ) as soon as it writes a file past
    ``limit`` bytes: a kill in the middle of a write, at a place fixed by the sizes."""
    code = ("import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_DFL); "
            f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); "
            "from cleaner.cli import main; sys.exit(main(sys.argv[1:]))")
    return subprocess.Popen([sys.executable, "-c", code, "corpus", *map(str, args), "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_a_kill_while_finishing_never_breaks_the_next_run(tmp_path):
    """With --format txt finalize rewrites the flagged sidecars, rejects.jsonl, stats.json
    and report.html; a run is killed inside each kind of write in turn (the kernel's SIGXFSZ
    at a file-size limit), and every rerun ends well with the bytes of a run never killed."""
    src = numbered_stories(tmp_path / "in", 24, fixture_texts(8))  # each text 3 times: near duplicates
    args = [src, "-o", tmp_path / "out", "-j", "0", "--shard-size", "6", "--format", "txt"]
    assert cli_corpus(args).wait() == 0
    reference = outputs(tmp_path / "out")
    sizes = sorted(p.stat().st_size for p in (tmp_path / "out").rglob("*") if p.is_file())
    for limit in (300, sizes[len(sizes) // 2], sizes[-1] - 100):
        # the state a kill leaves after a shard's flags were rewritten but not yet recorded:
        # the next finalize rewrites every flagged file
        shutil.rmtree(tmp_path / "out" / ".work" / "flags", ignore_errors=True)
        proc = _killed_while_writing(args, limit)
        assert proc.wait(120) == -signal.SIGXFSZ, proc.stderr.read().decode()[-2000:]
        proc = cli_corpus(args)
        assert proc.wait() == 0, proc.stderr.read().decode()[-2000:]
        assert outputs(tmp_path / "out") == reference


# ---- a run whose every document fails the same way stops early ----

def _cli_with(setup: str, args) -> subprocess.Popen:
    """`cleaner corpus ARGS` after the Python statements ``setup`` (a broken install)."""
    code = f"import sys; {setup}; from cleaner.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.Popen([sys.executable, "-c", code, "corpus", *map(str, args), "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _exit_code(proc: subprocess.Popen, seconds: float) -> int:
    """The process's exit code; a process still running after ``seconds`` is killed."""
    try:
        return proc.wait(seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise


def _rejects_written(out: Path) -> int:
    found = [line for path in (out / ".work" / "rejects").glob("*.jsonl") for line in path.read_text().splitlines()]
    if (out / "rejects.jsonl").exists():
        found += (out / "rejects.jsonl").read_text().splitlines()
    return len(found)


@pytest.mark.parametrize("workers", ["0", "2"])
def test_a_missing_dependency_stops_the_run_with_its_reason(stories, tmp_path, workers):
    src, _ = stories
    out = tmp_path / "out"
    proc = _cli_with("sys.modules['langdetect'] = sys.modules['langdetect.detector'] = None",
                     [src, "-o", out, "-j", workers, "--shard-size", "10"])
    assert _exit_code(proc, 300) == 4
    stderr = proc.stderr.read().decode()
    assert "Traceback" not in stderr, stderr[-3000:]
    lines = [line for line in stderr.splitlines() if line.startswith("cleaner:")]
    assert len(lines) == 1 and "ModuleNotFoundError" in lines[0] and "langdetect" in lines[0], stderr[-3000:]
    assert _rejects_written(out) < 60  # of 240 documents


def test_workers_that_crash_on_every_document_stop_the_run(stories, tmp_path):
    src, _ = stories
    out = tmp_path / "out"
    crash = ("import os, signal; from cleaner.pipeline import Cleaner; "
             "Cleaner.clean = lambda self, *a, **k: os.kill(os.getpid(), signal.SIGSEGV)")
    started = time.monotonic()
    proc = _cli_with(crash, [src, "-o", out, "-j", "2", "--shard-size", "1"])  # each crash costs one shard
    assert _exit_code(proc, 300) == 4
    stderr = proc.stderr.read().decode()
    assert "Traceback" not in stderr, stderr[-3000:]
    lines = [line for line in stderr.splitlines() if line.startswith("cleaner:")]
    assert len(lines) == 1 and "worker crashed" in lines[0] and "SIGSEGV" in lines[0], stderr[-3000:]
    assert _rejects_written(out) < 60 and time.monotonic() - started < 240


def _as_a_user() -> list:
    """The command prefix that runs a process as a user whom file modes stop (root is not)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    pytest.skip("running as root without setpriv: a read-only folder stops nobody")


def test_a_read_only_output_folder_stops_the_run_with_one_message():
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="cleaner-ro-"))  # outside pytest's folder, which only root may enter
    try:
        os.chmod(root, 0o777)
        src = numbered_stories(root / "in", 12, fixture_texts(12))
        (root / "out" / "shards").mkdir(parents=True)
        for path in [root / "out", *root.rglob("*")]:
            os.chmod(path, 0o777 if path.is_dir() else 0o666)
        os.chmod(root / "out" / "shards", 0o555)
        cli = [*_as_a_user(), sys.executable, "-m", "cleaner", "corpus", str(src), "-o", str(root / "out"),
               "-j", "2", "--shard-size", "4", "--no-progress"]
        done = subprocess.run(cli, capture_output=True, text=True, timeout=300, cwd=Path(__file__).parent.parent)
        assert done.returncode == 1, done.stderr[-3000:]
        assert "Traceback" not in done.stderr and "Permission denied" in done.stderr, done.stderr[-3000:]
        assert len([line for line in done.stderr.splitlines() if line.startswith("cleaner:")]) == 1
        os.chmod(root / "out" / "shards", 0o777)
        done = subprocess.run(cli, capture_output=True, text=True, timeout=300, cwd=Path(__file__).parent.parent)
        assert done.returncode == 0, done.stderr[-3000:]
        assert json.loads((root / "out" / "stats.json").read_text())["records"] == 12
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_a_manifest_line_cut_by_a_kill_costs_one_shard_once(tmp_path):
    from cleaner.corpus import run_corpus

    src, out = numbered_stories(tmp_path / "in", 6, fixture_texts(6)), tmp_path / "out"
    run_corpus([src], out, workers=0, shard_size=2)
    manifest = out / "manifest.jsonl"
    lines = manifest.read_text().splitlines()
    manifest.write_text("\n".join(lines[:-1]) + "\n" + lines[-1][:20])  # killed inside the last write
    run_corpus([src], out, workers=0, shard_size=2)  # the cut shard is cleaned again...
    assert len(manifest.read_text().splitlines()) == 4
    before = manifest.read_text()
    run_corpus([src], out, workers=0, shard_size=2)  # ...once
    assert manifest.read_text() == before


def test_ctrl_c_while_learning_sites_ends_the_run_cleanly(stories, tmp_path):
    """--site-boilerplate's first phase runs a process pool of its own."""
    src, _ = stories
    out = tmp_path / "out"
    proc = cli_corpus([src, "-o", out, "-j", "2", "--shard-size", "10", "--site-boilerplate"],
                      start_new_session=True)
    sites = out / ".work" / "sites"
    assert wait_for(lambda: (sites.is_dir() and any(sites.iterdir())) or proc.poll() is not None)
    assert proc.poll() is None and not (out / "manifest.jsonl").exists(), "phase 1 ended before the signal"
    workers = children(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)
    assert _exit_code(proc, 60) == 130  # it hung for good
    stderr = proc.stderr.read().decode()
    assert "Traceback" not in stderr and "rerun" in stderr, stderr[-3000:]
    assert all(wait_for(lambda: not alive(pid), 10) for pid in workers), "workers outlived their driver"
