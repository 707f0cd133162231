"""Corpus runner benchmark: scaling, overhead over clean() in a loop, flat memory.

Run by `make bench`. Prints figures and whether each target holds:
- 2 workers >= 1.85x one worker (on 2 idle cores);
- corpus overhead <= 10% over calling clean() in a loop (one worker);
- peak RSS per worker flat over 100,000 documents (at 10k, 50k, 100k).
Uses the project's fixtures, scaled up by repetition with a unique line each.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from fixtures_lib import ARTICLES  # noqa: E402

from cleaner import Cleaner  # noqa: E402
from cleaner.corpus import RunOptions, run_corpus  # noqa: E402
from cleaner.corpus.shard import shard_paths  # noqa: E402
from cleaner.corpus.sources import plan_shards  # noqa: E402


def make_jsonl(folder: Path, n: int, per_file: int = 10_000) -> Path:
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, n, per_file):
        with open(folder / f"part{start // per_file:03d}.jsonl", "w", encoding="utf-8") as f:
            for i in range(start, min(start + per_file, n)):
                text = texts[i % len(texts)] + f"\n\nThis is the closing line of copy number {i}."
                f.write(json.dumps({"id": f"d{i}", "text": text}) + "\n")
    return folder


def timed_run(src: Path, workers: int, dedup: bool = False) -> tuple:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        stats = run_corpus([src], Path(out), options=RunOptions(dedup=dedup, audit=False), workers=workers,
                           shard_size=500, progress=False)
        return time.perf_counter() - start, stats


def loop_time(src: Path) -> float:
    """clean() in a loop, building its Cleaner as a corpus run does (~0.2 s of rules)."""
    start = time.perf_counter()
    cleaner = Cleaner()
    for part in sorted(src.glob("*.jsonl")):
        with open(part, encoding="utf-8") as f:
            for line in f:
                cleaner.clean(json.loads(line)["text"], kind="text")
    return time.perf_counter() - start


def memory_curve(src: Path, total: int) -> list:
    """Peak RSS of the busiest worker after 10k, 50k and 100k documents."""
    with tempfile.TemporaryDirectory() as out:
        out = Path(out)
        run_corpus([src], out, options=RunOptions(audit=False), workers=2, shard_size=1000, progress=False)
        options = RunOptions(audit=False)
        done, rss, points = 0, {}, []
        marks = [m for m in (10_000, 50_000, 100_000) if m <= total]
        for shard in plan_shards([src], 1000):
            part = json.loads(shard_paths(out, shard.id, options)["stats"].read_text())
            done += part["inputs"]
            rss[part["worker"]["pid"]] = part["worker"]["max_rss_kb"]
            while marks and done >= marks[0]:
                points.append((marks.pop(0), max(rss.values()) / 1024))
        return points


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=8000, help="documents for the speed runs")
    parser.add_argument("--memory-docs", type=int, default=100_000, help="documents for the memory run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.docs:
            speed(Path(tmp), args.docs)
        if args.memory_docs:
            memory(Path(tmp), args.memory_docs)
    return 0


def speed(tmp: Path, docs: int, rounds: int = 3) -> None:
    """The best of ``rounds`` interleaved rounds of each run: a shared VM's noise
    (up to 50% between runs here) only ever adds time."""
    src = make_jsonl(tmp / "speed", docs)
    loop = one = two = float("inf")
    for _ in range(rounds):
        loop = min(loop, loop_time(src))
        one = min(one, timed_run(src, 1)[0])
        two = min(two, timed_run(src, 2)[0])
    scaling = one / two
    overhead = one / loop - 1
    print(f"\n== corpus runner ({docs} news-length text documents, {os.cpu_count()} cores, "
          f"best of {rounds} rounds) ==")
    print(f"clean() in a loop     {docs / loop:8.1f} docs/s")
    print(f"corpus, 1 worker      {docs / one:8.1f} docs/s   overhead {overhead:+.1%}  "
          f"(target <= +10%: {'holds' if overhead <= 0.10 else 'MISSED'})")
    print(f"corpus, 2 workers     {docs / two:8.1f} docs/s   scaling {scaling:.2f}x  "
          f"(target >= 1.85x: {'holds' if scaling >= 1.85 else 'MISSED'})")


def memory(tmp: Path, docs: int) -> None:
    big = make_jsonl(tmp / "memory", docs)
    start = time.perf_counter()
    points = memory_curve(big, docs)
    elapsed = time.perf_counter() - start
    print(f"\nmemory run: {docs} docs in {elapsed:.0f} s ({docs / elapsed:.0f} docs/s, 2 workers, dedup on)")
    for done, mb in points:
        print(f"  peak worker RSS after {done:>7,} docs: {mb:7.1f} MB")
    if len(points) >= 2:
        growth = points[-1][1] / points[0][1] - 1
        print(f"  growth from first to last: {growth:+.1%} "
              f"(target flat, <= +10%: {'holds' if growth <= 0.10 else 'MISSED'})")


if __name__ == "__main__":
    sys.exit(main())
