"""report.html: one self-contained page (no scripts, no network) about a run.

Counts in/out/rejected, removals by rule, languages, sizes, throughput, as
tables and inline SVG bar charts (full labels); what listing the inputs
skipped; near-duplicate clusters; and a sample of articles, one per duplicate
cluster, showing each removed line with its rule and reason beside the kept text.
"""
from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Dict, Iterable, List, Sequence

from .shardfiles import read_records, sidecar_of

SAMPLE_ARTICLES = 12
CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse}td,th{padding:.2em .8em;text-align:left;border-bottom:1px solid #eee}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.article{display:grid;grid-template-columns:1fr 1fr;gap:1em;border:1px solid #ddd;padding:.8em;margin:1em 0}
.removed p{background:#fde8e8;margin:.2em 0;padding:.2em .4em}
.rule{display:inline-block;font-size:.75em;background:#b91c1c;color:#fff;border-radius:3px;padding:0 .4em;margin-right:.4em}
.why{display:block;font-size:.8em;color:#7f1d1d;font-style:italic}
.kept{white-space:pre-wrap}
svg text{font:12px system-ui,sans-serif}
"""


LABEL_PX_PER_CHAR = 7.5  # 12px system-ui: wide enough for capitals and digits


def bar_chart(counts: Dict[str, int], title: str, bar_width: int = 360) -> str:
    """A horizontal bar chart as inline SVG; the label column is as wide as the longest
    label, so no label is cut off or run over by its bar (each also a tooltip)."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    if not items:
        return f"<p>No {escape(title.lower())}.</p>"
    top = max(v for _, v in items) or 1
    labels = int(max(len(str(label)) for label, _ in items) * LABEL_PX_PER_CHAR) + 10
    row = 22
    bars = []
    for i, (label, value) in enumerate(items):
        w = max(1, int(bar_width * value / top))
        y = i * row
        bars.append(f'<g><title>{escape(str(label))}: {value}</title>'
                    f'<text x="0" y="{y + 15}">{escape(str(label))}</text>'
                    f'<rect x="{labels}" y="{y + 3}" width="{w}" height="16" fill="#2563eb"/>'
                    f'<text x="{labels + 5 + w}" y="{y + 15}">{value}</text></g>')
    width = labels + bar_width + 60
    return (f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{row * len(items)}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>')


def _table(rows: Iterable[Sequence]) -> str:
    body = "".join("<tr>" + "".join(f'<td class="n">{escape(str(c))}</td>' if isinstance(c, (int, float))
                                      else f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table>{body}</table>"


def _cluster(record: dict):
    """What names the duplicate cluster of a record (None: no duplicate known)."""
    md = record["metadata"]
    return md.get("near_duplicate_cluster") or md.get("exact_duplicate_of")


def _sample(record_files: Sequence[Path], options) -> List[dict]:
    """The first articles that had something removed, in shard order, one per
    duplicate cluster (wire copies would fill the sample with one story)."""
    picked: List[dict] = []
    clusters = set()
    for path in record_files:
        if not path.exists():
            continue
        for record in read_records(path):
            if options.fmt == "txt":
                record = json.loads(sidecar_of(path.parent.parent / record["file"]).read_text("utf-8"))
            removed = [r for r in record["metadata"].get("removed", []) if r["rule"] != "title"]
            cluster = _cluster(record)
            if not removed or (cluster is not None and cluster in clusters):
                continue
            clusters.add(cluster)
            picked.append(record)
            if len(picked) >= SAMPLE_ARTICLES:
                return picked
    return picked


def _removal_html(removal: dict) -> str:
    """A removed line: its rule's tag, the text, and the reason beside it (and on hover)."""
    reason = escape(removal.get("reason") or "")
    return (f'<p title="{reason}"><span class="rule">{escape(removal["rule"])}</span>{escape(removal["text"])}'
            f'<span class="why">{reason}</span></p>')


def _article_html(record: dict) -> str:
    md = record["metadata"]
    removed = "".join(_removal_html(r) for r in md.get("removed", []))
    cluster = _cluster(record)
    twins = f" · duplicate cluster {escape(str(cluster))}" if cluster is not None else ""
    head = (f"<h3>{escape(str(md.get('title') or record['id']))}</h3>"
            f"<div><small>{escape(record['id'])} · {escape(str(md.get('language')))} · "
            f"{md.get('word_count')} words{twins}</small></div>")
    text = record["text"]
    kept = escape(text[:3000] + ("…" if len(text) > 3000 else ""))
    return (f'<section class="article"><div class="removed">{head}<h4>Removed</h4>{removed}</div>'
            f'<div><h4>Kept</h4><div class="kept">{kept}</div></div></section>')


def _skipped_html(skipped: Dict[str, dict]) -> str:
    """What the listing of the inputs passed over (not inputs), by reason, with examples."""
    if not skipped:
        return "<p>Nothing was skipped.</p>"
    rows = "".join(f"<li>{escape(reason)}: {entry['count']} ({escape(', '.join(entry['examples']))}"
                   f"{' …' if entry['count'] > len(entry['examples']) else ''})</li>"
                   for reason, entry in sorted(skipped.items()))
    return f"<ul>{rows}</ul>"


def write_report(path: Path, stats: dict, record_files: Sequence[Path], options) -> None:
    sample = _sample(record_files, options) if options.audit else []
    inputs = stats.get("inputs", 0)
    summary = _table([
        ("inputs", inputs), ("records", stats.get("records", 0)), ("rejects", stats.get("rejects", 0)),
        ("shards", stats.get("shards", 0)), ("characters in", stats.get("chars_in", 0)),
        ("characters out", stats.get("chars_out", 0)), ("exact duplicates", stats.get("exact_duplicates", 0)),
        ("near-duplicate clusters", stats.get("near_duplicate_clusters", 0)),
        ("wall time (s)", stats.get("wall_seconds", 0)), ("documents per second", stats.get("docs_per_second") or 0),
    ])
    clusters = "".join(f"<li>{len(c)} documents: {escape(', '.join(c[:8]))}{' …' if len(c) > 8 else ''}</li>"
                       for c in stats.get("clusters", [])[:50]) or "<li>none</li>"
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>cleaner corpus report</title>
<style>{CSS}</style></head><body>
<h1>cleaner corpus report</h1>
<h2 id="summary">Summary</h2>{summary}
<h2 id="removals">Removals by rule</h2>{bar_chart(stats.get("removed_counts", {}), "Removals by rule")}
<h2 id="languages">Languages</h2>{bar_chart(stats.get("languages", {}), "Languages")}
<h2 id="rejects">Rejects by reason</h2>{bar_chart(stats.get("reject_reasons", {}), "Rejects by reason")}
<h2 id="skipped">Skipped while listing the inputs (not inputs)</h2>{_skipped_html(stats.get("skipped", {}))}
<h2 id="duplicates">Near-duplicate clusters</h2><ul>{clusters}</ul>
<h2 id="sample">Sample articles: removed lines, with each rule and reason, beside kept text
(one article per duplicate cluster)</h2>
{''.join(_article_html(r) for r in sample) or '<p>No article in this run had anything removed.</p>'}
</body></html>
"""
    path.write_text(html, encoding="utf-8")
