"""The page date, now :mod:`cleaner.meta.dates`: kept for the names callers import."""
from .meta.dates import DateRules, block_of, page_dates, parse_day, prepare, text_after, text_of  # noqa: F401
