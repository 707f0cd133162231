"""Corpus runs: shards, engines, resume, duplicates, report; and clean_batch."""
from .batch import clean_batch
from .runner import run_corpus
from .options import RunOptions
from .sources import FieldNames, plan_shards, safe_name

__all__ = ["FieldNames", "RunOptions", "clean_batch", "plan_shards", "run_corpus", "safe_name"]
