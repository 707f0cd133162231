"""cleaner: turn scraped news articles into clean text with metadata.

>>> from cleaner import clean
>>> article = clean("Headline\\n\\nBody text of the story, which is long enough.")
>>> article.metadata["title"]
'Headline'
"""
__version__ = "0.1.0"

from .article import Article, Change, Removal
from .config import PASS_ORDER, Config, ConfigError
from .errors import CleanerError, InputError, RuleError
from .pipeline import Cleaner, clean

__all__ = [
    "Article", "Change", "Cleaner", "CleanerError", "Config", "ConfigError", "InputError",
    "PASS_ORDER", "Removal", "RuleError", "clean", "__version__",
]
