"""Render an article's audit trail: kept text with each removal marked."""
from __future__ import annotations

from .article import Article


def render_explanation(article: Article) -> str:
    """Removed lines as ``[- rule -] text  (reason)``, then the kept body.

    Removals are listed in document order, so the reader sees the input's
    debris where it stood, followed by the clean text.
    """
    out = []
    md = article.metadata
    out.append(f"# title: {md.get('title')!r}  language: {md.get('language')} "
               f"({md.get('language_confidence')})  dateline: {md.get('dateline')}")
    if md.get("image_credits"):
        out.append(f"# image credits: {', '.join(md['image_credits'])}")
    for n in md.get("normalized", []):
        out.append(f"# spelling: {n['from']} -> {n['to']} x{n['count']}")
    out.append("")
    for r in article.removed:
        out.append(f"[- {r.rule} -] {r.text}")
        out.append(f"      because: {r.reason}")
    out.append("")
    out.append("# kept text:")
    out.append(article.text)
    return "\n".join(out)
