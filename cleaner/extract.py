"""HTML input: main-text extraction with trafilatura, then the text passes.

Never fetches anything: trafilatura gets the markup, not a URL.
"""
from __future__ import annotations

from typing import Any, Dict, List, Tuple

from .article import Removal
from .errors import InputError

_META_FIELDS = ("title", "author", "date", "sitename", "url", "description", "categories", "tags")


def extract_html(html: str) -> Tuple[str, Dict[str, Any], List[Removal]]:
    """(main text, metadata found in the page, structural removals)."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(f"HTML could not be parsed: {type(exc).__name__}: {exc}") from exc
    if document is None:
        return "", {}, []
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = data.get("text") or ""
    meta: Dict[str, Any] = {}
    for key in _META_FIELDS:
        value = data.get(key)
        if value:
            meta["html_title" if key == "title" else key] = value
    title = data.get("title")
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return text, meta, []
