"""The result of cleaning one article, and the audit records inside it."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Optional


@dataclass(frozen=True)
class Removal:
    """A piece of the input taken out of the body, and the rule that took it."""

    rule: str
    text: str
    reason: str
    stage: str = "text"   # "text" for the text passes, "dom" for the HTML pre-pass
    position: int = -1    # line number in the (whitespace-normalized) input
    score: float = 1.0    # how sure the rule is: line-score's probability; 1.0 for the rules

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Change:
    """A normalization applied in place: ``count`` times ``before`` became ``after``."""

    rule: str
    before: str
    after: str
    count: int

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)


@dataclass
class Article:
    """Clean body text, metadata, and what was removed or changed to get there."""

    text: str
    metadata: Dict[str, Any]
    removed: List[Removal] = field(default_factory=list)
    changes: List[Change] = field(default_factory=list)
    trace: Optional[Any] = field(default=None, repr=False, compare=False)  # spans.Trace, for spans()

    @property
    def source_text(self) -> str:
        """The text the spans index: the input as decoded (text), the extracted text (HTML)."""
        return self._trace().source

    def spans(self) -> list:
        """Where each rule acted, as character spans of :attr:`source_text`
        (``cleaner.spans.Span``: start, end, rule, score, replacement); applying them
        all (``cleaner.spans.rebuild``) gives :attr:`text`."""
        from .spans import checked_spans

        return checked_spans(self._trace(), self.text)

    def attributes(self) -> Dict[str, list]:
        """The spans as dolma attributes: ``{"cleaner__<rule>": [[start, end, score], ...]}``,
        a replacement as a fourth item; every rule that can act is listed."""
        from .config import PASS_ORDER
        from .spans import attributes

        return attributes(self.spans(), PASS_ORDER)

    def _trace(self):
        if self.trace is None:
            raise ValueError("this Article was not made by Cleaner.clean: it has no spans")
        return self.trace

    def to_dict(self) -> Dict[str, Any]:
        """One JSON-serialisable record."""
        return {
            "text": self.text,
            "metadata": self.metadata,
            "removed": [r.to_dict() for r in self.removed],
            "changes": [c.to_dict() for c in self.changes],
        }
