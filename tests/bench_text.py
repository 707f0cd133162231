"""Text-cleaning benchmark: the cleaner on five extractors' text.

Run by `make bench` (text-mode speed is in bench_speed.py). With the dev set:
for trafilatura (defaults, favor_recall), readability-lxml, jusText and
html-text, keep/drop snippet precision/recall/F1 of the extractor's text
before and after the cleaner, and whether each target of the text-cleaning
issue holds (F1 rises, recall falls <= 0.005; trafilatura + cleaner
F1 >= 0.94; html-text + cleaner F1 >= 0.85). Skips without the dev set.
Always: the negative fixtures and the fixtures' clean bodies lose no word token.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path
from typing import Callable, Dict, List

sys.path.insert(0, str(Path(__file__).parent))
from bench import ARCHIVE, DEVSET, locate_devset, load_pages  # noqa: E402

from cleaner import Cleaner, Config  # noqa: E402
from cleaner.errors import InputError  # noqa: E402

# What the cleaner's whitespace pass drops as invisible (soft hyphen, zero-width
# space, word joiner, BOM): a snippet copied with a soft hyphen ("Über\xadleben")
# still matches text the cleaner has freed of it. Folded on both sides, before and after.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")


def fold(text: str) -> str:
    return " ".join(_INVISIBLE.sub("", text).split())


def extractors() -> Dict[str, Callable[[bytes], str]]:
    import html_text
    import justext
    import trafilatura
    from readability import Document

    stoplist = frozenset(justext.get_stoplist("German") | justext.get_stoplist("English"))

    def readability(html: bytes) -> str:
        return html_text.extract_text(Document(html.decode("utf-8", "replace")).summary(), guess_layout=True)

    def jus(html: bytes) -> str:
        return "\n".join(p.text for p in justext.justext(html, stoplist) if not p.is_boilerplate)

    return {
        "trafilatura": lambda h: trafilatura.extract(h) or "",
        "trafilatura recall": lambda h: trafilatura.extract(h, favor_recall=True) or "",
        "readability-lxml": readability,
        "jusText": jus,
        "html-text": lambda h: html_text.extract_text(h.decode("utf-8", "replace"), guess_layout=True),
    }


def score(outputs: Dict[str, str], pages: List[tuple]) -> tuple:
    tp = fn = fp = 0
    for url, item, _ in pages:
        text = fold(outputs[url])
        for s in item["with"]:
            tp, fn = (tp + 1, fn) if fold(s) in text else (tp, fn + 1)
        fp += sum(1 for s in item["without"] if fold(s) in text)
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def cleaned(cleaner: Cleaner, text: str, rejects: List[str]) -> str:
    """The cleaner's title and text; an input it refuses (InputError: binary data,
    as an extractor can return) is a reject, as in a pipeline: no text, counted."""
    try:
        article = cleaner.clean(text, kind="text")
    except InputError as error:
        rejects.append(str(error))
        return ""
    return (article.metadata["title"] or "") + "\n" + article.text


def extractor_table(pages: List[tuple]) -> None:
    cleaner = Cleaner()
    rules_only = Cleaner(Config(disabled={"line-score"}))
    print(f"\n== the cleaner on extractors' text ({len(pages)} dev-set pages) ==")
    print(f"{'extractor':20s} {'P':>6s} {'R':>6s} {'F1':>6s}  ->  {'P':>6s} {'R':>6s} {'F1':>6s}   targets")
    line_score = []
    for name, extract in extractors().items():
        before, after, rules, rejects = {}, {}, {}, []
        for url, _, html in pages:
            try:
                text = extract(html)
            except Exception:  # an extractor failing on a page gives no text, as it would in a pipeline
                text = ""
            before[url] = text
            after[url] = cleaned(cleaner, text, rejects)
            rules[url] = cleaned(rules_only, text, [])
        b, a = score(before, pages), score(after, pages)
        line_score.append((name, score(rules, pages), a))
        checks = [f"F1 up: {'holds' if a[2] > b[2] else 'MISSED'}",
                  f"recall -{max(b[1] - a[1], 0):.4f} (<= 0.005: {'holds' if b[1] - a[1] <= 0.005 else 'MISSED'})"]
        floor = {"trafilatura": 0.94, "html-text": 0.85}.get(name)
        if floor:
            checks.append(f"F1 >= {floor}: {'holds' if a[2] >= floor else 'MISSED'}")
        checks.append(f"{len(rejects)} rejected")
        print(f"{name:20s} {b[0]:6.3f} {b[1]:6.3f} {b[2]:6.3f}  ->  {a[0]:6.3f} {a[1]:6.3f} {a[2]:6.3f}   "
              + "; ".join(checks))
    print("\n== line-score on the dev set (an untouched test: the model never saw these pages) ==")
    print(f"{'extractor':20s} {'rules alone: P':>14s} {'R':>6s} {'F1':>6s}  ->  {'P':>6s} {'R':>6s} {'F1':>6s}   targets")
    for name, r, a in line_score:
        checks = [f"F1 up: {'holds' if a[2] > r[2] else 'MISSED'}",
                  f"recall -{max(r[1] - a[1], 0):.4f} (<= 0.003: {'holds' if r[1] - a[1] <= 0.003 else 'MISSED'})"]
        print(f"{name:20s} {r[0]:14.4f} {r[1]:6.4f} {r[2]:6.4f}  ->  {a[0]:6.4f} {a[1]:6.4f} {a[2]:6.4f}   "
              + "; ".join(checks))


def passthrough_table() -> bool:
    """Text with no debris passes through whole: the negative fixtures, and the clean
    bodies of the fixtures (their exact expected texts), lose no word token."""
    import re
    from collections import Counter

    from fixtures_lib import load_cases

    word = re.compile(r"\w+")
    cleaner = Cleaner()
    cases = [c for c in load_cases() if not c.name.startswith("html_")]
    groups = {"negative fixtures": [c.source for c in cases if c.unchanged],
              "clean fixture bodies": [c.expected_text for c in cases if c.expected_text is not None]}
    print("\n== text with no debris passes through whole (project fixtures) ==")
    whole = True
    for name, texts in groups.items():
        tokens = lost = 0
        for text in texts:
            before = Counter(word.findall(text))
            article = cleaner.clean(text, kind="text")
            after = Counter(word.findall(f"{article.metadata['title'] or ''}\n{article.text}"))  # the title too
            tokens += sum(before.values())
            lost += sum((before - after).values())
        whole = whole and lost == 0
        print(f"{name:22s} {len(texts):3d} texts {tokens:6d} word tokens, {lost} lost"
              f"   ({'holds' if lost == 0 else 'MISSED'})")
    return whole


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", help="an already unpacked trafilatura-eval directory")
    parser.add_argument("--limit", type=int, default=0, help="dev-set pages to use (0: all)")
    args = parser.parse_args()
    passthrough_table()
    with tempfile.TemporaryDirectory(prefix="cleaner-devset-") as workdir:
        root = locate_devset(args.devset, Path(workdir))
        if root is None:
            print(f"\ndev set not found at {DEVSET / ARCHIVE}: dev-set figures skipped")
            return 0
        extractor_table(load_pages(root, args.limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
