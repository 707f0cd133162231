"""Benchmark: trafilatura defaults vs the cleaner's HTML mode on the dev set.

Usage: python tests/bench.py [--devset DIR] [--limit N] [--misses N]

The dev set (../shared/devset/trafilatura-eval.tar.xz next to the repo) is
unpacked into a temporary directory; when it is absent the benchmark says so
and exits 0. Scoring follows the dev set's README: a ``with`` snippet found in
the output is a true positive, missing a false negative; a ``without`` snippet
present is a false positive. The cleaner is scored on title + text, because it
moves the title into metadata. Both extractors run side by side on each page,
in one process, so the time ratio compares like with like.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
import tempfile
import time
import unicodedata
from datetime import date
from pathlib import Path
from typing import Dict, List, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_wcxb import on_page, page_words  # noqa: E402  (one "is it on the page" test for both sets)

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"
ARCHIVE = "trafilatura-eval.tar.xz"

TARGETS = {  # metric -> floor
    "f1": 0.94, "precision": 0.94, "recall": 0.925, "title": 0.95, "date": 0.91, "author": 0.70,
}
MAX_TIME_RATIO = 1.3


class Score:
    def __init__(self) -> None:
        self.tp = self.fn = self.fp = self.tn = 0
        self.seconds = 0.0
        self.docs = 0
        self.meta: Dict[str, List[int]] = {"title": [0, 0], "date": [0, 0], "author": [0, 0]}
        # per key: gold values not on the page in any written form, and dates that are no day
        self.absent: Dict[str, List[str]] = {"title": [], "date": [], "author": []}
        self.malformed: List[str] = []

    def add_text(self, output: str, item: dict) -> List[str]:
        misses = []
        for snippet in item["with"]:
            if snippet in output:
                self.tp += 1
            else:
                self.fn += 1
                misses.append("FN " + snippet)
        for snippet in item["without"]:
            if snippet in output:
                self.fp += 1
                misses.append("FP " + snippet)
            else:
                self.tn += 1
        return misses

    def add_meta(self, meta: dict, item: dict, words: Optional[str] = None) -> None:
        """Count one page's metadata; ``words`` (the page folded, see bench_wcxb.page_words)
        marks the misses whose gold value the page does not hold."""
        for key, same in (("title", _same_text), ("date", _same_date), ("author", _same_author)):
            expected = _as_text(item.get(key))
            if expected:
                self.meta[key][1] += 1
                got = _as_text(meta.get(key))
                hit = bool(got) and same(got, expected)
                self.meta[key][0] += hit
                if key == "date" and not _is_day(expected):
                    self.malformed.append(f"{item['file']}: {expected!r}")
                elif not hit and words is not None and not on_page(key, expected, words):
                    self.absent[key].append(item["file"])

    @property
    def precision(self) -> float:
        return self.tp / max(1, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self.tp / max(1, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, key: str) -> float:
        hit, total = self.meta[key]
        return hit / max(1, total)


def _as_text(value) -> str:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value) if value else ""


def _norm(text: str) -> str:
    """Case, width, punctuation and spacing folded; invisible format characters (soft
    hyphens, zero-width spaces) dropped: "Genesenen\xadnachweise" reads as one word."""
    text = "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Cf")
    text = text.casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _same_text(got: str, expected: str) -> bool:
    return _norm(got) == _norm(expected)


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text[:10])
        return len(text) >= 10
    except ValueError:
        return False


def _same_date(got: str, expected: str) -> bool:
    return got[:10] == expected[:10]


def _same_author(got: str, expected: str) -> bool:
    names = lambda s: sorted(_norm(p) for p in re.split(r";|,| and | und ", s) if _norm(p))
    return names(got) == names(expected)


def locate_devset(explicit: Optional[str], workdir: Path) -> Optional[Path]:
    if explicit:
        return Path(explicit)
    archive = DEVSET / ARCHIVE
    if not archive.exists():
        return None
    with tarfile.open(archive, "r:xz") as tar:
        try:
            tar.extractall(workdir, filter="data")
        except TypeError:  # Python < 3.12 has no filter argument
            tar.extractall(workdir)
    return workdir / "trafilatura-eval"


def load_pages(root: Path, limit: int) -> List[tuple]:
    evaldata = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url, item in sorted(evaldata.items()):
        path = root / "html" / item["file"]
        if path.exists():
            pages.append((url, item, path.read_bytes()))
    return pages[:limit] if limit else pages


def run(pages: List[tuple], show_misses: int) -> Dict[str, Score]:
    import trafilatura

    from cleaner import Cleaner

    cleaner = Cleaner()
    cleaner.clean(b"<html><body><p>warm-up</p></body></html>", kind="html")
    scores = {"trafilatura": Score(), "cleaner": Score()}
    misses: Dict[str, List[str]] = {}
    for url, item, data in pages:
        start = time.perf_counter()
        text = trafilatura.extract(data) or ""
        scores["trafilatura"].seconds += time.perf_counter() - start
        scores["trafilatura"].add_text(text, item)
        scores["trafilatura"].add_meta(_trafilatura_meta(trafilatura, data), item)

        start = time.perf_counter()
        article = cleaner.clean(data, kind="html")
        scores["cleaner"].seconds += time.perf_counter() - start
        output = "\n".join(filter(None, [article.metadata.get("title"), article.text]))
        missed = scores["cleaner"].add_text(output, item)
        scores["cleaner"].add_meta(article.metadata, item, page_words(data.decode("utf-8", "replace")))
        if missed:
            misses[item["file"]] = missed
        for score in scores.values():
            score.docs += 1
    if show_misses:
        for name, missed in list(misses.items())[:show_misses]:
            print(name, *missed, sep="\n   ")
    return scores


def _trafilatura_meta(trafilatura, data: bytes) -> dict:
    """trafilatura's own metadata, outside the timed call (extract() returns none)."""
    try:
        doc = trafilatura.extract_metadata(data)
    except Exception:
        return {}
    return doc.as_dict() if doc is not None else {}


def report(scores: Dict[str, Score]) -> bool:
    base, ours = scores["trafilatura"], scores["cleaner"]
    ratio = ours.seconds / max(base.seconds, 1e-9)
    print(f"{'extractor':<14}{'precision':>10}{'recall':>8}{'F1':>7}{'title':>7}{'date':>7}{'author':>8}{'docs/s':>8}")
    for name, s in scores.items():
        print(f"{name:<14}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}"
              f"{s.accuracy('title'):>7.1%}{s.accuracy('date'):>7.1%}{s.accuracy('author'):>8.1%}"
              f"{s.docs / max(s.seconds, 1e-9):>8.1f}")
    print(f"time ratio cleaner/trafilatura: {ratio:.2f}")
    for key in ("title", "date", "author"):
        hit, total = ours.meta[key]
        print(f"  cleaner {key}: {total - hit} misses, {len(ours.absent[key])} of them with the gold value "
              "nowhere on the page" + (" in any written form" if key == "date" else ""))
    if ours.malformed:
        print(f"  gold dates that are no YYYY-MM-DD day (counted as misses): {', '.join(ours.malformed)}")
    values = {"f1": ours.f1, "precision": ours.precision, "recall": ours.recall,
              "title": ours.accuracy("title"), "date": ours.accuracy("date"), "author": ours.accuracy("author")}
    ok = True
    for key, floor in TARGETS.items():
        holds = values[key] >= floor
        ok &= holds
        print(f"  {'OK  ' if holds else 'MISS'} {key} {values[key]:.3f} >= {floor}")
    holds = ratio <= MAX_TIME_RATIO
    ok &= holds
    print(f"  {'OK  ' if holds else 'MISS'} time ratio {ratio:.2f} <= {MAX_TIME_RATIO}")
    return ok


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", help="an already unpacked trafilatura-eval directory")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--misses", type=int, default=0, help="list the snippets missed on N pages")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cleaner-devset-") as workdir:
        root = locate_devset(args.devset, Path(workdir))
        if root is None or not (root / "evaldata.json").exists():
            print(f"dev set not found at {DEVSET / ARCHIVE}: benchmark skipped")
            return 0
        pages = load_pages(root, args.limit)
        print(f"{len(pages)} pages from {root}")
        ok = report(run(pages, args.misses))
    print("all targets hold" if ok else "some targets do not hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
