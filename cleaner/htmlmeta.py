"""The page metadata reader, now :mod:`cleaner.meta` (title, authors, dates by module): kept
for the names callers import."""
from .meta import MetaRules, fold, prepare, read_metadata  # noqa: F401
from .meta.title import choose_title  # noqa: F401
