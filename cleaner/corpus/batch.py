"""clean_batch: dict of lists in, dict of lists out, for batch engines.

Made for ``datasets.Dataset.map(clean_batch, batched=True, num_proc=N)``;
works with any engine that hands over columns. Each worker process builds its
Cleaner once, on first use.
"""
from __future__ import annotations

import json
from typing import Dict, List, Optional

from ..pipeline import default_cleaner
from .cleaning import clean_document
from .options import RunOptions
from .reading import Document


def clean_batch(batch: Dict[str, List], text_column: str = "text", html_column: Optional[str] = None,
                keep_rejects: bool = True, cleaner=None) -> Dict[str, List]:
    """Clean a batch of documents.

    Returns the input columns plus ``clean_text`` (None for a reject),
    ``clean_metadata`` (a JSON string: its keys vary between documents, which
    columnar formats dislike) and ``reject_reason`` (None when cleaned). With
    ``keep_rejects=False`` rejected rows are left out of the output.
    """
    cleaner = cleaner or default_cleaner()
    column = html_column or text_column
    kind = "html" if html_column else "text"
    values = batch[column]
    out: Dict[str, List] = {key: [] for key in batch}
    out.update({"clean_text": [], "clean_metadata": [], "reject_reason": []})
    for row, value in enumerate(values):
        if isinstance(value, (str, bytes)):
            doc = Document(str(row), column, row, value, kind=kind)
        else:
            doc = Document(str(row), column, row, reject=f"column {column!r} is not a string")
        article, reason = clean_document(doc, cleaner, RunOptions(time_limit=0))
        if reason and not keep_rejects:
            continue
        for key in batch:
            out[key].append(batch[key][row])
        out["clean_text"].append(article.text if article else None)
        out["clean_metadata"].append(json.dumps(article.metadata, ensure_ascii=False) if article else None)
        out["reject_reason"].append(reason)
    return out
