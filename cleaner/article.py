"""The result of cleaning one article, and the audit records inside it."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List


@dataclass(frozen=True)
class Removal:
    """A piece of the input taken out of the body, and the rule that took it."""

    rule: str
    text: str
    reason: str
    stage: str = "text"   # "text" for the text passes, "dom" for the HTML pre-pass
    position: int = -1    # line number in the (whitespace-normalized) input

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

    def to_dict(self) -> Dict[str, Any]:
        """One JSON-serialisable record."""
        return {
            "text": self.text,
            "metadata": self.metadata,
            "removed": [r.to_dict() for r in self.removed],
            "changes": [c.to_dict() for c in self.changes],
        }
