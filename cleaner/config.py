"""The cleaner's configuration: frozen, validated, one switch per pass."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import FrozenSet, Iterable, Tuple, Union

from .errors import CleanerError
from .passes.registry import BY_NAME, PASS_ORDER  # the passes in the order they run, and why that order

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
    #: Is the input all the visible text of a page (html-text, get_text())?
    #: "auto" (default): `page-chrome` finds the article only in text that looks
    #: like a whole page and has a clear article; True: the caller says it is
    #: one, so the article is cut out whenever the text is long enough; False:
    #: `page-chrome` is off.
    whole_page: Union[bool, str] = "auto"
    #: Folders of site rule files (`cleaner learn-sites`, a corpus run's learned
    #: profiles): the one place a rule names a site. Empty: `site-boilerplate` does nothing.
    site_rule_dirs: Tuple[Path, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "disabled", _names(self.disabled))
        object.__setattr__(self, "rule_dirs", _paths(self.rule_dirs))
        object.__setattr__(self, "site_rule_dirs", _paths(self.site_rule_dirs, "site_rule_dirs"))
        unknown = sorted(self.disabled - set(PASS_ORDER))
        if unknown:
            raise ConfigError(f"unknown pass name(s): {', '.join(unknown)}; passes are {', '.join(PASS_ORDER)}")
        _check_needs(self.disabled)
        _check_int("language_sample_chars", self.language_sample_chars, 100)
        _check_int("max_input_bytes", self.max_input_bytes, 1)
        if not (self.whole_page is True or self.whole_page is False or self.whole_page == "auto"):
            raise ConfigError(f"whole_page must be True, False or 'auto', not {self.whole_page!r}")

    def enabled(self, name: str) -> bool:
        if name == "page-chrome" and self.whole_page is False:
            return False
        return name not in self.disabled

    def without(self, *names: str) -> "Config":
        """A copy with these passes switched off."""
        return replace(self, disabled=self.disabled | set(names))

    def only(self, names: Iterable[str]) -> "Config":
        """A copy with only these passes switched on."""
        names = set(names)
        return replace(self, disabled=frozenset(p for p in PASS_ORDER if p not in names) | (self.disabled - set(PASS_ORDER)))


def _check_needs(disabled: FrozenSet[str]) -> None:
    """A pass that reads another's result is refused without it (`spelling` needs `language`:
    with no language detected no table would apply, and the pass would do nothing unsaid)."""
    for name in PASS_ORDER:
        missing = [n for n in BY_NAME[name].needs if n in disabled] if name not in disabled else []
        if missing:
            raise ConfigError(f"{name} needs {', '.join(missing)}: disable {name} too, or keep {', '.join(missing)}")


def _check_int(name: str, value, least: int) -> None:
    """An int (not a bool, a float or NaN) of at least ``least``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{name} must be an integer, not {type(value).__name__} {value!r}")
    if value < least:
        raise ConfigError(f"{name} must be at least {least}, not {value}")


def _names(value) -> FrozenSet[str]:
    """Pass names: an iterable of str (a lone str would be read as its letters)."""
    if isinstance(value, (str, bytes)) or not _iterable(value):
        raise ConfigError(f"disabled must be a set of pass names, not {type(value).__name__} {value!r}")
    names = frozenset(value)
    bad = [n for n in names if not isinstance(n, str)]
    if bad:
        raise ConfigError(f"disabled holds pass names (str), not {bad[0]!r}")
    return names


def _paths(value, name: str = "rule_dirs") -> Tuple[Path, ...]:
    """Rule directories: an iterable of str or path-like (a lone one is refused, not split)."""
    if isinstance(value, (str, bytes, Path)) or not _iterable(value):
        raise ConfigError(f"{name} must be a list of directories, not {type(value).__name__} {value!r}")
    try:
        return tuple(Path(p) for p in value)
    except TypeError as exc:
        raise ConfigError(f"{name} holds directories (str or path), not: {exc}") from None


def _iterable(value) -> bool:
    try:
        iter(value)
    except TypeError:
        return False
    return True
