"""The page date, now :mod:`cleaner.meta.dates`: kept for the names callers import."""
from .meta.dates import block_of, page_dates, text_after, text_of  # noqa: F401
from .meta.days import DateRules, parse_day, prepare  # noqa: F401
