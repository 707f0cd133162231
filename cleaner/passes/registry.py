"""The passes in the order they run, built from their modules.

Each pass module says once what the registry needs of it: ``RULE`` (its stable
name: in removals, ``removed_counts`` and ``--disable``), ``NEEDS`` (the passes
whose results it reads; none when absent), ``prepare(rules, config, site_rules)``
(its rules compiled once per Cleaner) and ``run(lines, prepared, metadata)``
(a :class:`~cleaner.document.PassResult`). `whitespace` alone works on the raw
text before it is split into lines.

The order: removal passes come before `title` so that a caption under the
headline cannot be mistaken for the start of the body; `promo` comes before
`related-links` so that a footer after a related block is gone before that pass
asks whether the story resumes; `end-matter` comes after both, so that the tail
it judges is already free of promo and related lines; `line-score` comes after
all the rule passes, so that it judges only what their phrases and shapes left
(and sees where they removed something), and before `title`, so that the
headline it keeps can still become the title. `site-boilerplate` (lines the
site repeats on its pages, learned from a corpus) runs first: it still sees a
whole page's first line, the <title> that names the page's headline (which it
keeps), and `page-chrome` then finds the article in text freed of the site's
menus (sites-dev html-text: recall +0.047 against -0.025 when it ran after
line-score; tests/bench_sites.py). `spelling` reads the language `language`
detected, so it runs after it and needs it.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, NamedTuple, Tuple

from . import (captions, comments, dateline, endmatter, language, linescore, page, promos, related, site, spelling,
               title, whitespace)


class Pass(NamedTuple):
    name: str
    prepare: Callable[..., Any]   # (rules, config, site_rules) -> what run() takes
    run: Callable                 # (lines, prepared, metadata) -> PassResult; whitespace: (text) -> (text, changes)
    needs: Tuple[str, ...] = ()   # passes that must run too: their metadata is this one's input
    on_lines: bool = True         # False: works on the raw text (whitespace)


def _of(module, on_lines: bool = True) -> Pass:
    return Pass(module.RULE, module.prepare, module.run, tuple(getattr(module, "NEEDS", ())), on_lines)


PASSES: Tuple[Pass, ...] = (
    _of(whitespace, on_lines=False),
    _of(site),
    _of(page),
    _of(captions),
    _of(comments),
    _of(promos),
    _of(related),
    _of(endmatter),
    _of(linescore),
    _of(title),
    _of(language),
    _of(spelling),
    _of(dateline),
)
BY_NAME: Dict[str, Pass] = {p.name: p for p in PASSES}
PASS_ORDER: Tuple[str, ...] = tuple(BY_NAME)


def _check() -> None:
    """The registry's own invariants, checked once at import (a programming error, not a user's)."""
    if len(BY_NAME) != len(PASSES):
        raise RuntimeError("two passes share a name")
    for p in PASSES:
        for need in p.needs:
            if need not in BY_NAME or PASS_ORDER.index(need) > PASS_ORDER.index(p.name):
                raise RuntimeError(f"pass {p.name!r} needs {need!r}, which does not run before it")


_check()
