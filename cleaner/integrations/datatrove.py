"""A datatrove pipeline step that cleans each Document.

``ArticleCleaner`` takes datatrove Documents whose ``text`` is HTML (a
``WarcReader``'s output: use it in place of datatrove's ``Trafilatura``) or
text (an extractor's output, a ``JsonlReader``'s), and yields them with
``text`` replaced by the clean body and the cleaner's metadata under one key,
``metadata["cleaner"]``. A document that gives no article (empty after
cleaning, binary, over the size or time limit) is dropped the way datatrove's
``BaseFilter`` drops one: counted as ``dropped`` and ``dropped_<reason>``, and
written with ``metadata["filter_reason"]`` to the ``exclusion_writer`` if one
is given. The step's stats count, besides datatrove's ``total``,
``forwarded``, ``dropped`` and ``doc_len``, the lines each rule removed
(``removed_<rule>``) and the characters they held (``removed_chars_<rule>``).

The per-document time limit is the corpus runner's (an alarm in the process,
:class:`~cleaner.corpus.cleaning.DocumentTimer`), not datatrove's
``ExtractorSandbox`` (a child process per step): a document over the limit is
dropped as ``timed_out``. Like the runner's alarm, it does not stop code stuck
in a C loop, and works only in a task's main thread (datatrove runs tasks
there, locally and on Slurm).
"""
from __future__ import annotations

import re
from typing import Optional

try:
    from datatrove.pipeline.base import PipelineStep
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # pragma: no cover - the message is the point
    raise ImportError('cleaner.integrations.datatrove needs datatrove: pip install "cleaner[datatrove]"') from exc

from ..config import Config
from ..corpus.cleaning import clean_document
from ..corpus.options import RunOptions
from ..corpus.reading import Document as CleanerDocument

METADATA_KEY = "cleaner"
_NOT_A_NAME = re.compile(r"[^a-z0-9]+")


def reason_code(reason: str) -> str:
    """The short, stable part of a reject reason, as a stat name.

    >>> reason_code("timed out: over the time limit of 1 s")
    'timed_out'
    >>> reason_code("InputError: input looks binary")
    'inputerror'
    """
    return _NOT_A_NAME.sub("_", reason.split(":")[0].lower()).strip("_") or "rejected"


class ArticleCleaner(PipelineStep):
    """Clean each document's text (HTML or text); drop, count and optionally write the rejects.

    Args:
        config: the cleaner's :class:`~cleaner.Config` (passes, rule folders, whole_page).
        kind: "auto" (markup is detected), "html" or "text".
        time_limit: seconds per document, 0 for none (the corpus runner's default is 60).
        max_bytes: a document over this size is dropped as ``larger_than_max_bytes``.
        audit: keep the list of removals in ``metadata["cleaner"]["removed"]``.
        exclusion_writer: a datatrove writer for the dropped documents, as ``BaseFilter`` takes.
    """

    name = "🧹 cleaner"
    type = "🛢 - EXTRAC"
    # Everything the step needs is the cleaner's own install; datatrove checks
    # these names when the step is built, as it does for its Trafilatura step.
    _requires_dependencies = ["trafilatura", "langdetect"]

    def __init__(self, config: Optional[Config] = None, kind: str = "auto", time_limit: float = 60.0,
                 max_bytes: int = 20 * 1024 * 1024, audit: bool = True, exclusion_writer=None) -> None:
        super().__init__()
        if kind not in ("auto", "html", "text"):
            raise ValueError(f"kind must be 'auto', 'html' or 'text', not {kind!r}")
        self.config = config or Config()
        self.options = RunOptions(kind=kind, time_limit=time_limit, max_bytes=max_bytes, audit=audit)
        self.exclusion_writer = exclusion_writer

    def run(self, data, rank: int = 0, world_size: int = 1):
        from ..pipeline import Cleaner  # built in the task, not pickled with the pipeline

        cleaner = Cleaner(self.config)
        if self.exclusion_writer is None:
            yield from self._clean_all(data, cleaner, None, rank)
            return
        with self.exclusion_writer as writer:
            yield from self._clean_all(data, cleaner, writer, rank)

    def _clean_all(self, data, cleaner, writer, rank: int):
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                reason = self.clean(doc, cleaner)
            if reason is None:
                self.stat_update(StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc
                continue
            code = reason_code(reason)
            self.stat_update(StatHints.dropped, f"dropped_{code}")
            if writer is not None:
                doc.metadata["filter_reason"] = code
                doc.metadata[METADATA_KEY] = {"reject_reason": reason}
                writer.write(doc, rank)

    def clean(self, doc, cleaner) -> Optional[str]:
        """Clean one datatrove Document in place; the reject reason, or None when it was kept."""
        url = doc.metadata.get("url")
        source = CleanerDocument(str(doc.id), "", 0, doc.text, kind=self.options.kind,
                                 url=url if isinstance(url, str) else None)
        if not isinstance(doc.text, (str, bytes)):
            source.reject = f"InputError: text is {type(doc.text).__name__}, not str or bytes"
        article, reason = clean_document(source, cleaner, self.options)
        if article is None:
            return reason
        metadata = dict(article.metadata)
        if self.options.audit:
            metadata["removed"] = [r.to_dict() for r in article.removed]
        lines, chars = {}, {}
        for removal in article.removed:
            lines[removal.rule] = lines.get(removal.rule, 0) + 1
            chars[removal.rule] = chars.get(removal.rule, 0) + len(removal.text)
        for rule in lines:  # one update per document: datatrove's mean is then per document
            self.stat_update(f"removed_{rule}", value=lines[rule])
            self.stat_update(f"removed_chars_{rule}", value=chars[rule])
        doc.text = article.text
        doc.metadata[METADATA_KEY] = metadata
        return None
