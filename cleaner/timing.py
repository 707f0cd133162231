"""Per-stage timings for benchmarks: ``Cleaner.clean(source, timings={})``."""
from __future__ import annotations

import time
from typing import Dict, Optional


class Laps:
    """Adds the seconds since the last lap to ``timings[name]``; does nothing without timings.

    >>> timings = {}
    >>> laps = Laps(timings)
    >>> laps.lap("parse"); laps.lap("parse")
    >>> sorted(timings)
    ['parse']
    >>> Laps(None).lap("parse")  # no dict: nothing kept, no clock read
    """

    def __init__(self, timings: Optional[Dict[str, float]]) -> None:
        self.timings = timings
        self.last = time.perf_counter() if timings is not None else 0.0

    def lap(self, name: str) -> None:
        if self.timings is not None:
            now = time.perf_counter()
            self.timings[name] = self.timings.get(name, 0.0) + now - self.last
            self.last = now
