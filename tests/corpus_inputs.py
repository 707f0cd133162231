"""Build small mixed corpora for the runner tests, from the project's fixtures."""
from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import List

from fixtures_lib import ARTICLES

HTML = ("<html><head><title>{title}</title></head><body><nav>Home | World | Sport</nav><article>"
        "<h1>{title}</h1>{paras}</article><footer>© 2024 Example Media</footer></body></html>")


def fixture_texts(limit: int = 40) -> List[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))][:limit]


def as_html(text: str) -> str:
    title, _, body = text.partition("\n\n")
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
    return HTML.format(title=title, paras=paras)


def write_warc(path: Path, pages: List[str]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for n, page in enumerate(pages):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://example.org/story/{n}", "response", payload=io.BytesIO(page.encode("utf-8")),
                http_headers=headers, warc_headers_dict={"WARC-Identified-Payload-Type": "text/html"}))
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://example.org/logo.png", "response", payload=io.BytesIO(b"\x89PNG\r\n"), http_headers=image))
        writer.write_record(writer.create_warc_record("https://example.org/", "request",
                                                      payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))


def build_mixed_corpus(root: Path, n: int = 24) -> dict:
    """A folder of every input kind; returns how many documents it holds."""
    texts = fixture_texts(n)
    root.mkdir(parents=True, exist_ok=True)
    (root / "txt").mkdir()
    for i, text in enumerate(texts[: n // 3]):
        (root / "txt" / f"story{i:02d}.txt").write_text(text, encoding="utf-8")
    (root / "html").mkdir()
    for i, text in enumerate(texts[n // 3: n // 2]):
        data = as_html(text).encode("utf-8")
        if i % 2:
            (root / "html" / f"page{i:02d}.html.gz").write_bytes(gzip.compress(data, mtime=0))
        else:
            (root / "html" / f"page{i:02d}.htm").write_bytes(data)
    lines = [json.dumps({"doc_id": f"j{i}", "body": t, "link": f"https://example.org/j{i}"})
             for i, t in enumerate(texts[n // 2:])]
    lines.insert(2, "{not json")
    lines.insert(4, json.dumps({"doc_id": "no-body"}))
    lines.insert(5, json.dumps(["not", "an", "object"]))
    (root / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_warc(root / "crawl.warc.gz", [as_html(t) for t in texts[:3]])
    (root / "ignored.pdf").write_bytes(b"%PDF-1.4")
    singles = n // 2
    return {"inputs": singles + len(lines) + 3 + 1, "bad_jsonl": 3, "warc_non_html": 1}


def write_wet(path: Path, texts: List[str], content_type: str = "text/plain", responses: List[str] = ()) -> None:
    """A Common Crawl WET file: a warcinfo record, then one conversion record per text
    (and, to mix the two kinds in one file, HTML responses after them)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test", "format": "WET"}))
        for n, text in enumerate(texts):
            writer.write_record(writer.create_warc_record(
                f"https://example.org/wet/{n}", "conversion", payload=io.BytesIO(text.encode("utf-8")),
                warc_content_type=content_type,
                warc_headers_dict={"WARC-Refers-To": f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>"}))
        for n, page in enumerate(responses):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://example.org/page/{n}", "response", payload=io.BytesIO(page.encode("utf-8")),
                http_headers=headers))


def cli_corpus(args, **kw) -> subprocess.Popen:
    """`cleaner corpus ARGS --no-progress` in a child process, as a user runs it."""
    return subprocess.Popen([sys.executable, "-m", "cleaner", "corpus", *map(str, args), "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def done_shards(out: Path) -> int:
    manifest = out / "manifest.jsonl"
    return len(manifest.read_text().splitlines()) if manifest.exists() else 0


def kill_9_after(args, out: Path, shards: int) -> None:
    """Run `cleaner corpus ARGS` into ``out`` and kill -9 it (all its workers) once
    ``shards`` shards are done."""
    proc = cli_corpus(args, start_new_session=True)
    deadline = time.monotonic() + 60
    while done_shards(out) < shards and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def numbered_stories(src: Path, count: int, texts: List[str]) -> Path:
    """A folder of ``count`` single-article files, each a fixture text made unique by its number."""
    src.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (src / f"a{i:03d}.txt").write_text(texts[i % len(texts)] + f"\n\nStory number {i} ends here today.")
    return src
