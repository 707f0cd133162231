"""Attack strings for regular expressions: inputs built to make a pattern backtrack.

For every repeat in a pattern, its body is pumped after a sample of what comes
before it, and the string ends in a character that makes the match fail
(prefix + pump * n + a failing end); a few generic pumps run too. The test
suite times every pattern of the cleaner on them (tests/hostile.py), and
:mod:`cleaner.rules` times each ``re:`` line of a user's rule file on them at
load, so that a pattern that backtracks catastrophically is refused there,
not found hanging a corpus run.
"""
from __future__ import annotations

import re
import signal
import time
from typing import List, Optional, Tuple

try:  # Python 3.11+: the parser moved under re
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]


_SAMPLE_FOR_CATEGORY = {
    sre_parse.CATEGORY_DIGIT: "1", sre_parse.CATEGORY_NOT_DIGIT: "a", sre_parse.CATEGORY_SPACE: " ",
    sre_parse.CATEGORY_NOT_SPACE: "a", sre_parse.CATEGORY_WORD: "a", sre_parse.CATEGORY_NOT_WORD: " ",
    sre_parse.CATEGORY_LINEBREAK: "\n", sre_parse.CATEGORY_NOT_LINEBREAK: "a",
}


def _sample(items, budget: int = 200) -> str:
    """A short string that the parsed (sub)pattern ``items`` matches, or tries hard to."""
    out: List[str] = []
    for op, av in items:
        if sum(map(len, out)) > budget:
            break
        if op is sre_parse.LITERAL:
            out.append(chr(av))
        elif op is sre_parse.NOT_LITERAL:
            out.append("a" if av != ord("a") else "b")
        elif op is sre_parse.ANY:
            out.append("a")
        elif op is sre_parse.IN:
            out.append(_sample_in(av))
        elif op is sre_parse.BRANCH:
            out.append(_sample(av[1][0], budget))
        elif op is sre_parse.SUBPATTERN:
            out.append(_sample(av[-1], budget))
        elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None)):
            low, _, sub = av
            out.append(_sample(sub, budget) * min(low, 50))
        elif op is getattr(sre_parse, "ATOMIC_GROUP", None):
            out.append(_sample(av, budget))
        elif op is sre_parse.GROUPREF_EXISTS:
            out.append(_sample(av[1], budget))
    return "".join(out)


def _sample_in(av) -> str:
    negate = any(op is sre_parse.NEGATE for op, _ in av)
    for op, value in av:
        if op is sre_parse.NEGATE:
            continue
        if negate:
            break
        if op is sre_parse.LITERAL:
            return chr(value)
        if op is sre_parse.RANGE:
            return chr(value[0])
        if op is sre_parse.CATEGORY:
            return _SAMPLE_FOR_CATEGORY.get(value, "a")
    if negate:
        excluded = set()
        for op, value in av:
            if op is sre_parse.LITERAL:
                excluded.add(chr(value))
        return next(c for c in "aA1 .-" if c not in excluded)
    return "a"


def _pumps(items, prefix: str, found: List[Tuple[str, str]], limit: int) -> None:
    """(prefix, pump) for every repeat in the pattern: the repeat's body and what comes before it."""
    for i, (op, av) in enumerate(items):
        if len(found) >= limit:
            return
        before = prefix + _sample(items[:i])
        if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None)):
            low, high, sub = av
            if high is sre_parse.MAXREPEAT or high > 8:
                pump = _sample(sub)
                if pump:
                    found.append((before, pump))
            _pumps(sub, before, found, limit)
        elif op is sre_parse.SUBPATTERN:
            _pumps(av[-1], before, found, limit)
        elif op is getattr(sre_parse, "ATOMIC_GROUP", None):
            _pumps(av, before, found, limit)
        elif op is sre_parse.BRANCH:
            for alt in av[1][:20]:
                _pumps(alt, before, found, limit)
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            _pumps(av[1], before, found, limit)


GENERIC_PUMPS = ("a", " ", "a ", "A. ", "1", "-", " -", "\t", "ab1-", "Aa ", ". ", "©", "/", "(", "ü")
SUFFIXES = ("\x00", "\n!")


def attack_strings(pattern: re.Pattern, size: int, limit: int = 24) -> List[str]:
    """Inputs of about ``size`` characters built to make ``pattern`` backtrack: prefix + pump * n + a failing end."""
    pumps: List[Tuple[str, str]] = []
    try:
        _pumps(sre_parse.parse(pattern.pattern, pattern.flags).data, "", pumps, limit)
    except Exception:  # a construct the sampler does not know: the generic pumps still run
        pumps = []
    seen = set()
    out = []
    candidates = [(p, u) for p, u in pumps] + [("", g) for g in GENERIC_PUMPS]
    for prefix, pump in candidates:
        for suffix in SUFFIXES:
            key = (prefix[:200], pump[:200], suffix)
            if key in seen:
                continue
            seen.add(key)
            reps = max(1, (size - len(prefix)) // max(1, len(pump)))
            out.append(prefix[:200] + pump * reps + suffix)
    return out


class _OverBudget(BaseException):
    """The time box of one attack ran out (a BaseException: no except Exception may keep it)."""


#: Line lengths a user's pattern is timed at: the text passes hand phrase patterns folded
#: lines of at most 300 characters; other sections see a token, a caption or a page's text.
SHORT, LONG = 400, 1600
BUDGET = 0.05        # seconds one attack may take at SHORT characters
CAP_BUDGET = 0.02    # seconds a whole-line pattern may take on one line as long as the cap
LINEAR_FACTOR = 2.5  # times the size ratio: more growth than this from SHORT to LONG is super-linear
FLOOR = 0.002        # seconds: a time under this at LONG characters is noise


def backtracking(pattern: re.Pattern, cap: Optional[int] = None) -> Optional[str]:
    """Why ``pattern`` is too slow to run on every line (catastrophic or super-linear
    backtracking on its attack strings), or None when it is fine.

    ``cap``: the pattern is only ever matched whole against lines of at most ``cap``
    characters, so only its cost there counts (at most CAP_BUDGET per line); without
    one it is searched for in texts of any length and must grow linearly.

    Each attack is time-boxed by a timer signal (the regex engine checks for signals),
    so a pattern that would run for hours costs BUDGET here. Off the main thread, where
    no timer can be set, the attacks are tried only at sizes even exponential
    backtracking gets through, and compared for growth.
    """
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return _growth(pattern, cap is None, 12, 18, factor=8.0, floor=0.0005)
    if cap is not None:
        for text in attack_strings(pattern, cap):
            seconds = _timed(pattern, text[:cap], False, True, CAP_BUDGET)
            if seconds is None:
                return f"backtracks catastrophically: over {CAP_BUDGET * 1000:.0f} ms on one line of {cap} characters"
        return None
    return _growth(pattern, True, SHORT, LONG, factor=LINEAR_FACTOR * LONG / SHORT, floor=FLOOR, boxed=True)


def _growth(pattern: re.Pattern, search: bool, short: int, long: int, factor: float, floor: float,
            boxed: bool = False) -> Optional[str]:
    timings = []
    for text in attack_strings(pattern, short):
        seconds = _timed(pattern, text, search, boxed)
        if seconds is None:
            return f"backtracks catastrophically: over {BUDGET * 1000:.0f} ms on {short} characters ({text[:30]!r}...)"
        timings.append((seconds, text))
    for seconds, text in sorted(timings, reverse=True)[:2]:
        longer = attack_strings_like(text, long)
        bigger = _timed(pattern, longer, search, boxed)
        if bigger is None or (bigger > floor and bigger > factor * max(seconds, 1e-6)):
            shown = "over the budget" if bigger is None else f"{bigger * 1000:.1f} ms"
            return (f"backtracks super-linearly: {seconds * 1000:.1f} ms on {short} characters, "
                    f"{shown} on {long} ({text[:30]!r}...)")
    return None


def attack_strings_like(text: str, size: int) -> str:
    """``text`` (prefix + pump * n + end) grown to about ``size`` characters by its middle."""
    end = text[-2:] if text.endswith("\n!") else text[-1:]
    body = text[: len(text) - len(end)]
    reps = max(1, size // max(1, len(body)))
    half = len(body) // 2
    return body[:half] + body[half:] * reps + end


def _timed(pattern: re.Pattern, text: str, search: bool, boxed: bool, budget: float = BUDGET) -> Optional[float]:
    """Seconds of a full match (and a search) of ``pattern`` on ``text``; None past BUDGET."""
    start = time.perf_counter()
    if not boxed:
        _run(pattern, text, search)
        return time.perf_counter() - start

    def expire(signum, frame):
        raise _OverBudget()

    previous = signal.signal(signal.SIGALRM, expire)
    left = signal.setitimer(signal.ITIMER_REAL, budget)[0]  # a timer already running (a document's) is put back
    try:
        _run(pattern, text, search)
        return time.perf_counter() - start
    except _OverBudget:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if left:
            signal.setitimer(signal.ITIMER_REAL, max(1e-3, left - (time.perf_counter() - start)))


def _run(pattern: re.Pattern, text: str, search: bool) -> None:
    pattern.fullmatch(text)
    if search:
        pattern.search(text)
