"""Loading the fixture cases: fixtures/articles/NAME.txt + fixtures/expected/NAME.json."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "fixtures" / "articles"
EXPECTED = ROOT / "fixtures" / "expected"


def fold(text: str) -> str:
    """Runs of whitespace folded to one space, as the seeds are compared."""
    return " ".join(text.split())


@dataclass
class Case:
    name: str
    source: str
    spec: Dict
    expected_text: Optional[str]
    keep: List[str] = field(default_factory=list)
    drop: List[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return bool(self.spec.get("unchanged"))

    @property
    def meta(self) -> Dict:
        return self.spec.get("meta", {})


def load_cases() -> List[Case]:
    cases = []
    for spec_path in sorted(EXPECTED.glob("*.json")):
        name = spec_path.stem
        source_path = ARTICLES / f"{name}.txt"
        if not source_path.exists():
            source_path = ARTICLES / f"{name}.html"
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        expected_path = EXPECTED / f"{name}.txt"
        cases.append(Case(
            name=name,
            source=source_path.read_text(encoding="utf-8"),
            spec=spec,
            expected_text=expected_path.read_text(encoding="utf-8") if expected_path.exists() else None,
            keep=spec.get("keep", []),
            drop=spec.get("drop", []),
        ))
    return cases


def body_without_title(source: str, title: Optional[str]) -> str:
    """The input minus its first line when that line is the expected title."""
    if title is None:
        return source
    first, _, rest = source.lstrip().partition("\n")
    assert fold(first) == fold(title), f"fixture title {title!r} is not the first line {first!r}"
    return rest
