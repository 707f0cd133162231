"""The cleaner's configuration: frozen, validated, one switch per pass."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import FrozenSet, Iterable, Tuple

from .errors import CleanerError

#: The passes in the order they run. `whitespace` works on the raw text; the
#: others on lines. Removal passes come before `title` so that a caption under
#: the headline cannot be mistaken for the start of the body; `promo` comes
#: before `related-links` so that a footer after a related block is gone before
#: that pass asks whether the story resumes; `end-matter` comes after both, so
#: that the tail it judges is already free of promo and related lines.
PASS_ORDER: Tuple[str, ...] = (
    "whitespace",
    "page-chrome",
    "photo-credit",
    "comment-form",
    "promo",
    "related-links",
    "end-matter",
    "title",
    "language",
    "spelling",
    "dateline",
)

DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024


class ConfigError(CleanerError, ValueError):
    """An unknown pass name or an out-of-range option."""


@dataclass(frozen=True)
class Config:
    """Which passes run and with which rules.

    >>> Config(disabled=frozenset({"spelling"})).enabled("spelling")
    False
    """

    disabled: FrozenSet[str] = frozenset()
    rule_dirs: Tuple[Path, ...] = ()
    language_sample_chars: int = 1000
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    #: The input is all the visible text of a page (html-text, get_text()):
    #: switch on `page-chrome`, which finds the article in it. Off by default:
    #: on an extractor's article text it costs recall (see passes/page.py).
    whole_page: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "disabled", frozenset(self.disabled))
        object.__setattr__(self, "rule_dirs", tuple(Path(p) for p in self.rule_dirs))
        unknown = sorted(self.disabled - set(PASS_ORDER))
        if unknown:
            raise ConfigError(f"unknown pass name(s): {', '.join(unknown)}; passes are {', '.join(PASS_ORDER)}")
        if self.language_sample_chars < 100:
            raise ConfigError("language_sample_chars must be at least 100")
        if self.max_input_bytes < 1:
            raise ConfigError("max_input_bytes must be positive")

    def enabled(self, name: str) -> bool:
        if name == "page-chrome" and not self.whole_page:
            return False
        return name not in self.disabled

    def without(self, *names: str) -> "Config":
        """A copy with these passes switched off."""
        return replace(self, disabled=self.disabled | set(names))

    def only(self, names: Iterable[str]) -> "Config":
        """A copy with only these passes switched on."""
        names = set(names)
        return replace(self, disabled=frozenset(p for p in PASS_ORDER if p not in names) | (self.disabled - set(PASS_ORDER)))
