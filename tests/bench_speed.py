"""Speed benchmark: text mode and HTML mode, time per stage, peak memory.

Run by `make bench` (bench_corpus.py, also in `make bench`, prints the
1-vs-2-worker scaling). Prints, on one core:
1. text mode on news-length articles: docs/s, MB/s and the time of each pass,
   on the project's fixtures repeated and, when the dev set is present, on
   trafilatura's text of its pages (>= 1,000 characters); target >= 300 docs/s;
2. HTML mode side by side with ``trafilatura.extract`` (defaults) on the same
   pages, alternating page by page so that both see the same machine: docs/s,
   MB/s, the time ratio (target <= 1.0x), the time of each stage, and the
   keep/drop F1 of both outputs on the dev set, so that a speed change that
   costs accuracy shows here too;
3. the peak RSS of the process.
Without the dev set, the HTML part runs on the project's HTML fixtures.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

sys.path.insert(0, str(Path(__file__).parent))
from bench import ARCHIVE, DEVSET, Score, locate_devset, load_pages  # noqa: E402
from fixtures_lib import ARTICLES  # noqa: E402

from cleaner import Cleaner  # noqa: E402

TEXT_TARGET = 300.0      # docs/s on one core, news-length text
HTML_TARGET = 1.0        # whole pipeline time / trafilatura.extract time


def verdict(holds: bool) -> str:
    return "holds" if holds else "MISSED"


def print_stages(timings: Dict[str, float], docs: int, elapsed: float) -> None:
    for name, seconds in sorted(timings.items(), key=lambda kv: -kv[1]):
        print(f"  {name:14s} {seconds / docs * 1000:7.2f} ms/doc  {seconds / elapsed:6.1%}")


def text_speed(texts: List[str], label: str) -> float:
    cleaner = Cleaner()
    cleaner.clean(texts[0], kind="text")  # profiles loaded before the clock starts
    timings: Dict[str, float] = {}
    start = time.perf_counter()
    for text in texts:
        cleaner.clean(text, kind="text", timings=timings)
    elapsed = time.perf_counter() - start
    size = sum(len(t.encode("utf-8")) for t in texts)
    rate = len(texts) / elapsed
    print(f"\n== text mode: {label} ({len(texts)} docs, mean {size // len(texts)} bytes) ==")
    print(f"{rate:8.1f} docs/s   {size / elapsed / 1e6:6.2f} MB/s   one core   "
          f"(target >= {TEXT_TARGET:.0f} docs/s: {verdict(rate >= TEXT_TARGET)})")
    print_stages(timings, len(texts), elapsed)
    return rate


def html_speed(pages: List[tuple], label: str) -> float:
    """Side by side on each page; ``pages`` are (url, item or None, bytes)."""
    import trafilatura

    cleaner = Cleaner()
    cleaner.clean(pages[0][2], kind="html")
    trafilatura.extract(pages[0][2])
    timings: Dict[str, float] = {}
    ours = theirs = 0.0
    scores = {"trafilatura": Score(), "cleaner": Score()}
    for _, item, data in pages:
        start = time.perf_counter()
        text = trafilatura.extract(data) or ""
        middle = time.perf_counter()
        article = cleaner.clean(data, kind="html", timings=timings)
        end = time.perf_counter()
        theirs += middle - start
        ours += end - middle
        if item is not None:
            scores["trafilatura"].add_text(text, item)
            scores["cleaner"].add_text("\n".join(filter(None, [article.metadata.get("title"), article.text])), item)
    size = sum(len(data) for _, _, data in pages)
    ratio = ours / theirs
    print(f"\n== HTML mode: {label} ({len(pages)} pages, mean {size // len(pages)} bytes) ==")
    print(f"trafilatura.extract {len(pages) / theirs:8.1f} docs/s  {size / theirs / 1e6:6.2f} MB/s")
    print(f"cleaner (all)       {len(pages) / ours:8.1f} docs/s  {size / ours / 1e6:6.2f} MB/s")
    print(f"time ratio cleaner/trafilatura {ratio:.2f}  (target <= {HTML_TARGET:.1f}: {verdict(ratio <= HTML_TARGET)})")
    print_stages(timings, len(pages), ours)
    if scores["cleaner"].tp + scores["cleaner"].fn:
        for name, s in scores.items():
            print(f"  keep/drop snippets, {name:12s} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}")
    return ratio


def html_fixtures(repeat: int) -> List[tuple]:
    return [(p.name, None, p.read_bytes()) for p in sorted(ARTICLES.glob("*.html"))] * repeat


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", help="an already unpacked trafilatura-eval directory")
    parser.add_argument("--limit", type=int, default=0, help="dev-set pages to use (0: all)")
    parser.add_argument("--repeat", type=int, default=20, help="copies of the fixtures")
    args = parser.parse_args(argv)
    fixtures = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    text_speed(fixtures * args.repeat, "project fixtures, repeated")
    with tempfile.TemporaryDirectory(prefix="cleaner-devset-") as workdir:
        root = locate_devset(args.devset, Path(workdir))
        if root is None:
            print(f"\ndev set not found at {DEVSET / ARCHIVE}: dev-set figures skipped")
            html_speed(html_fixtures(args.repeat), "project HTML fixtures, repeated")
        else:
            import trafilatura

            pages = load_pages(root, args.limit)
            texts = [t for t in (trafilatura.extract(html) for _, _, html in pages) if t and len(t) >= 1000]
            text_speed(texts, "trafilatura's text of dev-set pages, >= 1,000 characters")
            html_speed(pages, "dev-set pages")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of this process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
