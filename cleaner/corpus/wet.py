"""Common Crawl WET records: the visible text of a page, cleaned in text mode.

A WET file is a WARC file whose records are ``conversion`` records
(``Content-Type: text/plain``), each the text Common Crawl took from one
page, with the page's ``WARC-Target-URI`` and the id of the response it came
from (``WARC-Refers-To``). The WARC reader tells them by their record type,
not by the file name: a ``.warc.gz`` holding conversion records is read as
WET, and a file that mixes both kinds gives HTML documents for its responses
and text documents for its conversions.

WET text is the whole page (menus, footers, teasers), the shape the
`page-chrome` pass was made for. The run's ``Config.whole_page`` applies as
it is: with the default ``"auto"`` the pass cuts the article out of a text
that looks like a page and has a clear article, and leaves the rest whole
(never delete content); ``--whole-page`` cuts whenever the text is long
enough. Which of the two suits Common Crawl's own text best is not measured
here: no WET text with gold is at hand.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from .reading import Document
from .warc import warc_payload

CONVERSION = "conversion"


def conversion_document(record, name: str, index: int, limit: Optional[int] = None) -> Document:
    """The Document of one WET conversion record (its payload read within ``limit``), or a reject."""
    headers = record.rec_headers
    doc_id = headers.get_header("WARC-Record-ID") or f"{Path(name).name}:{index}"
    ctype = (headers.get_header("Content-Type") or "").lower()
    payload, reason = warc_payload(record, limit)
    if reason:
        return Document(doc_id, name, index, reject=reason)
    if ctype and not ctype.startswith("text/plain"):
        return Document(doc_id, name, index, reject=f"WET conversion record is not text/plain ({ctype})")
    refers_to = headers.get_header("WARC-Refers-To")
    return Document(doc_id, name, index, payload, kind="text", url=headers.get_header("WARC-Target-URI"),
                    created=headers.get_header("WARC-Date"),
                    extra={"warc_refers_to": refers_to} if refers_to else {})
