"""Print the time curves (size -> ms) of every pattern on its worst attack, per family, and the hostile cases.

    python tests/bench_hostile.py [--cases]

A pattern is flagged SUPER-LINEAR when its time grows faster than ~2.5x the
size ratio; "capped" when the cleaner never gives it more than a fixed
number of characters (then its cost at the cap is shown).
"""
from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import hostile  # noqa: E402


def curves() -> None:
    by_family = defaultdict(list)
    for name, pattern in hostile.patterns().items():
        by_family[hostile.family(name)].append((name, pattern))
    sizes = " ".join(f"{s:>9,}" for s in hostile.SIZES)
    print(f"{'pattern (mode)':60s} {sizes}  chars -> ms")
    for fam in sorted(by_family):
        worst = (0.0, "", [])
        flagged = []
        for name, pattern in by_family[fam]:
            mode, cap = hostile.usage(name)
            times, attack = hostile.growth(pattern, mode)
            if times and times[-1] > worst[0]:
                worst = (times[-1], name, times)
            if not hostile.is_linear(times):
                note = f"capped at {cap}: {hostile.capped_cost(pattern, mode, cap) * 1000:.2f} ms" if cap else \
                    "SUPER-LINEAR"
                flagged.append((name, mode, times, f"{note} on {attack[:30]!r}"))
        row = " ".join(f"{t * 1000:9.2f}" for t in worst[2])
        print(f"{fam + f' ({len(by_family[fam])} patterns, slowest)':60s} {row}")
        for name, mode, times, note in flagged:
            row = " ".join(f"{t * 1000:9.2f}" for t in times)
            print(f"  {name[:56] + f' ({mode})':58s} {row}  {note}")
        sys.stdout.flush()


def cases() -> None:
    from cleaner import CleanerError, clean

    clean("Warm up: the council met on Monday.")
    for case in hostile.cases(big=True):
        payload = case.build()
        start = time.perf_counter()
        try:
            outcome = f"{len(clean(payload, kind=case.kind).text):,} chars"
        except CleanerError as exc:
            outcome = f"{type(exc).__name__}: {str(exc)[:60]}"
        print(f"{case.name:28s} {len(payload):>12,} in {(time.perf_counter() - start) * 1000:9.1f} ms  {outcome}")
        sys.stdout.flush()


if __name__ == "__main__":
    curves()
    if "--cases" in sys.argv:
        cases()
