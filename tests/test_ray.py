"""The Ray engine: same bytes as the local engine, and a killed worker's shard is rerun.

Skipped when Ray is not installed (``pip install cleaner[ray]``).
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from cleaner import Config  # noqa: E402
from cleaner.corpus import FieldNames, RunOptions, plan_shards, run_corpus  # noqa: E402
from cleaner.corpus.ray_engine import clean_shard, run_ray  # noqa: E402
from corpus_inputs import build_mixed_corpus  # noqa: E402

FIELDS = FieldNames(id="doc_id", text="body", url="link")
OPTIONS = RunOptions(fields=FIELDS)
SHARD_SIZE = 5
CRASH_ENV = "CLEANER_TEST_CRASH_DIR"
CRASH_AFTER = 3   # documents a worker cleans before the armed crash
HANG = "HANG-IN-PYTHON"  # a document holding this sleeps in clean() until the alarm stops it


def crash_hook() -> None:
    """Run in every Ray worker at start: once armed, the first worker to clean
    CRASH_AFTER more documents exits on the spot, as a killed worker would;
    a document holding HANG sleeps."""
    from cleaner.pipeline import Cleaner

    marker = Path(os.environ[CRASH_ENV])
    clean, calls = Cleaner.clean, [0]

    def clean_or_die(self, source, *args, **kwargs):
        if HANG in str(source):
            time.sleep(60)
        if (marker / "armed").exists():
            calls[0] += 1
        if calls[0] == CRASH_AFTER and (marker / "armed").exists():
            try:
                os.rename(marker / "armed", marker / "fired")  # only one worker wins
            except OSError:
                pass
            else:
                os._exit(1)
        return clean(self, source, *args, **kwargs)

    Cleaner.clean = clean_or_die


def outputs(out: Path) -> dict:
    """The files that must be byte-identical whatever engine made them."""
    files = sorted((out / "shards").rglob("*")) + [out / "rejects.jsonl"]
    return {str(p.relative_to(out)): p.read_bytes() for p in files if p.is_file()}


def comparable_stats(out: Path) -> dict:
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    return {k: stats.get(k) for k in ("inputs", "records", "rejects", "reject_reasons", "removed_counts",
                                      "languages", "chars_in", "chars_out", "shards", "exact_duplicates",
                                      "near_duplicate_clusters", "clusters")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus") / "in"
    build_mixed_corpus(root, n=48)
    return root


@pytest.fixture(scope="module")
def local_run(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "out"
    run_corpus([corpus], out, options=OPTIONS, workers=2, shard_size=SHARD_SIZE, progress=False)
    return out


@pytest.fixture(scope="module")
def crash_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("crash")


@pytest.fixture(scope="module")
def ray_instance(crash_dir):
    tests = str(Path(__file__).resolve().parent)  # workers import crash_hook from this module
    path = os.pathsep.join(filter(None, [tests, os.environ.get("PYTHONPATH")]))
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {CRASH_ENV: str(crash_dir), "PYTHONPATH": path},
                          "worker_process_setup_hook": crash_hook})
    yield
    ray.shutdown()


def test_ray_output_is_byte_identical_to_local(corpus, local_run, ray_instance, tmp_path):
    out = tmp_path / "out"
    run_corpus([corpus], out, options=OPTIONS, shard_size=SHARD_SIZE, engine="ray", progress=False)
    expected = outputs(local_run)
    assert len([k for k in expected if k.startswith("shards")]) >= 8
    assert outputs(out) == expected
    assert comparable_stats(out) == comparable_stats(local_run)


def test_killed_worker_is_retried_and_output_unchanged(corpus, local_run, ray_instance, crash_dir, tmp_path):
    (crash_dir / "armed").touch()
    out = tmp_path / "out"
    run_corpus([corpus], out, options=OPTIONS, shard_size=SHARD_SIZE, engine="ray", progress=False)
    assert (crash_dir / "fired").exists(), "no worker was killed: the test proves nothing"
    assert outputs(out) == outputs(local_run)
    marked = [json.loads(line)["shard"] for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert sorted(marked) == sorted(s.id for s in plan_shards([corpus], SHARD_SIZE))


def test_time_limit_applies_inside_ray_tasks(ray_instance, tmp_path):
    """Ray runs a task on its worker's main thread, so the per-document alarm works."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("A short story.\n\nIt has two paragraphs.\n", encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(f"A story that hangs.\n\n{HANG}\n", encoding="utf-8")
    started = time.monotonic()
    stats = run_corpus([tmp_path / "in"], tmp_path / "out", options=RunOptions(time_limit=1.0),
                       engine="ray", progress=False)
    assert time.monotonic() - started < 30
    rejects = [json.loads(line) for line in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()]
    assert stats["records"] == 1 and [r["id"] for r in rejects] == ["b"]
    assert rejects[0]["reason"].startswith("timed out")


def test_resume_runs_only_the_shards_not_in_the_manifest(corpus, local_run, ray_instance, tmp_path):
    out = tmp_path / "out"
    shards = plan_shards([corpus], SHARD_SIZE)
    out.mkdir()
    done = shards[0]
    (out / "manifest.jsonl").write_text(json.dumps({"shard": done.id, "records": 0, "rejects": 0}) + "\n")
    from cleaner.corpus.runner import Manifest

    run_ray(shards, Config(), OPTIONS, out, Manifest(out / "manifest.jsonl"), None)
    written = {p.name for p in (out / "shards").iterdir()}
    assert not any(name.startswith(done.id + ".") for name in written)
    assert len(written) == len(shards) - 1


def test_remote_output_is_uploaded_with_fsspec(corpus, local_run, tmp_path):
    """The task body, without Ray: a remote URL is written through staging."""
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    shard = plan_shards([corpus], SHARD_SIZE)[0]
    stats = clean_shard(shard, Config(), OPTIONS, "memory://bucket/run", os.getcwd())
    name = f"shards/{shard.id}.jsonl"
    assert fs.cat(f"/bucket/run/{name}") == (local_run / name).read_bytes()
    assert fs.exists(f"/bucket/run/.work/stats/{shard.id}.json") and stats["inputs"] == SHARD_SIZE


def test_url_inputs_and_output_on_ray_equal_the_local_engine(corpus, ray_instance, tmp_path):
    """fsspec URLs ("local://" is a non-file protocol: the remote code path runs)."""
    reference = tmp_path / "ref"
    run_corpus([f"local://{corpus}"], reference, options=OPTIONS, workers=2, shard_size=SHARD_SIZE)
    remote = tmp_path / "remote"
    run_corpus([f"local://{corpus}"], f"local://{remote}", options=OPTIONS, engine="ray", shard_size=SHARD_SIZE)
    assert outputs(remote) == outputs(reference)
    assert json.loads(next((remote / "shards").iterdir()).read_text().splitlines()[0])["metadata"]["path"] \
        .startswith("local://")
