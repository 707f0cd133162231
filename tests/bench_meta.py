"""Metadata alone, page by page: title, author and date of the cleaner's HTML readers.

Usage: python tests/bench_meta.py [--data DIR] [--save FILE] [--compare FILE] [--limit N]

The same pages and the same comparisons as the two full benchmarks, without
their text systems: the wcxb-dev article pages, compared as ``bench_wcxb.py``
compares them, and the first dev set (trafilatura-eval), compared as
``bench.py`` does. Each page is parsed as HTML mode parses it and read by
``cleaner.meta.read_metadata`` only (no extraction, no text passes: the title
may differ from ``clean()``'s where the spelling pass changes it), so a run
takes seconds rather than minutes: for trying a metadata rule. ``--save``
writes every page's values; ``--compare`` lists the pages that went from right
to wrong or from wrong to right since such a file. ``--data`` is a folder
holding ``wcxb-dev/`` and ``trafilatura-eval/`` unpacked; without it the
benchmark says so and exits 0.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the first dev set's comparisons)
import bench_wcxb  # noqa: E402  (wcxb-dev's comparisons and loader)

KEYS = ("title", "author", "date")
SETS = {"w": "wcxb-dev articles", "t": "first dev set"}


def _first_set_same(key: str):
    same = {"title": bench._same_text, "author": bench._same_author, "date": bench._same_date}[key]
    return lambda got, want: bool(bench._as_text(got)) and same(bench._as_text(got), bench._as_text(want))


def pages(root: Path, limit: int) -> Iterator[Tuple[str, Path, Dict[str, object]]]:
    """(name, HTML file, gold values) of both sets; a set that is absent gives none."""
    if (root / "wcxb-dev").exists():
        for page in bench_wcxb.load_wcxb(root / "wcxb-dev", "article", limit):
            yield "w:" + page["name"], Path(page["path"]), page["meta"]
    evaldata = root / "trafilatura-eval" / "evaldata.json"
    if evaldata.exists():
        items = sorted(json.loads(evaldata.read_text(encoding="utf-8")).items())
        for _, item in items[:limit] if limit else items:
            path = root / "trafilatura-eval" / "html" / item["file"]
            if path.exists():
                yield "t:" + item["file"], path, {k: item.get(k) for k in KEYS}


def read_page(path: Path) -> Tuple[dict, float]:
    """The page's metadata, and the seconds the readers took (parsing aside)."""
    from cleaner.html.parse import parse
    from cleaner.inputs import decode
    from cleaner.meta import read_metadata

    tree = parse(decode(path.read_bytes())[0])
    start = time.perf_counter()
    meta = read_metadata(tree) if tree is not None else {}
    return meta, time.perf_counter() - start


def score(name: str, meta: dict, gold: Dict[str, object]) -> dict:
    result = {"date_source": meta.get("date_source")}
    for key in KEYS:
        want = gold.get(key)
        if want:
            same = bench_wcxb.META[key] if name.startswith("w:") else _first_set_same(key)
            result[key] = {"gold": want, "got": meta.get(key), "ok": bool(same(meta.get(key), want))}
    return result


def summary(results: Dict[str, dict]) -> List[str]:
    lines = []
    for prefix, label in SETS.items():
        parts = []
        for key in KEYS:
            hits = [r[key]["ok"] for n, r in results.items() if n.startswith(prefix + ":") and key in r]
            if hits:
                parts.append(f"{key} {sum(hits)}/{len(hits)} {sum(hits) / len(hits):.1%}")
        if parts:
            lines.append(f"{label}: " + ", ".join(parts))
    return lines


def changes(old: Dict[str, dict], new: Dict[str, dict]) -> List[str]:
    """The pages whose title, author or date went right -> wrong (first) or wrong -> right."""
    broke, fixed = [], []
    for name, result in new.items():
        for key in KEYS:
            before = old.get(name, {}).get(key)
            if key in result and before and before["ok"] != result[key]["ok"]:
                line = (f"  {name} {key}: {before['got']!r} -> {result[key]['got']!r} "
                        f"(gold {result[key]['gold']!r})")
                (fixed if result[key]["ok"] else broke).append(line)
    return ([f"right -> wrong: {len(broke)}"] + broke + [f"wrong -> right: {len(fixed)}"] + fixed)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="a folder holding wcxb-dev/ and trafilatura-eval/ unpacked")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages of each set")
    parser.add_argument("--save", help="write every page's values to this JSON file")
    parser.add_argument("--compare", help="an earlier --save file: list the pages that changed since")
    args = parser.parse_args(argv)
    if not args.data or not Path(args.data).exists():
        print("no --data folder: the metadata benchmark is skipped")
        return 0
    results: Dict[str, dict] = {}
    seconds = 0.0
    for name, path, gold in pages(Path(args.data), args.limit):
        meta, spent = read_page(path)
        seconds += spent
        results[name] = score(name, meta, gold)
    print("\n".join(summary(results)))
    print(f"metadata readers: {seconds * 1000 / max(1, len(results)):.2f} ms/page over {len(results)} pages")
    if args.save:
        Path(args.save).write_text(json.dumps(results, ensure_ascii=False, indent=0), encoding="utf-8")
    if args.compare and Path(args.compare).exists():
        print("\n".join(changes(json.loads(Path(args.compare).read_text(encoding="utf-8")), results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
